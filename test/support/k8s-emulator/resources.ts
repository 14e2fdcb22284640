/** The resource types the emulator serves, as an API server's discovery would list them. */

export interface ResourceType {
  group: string
  /** Served versions; the first is the preferred one. Custom resources use conversion strategy None: stored once,
   * returned with the apiVersion the client asked for. */
  versions: string[]
  resource: string
  kind: string
  namespaced: boolean
  subresources: ReadonlyArray<'status' | 'scale' | 'log'>
  /** metadata.generation is tracked and bumped on every change outside metadata and status. */
  generation: boolean
  /** Built-in types accept strategic merge patch; custom resources answer 415 to it (as a real API server does). */
  builtin: boolean
  /** Fields of the metadata-less top level that count as "spec" for generation purposes (default: all but status). */
  shortNames?: string[]
}

const core = (resource: string, kind: string, namespaced: boolean, subresources: ResourceType['subresources'] = []): ResourceType => ({
  group: '',
  versions: ['v1'],
  resource,
  kind,
  namespaced,
  subresources,
  generation: false,
  builtin: true
})

export const RESOURCE_TYPES: readonly ResourceType[] = [
  core('namespaces', 'Namespace', false, ['status']),
  core('pods', 'Pod', true, ['status', 'log']),
  core('services', 'Service', true, ['status']),
  core('events', 'Event', true),
  core('configmaps', 'ConfigMap', true),
  core('secrets', 'Secret', true),
  { group: 'apps', versions: ['v1'], resource: 'deployments', kind: 'Deployment', namespaced: true, subresources: ['status', 'scale'], generation: true, builtin: true },
  { group: 'apps', versions: ['v1'], resource: 'replicasets', kind: 'ReplicaSet', namespaced: true, subresources: ['status', 'scale'], generation: true, builtin: true },
  { group: 'apps', versions: ['v1'], resource: 'statefulsets', kind: 'StatefulSet', namespaced: true, subresources: ['status', 'scale'], generation: true, builtin: true },
  { group: 'apps', versions: ['v1'], resource: 'daemonsets', kind: 'DaemonSet', namespaced: true, subresources: ['status'], generation: true, builtin: true },
  // The registry strategy of ControllerRevisions tracks no generation.
  { group: 'apps', versions: ['v1'], resource: 'controllerrevisions', kind: 'ControllerRevision', namespaced: true, subresources: [], generation: false, builtin: true },
  // Stored and served; no autoscaling controller runs, so a test sets status (currentReplicas) itself.
  { group: 'autoscaling', versions: ['v2'], resource: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', namespaced: true, subresources: ['status'], generation: true, builtin: true },
  { group: 'networking.k8s.io', versions: ['v1'], resource: 'ingresses', kind: 'Ingress', namespaced: true, subresources: ['status'], generation: true, builtin: true },
  { group: 'networking.istio.io', versions: ['v1', 'v1beta1', 'v1alpha3'], resource: 'virtualservices', kind: 'VirtualService', namespaced: true, subresources: ['status'], generation: true, builtin: false },
  { group: 'gateway.networking.k8s.io', versions: ['v1', 'v1beta1'], resource: 'httproutes', kind: 'HTTPRoute', namespaced: true, subresources: ['status'], generation: true, builtin: false },
  { group: 'split.smi-spec.io', versions: ['v1alpha4', 'v1alpha3', 'v1alpha2', 'v1alpha1'], resource: 'trafficsplits', kind: 'TrafficSplit', namespaced: true, subresources: [], generation: true, builtin: false }
]

export function findResource(group: string, version: string, resource: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((r) => r.group === group && r.resource === resource && r.versions.includes(version))
}

export function resourceByKind(kind: string): ResourceType {
  const found = RESOURCE_TYPES.find((r) => r.kind === kind)
  if (!found) throw new Error(`the emulator does not serve kind ${kind}`)
  return found
}

export function apiVersionOf(type: ResourceType, version = type.versions[0]!): string {
  return type.group === '' ? version : `${type.group}/${version}`
}

/** `deployments.apps`, `pods`: how a real API server names a resource in error messages. */
export function qualifiedName(type: ResourceType): string {
  return type.group === '' ? type.resource : `${type.resource}.${type.group}`
}

/** The store key of a resource type (all versions share one storage). */
export function storageKey(type: ResourceType): string {
  return `${type.group}/${type.resource}`
}
