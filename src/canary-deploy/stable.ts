/** The stable Deployment a run acts on: found (or refused, saying what to do), its container, the image it runs. */
import type * as k8s from '@kubernetes/client-node'
import { UserError } from '../lib/action/errors.js'
import type { Cluster } from './cluster.js'
import type { CanaryDeployInputs } from './inputs.js'

export async function findStable(inputs: CanaryDeployInputs, cluster: Cluster): Promise<k8s.V1Deployment> {
  const stable = await cluster.findDeployment(inputs.deployment)
  if (!stable) {
    throw new UserError(
      `Input 'deployment': the Deployment '${inputs.deployment}' does not exist in namespace ${cluster.namespace}. Apply its manifest first (any image); canary-deploy then rolls out 'image' plainly when no stable version is serving.`
    )
  }
  return stable
}

export function resolveContainer(stable: k8s.V1Deployment, wanted: string | undefined): string {
  const names = (stable.spec?.template.spec?.containers ?? []).map((c) => c.name)
  if (wanted !== undefined) {
    if (!names.includes(wanted)) throw new UserError(`Input 'container': got '${wanted}'; Deployment ${stable.metadata?.name} has ${names.map((n) => `'${n}'`).join(', ')}.`)
    return wanted
  }
  if (names.length !== 1) throw new UserError(`Input 'container': required because Deployment ${stable.metadata?.name} has ${names.length} containers (${names.map((n) => `'${n}'`).join(', ')}).`)
  return names[0]!
}

/** The image of a container resolveContainer returned. */
export const imageOf = (stable: k8s.V1Deployment, container: string): string => stable.spec!.template.spec!.containers.find((c) => c.name === container)!.image ?? ''
