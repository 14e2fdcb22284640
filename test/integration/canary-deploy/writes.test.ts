/**
 * canary-deploy's writes on the real local cluster are patches of what it changes, named after the action: what
 * other managers set (kubectl's label and annotation on the canary Deployment, a change made between the action's
 * read and its write) stays, and `kubectl get --show-managed-fields` names pipeline-actions/canary-deploy for the
 * fields it wrote.
 */
import { execFile, execFileSync } from 'node:child_process'
import { promisify } from 'node:util'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import type { V1ManagedFieldsEntry } from '@kubernetes/client-node'
import { stateLeaseName } from '../../../src/canary-deploy/state-lease.js'
import { kubeTest, type KubeTest } from '../../../local/kube/client.js'
import { clientFor, deployStable, image, installRouterCrds, runWith } from '../../../local/scenarios/canary-deploy.js'

const run = promisify(execFile)
const MANAGER = 'pipeline-actions/canary-deploy'

let kube: KubeTest
let v2: string

beforeAll(async () => {
  await installRouterCrds()
  v2 = await image('2')
}, 180_000)
beforeEach(async () => {
  kube = await kubeTest('canary-writes')
})
afterEach(async () => {
  await kube?.close()
})

const kubectlArgs = (k: KubeTest, args: string[]) => ['--kubeconfig', k.cluster.kubeconfig, '-n', k.namespace, ...args]
/** The pinned kubectl, as another user of the cluster runs it (its own field managers: kubectl-annotate, kubectl-label, ...). */
const kubectl = async (k: KubeTest, ...args: string[]): Promise<string> => (await run(k.cluster.kubectl, kubectlArgs(k, args))).stdout

/** The fields each manager owns, as `kubectl get -o yaml --show-managed-fields` shows them. */
async function managedFields(k: KubeTest, resource: string): Promise<V1ManagedFieldsEntry[]> {
  return (JSON.parse(await kubectl(k, 'get', resource, '-o', 'json', '--show-managed-fields')) as { metadata: { managedFields?: V1ManagedFieldsEntry[] } }).metadata.managedFields ?? []
}
const fieldsOf = (entries: V1ManagedFieldsEntry[], manager: string): string => JSON.stringify(entries.filter((e) => e.manager === manager).map((e) => e.fieldsV1))

describe('canary-deploy writes', () => {
  it("keeps another manager's label and annotation on the canary Deployment through the next step, and names itself on every object it writes", async () => {
    await deployStable(kube)
    let annotated: Promise<unknown> | undefined
    await kube.watchDeployments((type, d) => {
      if (annotated || type !== 'ADDED' || d.metadata?.name !== 'web-canary') return
      annotated = kubectl(kube, 'annotate', 'deployment/web-canary', 'example.com/owner=payments').then(() => kubectl(kube, 'label', 'deployment/web-canary', 'team=payments'))
    })
    // 25% of 4 pods is 1 canary pod, 50% is 2: the second step rewrites the canary Deployment kubectl changed.
    const { report } = await runWith(kube, { image: v2, action: 'start', steps: '25:3s,50,100', 'hold-at': '50' })
    await annotated
    expect(report).toMatchObject({ result: 'holding', weight: 50 })
    const canary = await kube.deployment('web-canary')
    expect(canary?.spec?.replicas).toBe(2)
    expect(canary?.metadata?.annotations?.['example.com/owner']).toBe('payments')
    expect(canary?.metadata?.labels?.team).toBe('payments')

    const canaryFields = await managedFields(kube, 'deployment/web-canary')
    expect(fieldsOf(canaryFields, MANAGER)).toContain('f:replicas')
    expect(fieldsOf(canaryFields, 'kubectl-annotate')).toContain('f:example.com/owner')
    expect(fieldsOf(canaryFields, 'kubectl-label')).toContain('f:team')
    expect(fieldsOf(await managedFields(kube, 'deployment/web'), MANAGER)).toContain('f:replicas')
    expect(fieldsOf(await managedFields(kube, `lease/${stateLeaseName('web')}`), MANAGER)).toContain('f:holderIdentity')
  }, 120_000)

  it("keeps a change another manager makes to the stable Deployment between the promotion's read and its write", async () => {
    await deployStable(kube)
    const client = clientFor(kube.kubeconfig)
    const modify = client.modifyDeployment.bind(client)
    let meddled = false
    // Between the read and the write of the promotion (the stable Deployment's image): kubectl sets an environment
    // variable of the container and a label.
    client.modifyDeployment = (namespace, name, change) =>
      modify(namespace, name, (current) => {
        const next = change(current)
        if (next && name === 'web' && !meddled && next.spec?.template.spec?.containers[0]?.image === v2) {
          meddled = true
          execFileSync(kube.cluster.kubectl, kubectlArgs(kube, ['set', 'env', 'deployment/web', '-c', 'app', 'GREETING=hello']))
          execFileSync(kube.cluster.kubectl, kubectlArgs(kube, ['label', 'deployment/web', 'team=payments']))
        }
        return next
      })
    const { report } = await runWith(kube, { image: v2, steps: '50:1s,100' }, { client })
    expect(meddled).toBe(true)
    expect(report.result).toBe('promoted')
    const stable = await kube.deployment('web')
    expect(stable?.spec?.template.spec?.containers[0]?.image).toBe(v2)
    expect(stable?.spec?.template.spec?.containers[0]?.env).toContainEqual({ name: 'GREETING', value: 'hello' })
    expect(stable?.metadata?.labels?.team).toBe('payments')
    expect(fieldsOf(await managedFields(kube, 'deployment/web'), MANAGER)).toContain('f:image')
  }, 120_000)
})
