/**
 * Where the demo pushes images so that a real cluster can pull them. Local clusters (kind, minikube, k3d, MicroK8s)
 * announce their registry in the ConfigMap `kube-public/local-registry-hosting` (KEP-1755); `--registry` overrides it.
 */
import { parse } from 'yaml'

export const HOSTING_CONFIGMAP = { namespace: 'kube-public', name: 'local-registry-hosting', key: 'localRegistryHosting.v1' }

export interface DemoRegistry {
  /** host[:port] this machine pushes to. */
  push: string
  /** host[:port] the cluster's container runtime pulls from (image references in the Deployments). */
  pull: string
  /** Where the choice came from, for the log. */
  source: string
}

const HOST = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/i

/** `--registry=push[,pull]`, e.g. `localhost:5001` or `localhost:5001,kind-registry:5000`. */
export function registryFromOption(value: string): DemoRegistry {
  const [push = '', pull = push, ...rest] = value.split(',').map((part) => part.trim())
  if (rest.length > 0 || !HOST.test(push) || !HOST.test(pull)) {
    throw new Error(`--registry=${value} is not host[:port] or push-host[:port],pull-host[:port] (e.g. localhost:5001)`)
  }
  return { push, pull, source: '--registry' }
}

/** The registry a KEP-1755 ConfigMap announces, or undefined when it names none. */
export function registryFromHosting(data: Record<string, string> | undefined): DemoRegistry | undefined {
  const text = data?.[HOSTING_CONFIGMAP.key]
  if (!text) return undefined
  const hosting = parse(text) as { host?: unknown; hostFromContainerRuntime?: unknown } | null
  const push = typeof hosting?.host === 'string' ? hosting.host.trim() : ''
  if (!HOST.test(push)) return undefined
  const runtime = typeof hosting?.hostFromContainerRuntime === 'string' ? hosting.hostFromContainerRuntime.trim() : ''
  return { push, pull: HOST.test(runtime) ? runtime : push, source: `ConfigMap ${HOSTING_CONFIGMAP.namespace}/${HOSTING_CONFIGMAP.name}` }
}

/** Moves `push-host/repo@digest` to the host the cluster pulls from. */
export function pullReference(reference: string, registry: DemoRegistry): string {
  return reference.startsWith(`${registry.push}/`) ? `${registry.pull}/${reference.slice(registry.push.length + 1)}` : reference
}
