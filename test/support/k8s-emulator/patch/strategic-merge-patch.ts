/**
 * Strategic merge patch (`application/strategic-merge-patch+json`) for the built-in fields the actions touch.
 * A real API server takes the merge keys from the Go types' `patchMergeKey` tags
 * (https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/#notes-on-the-strategic-merge-patch);
 * this table holds the ones for pods, pod templates, services and conditions. Lists not in it are replaced, as for
 * tags without a merge strategy (e.g. tolerations, args). Directives: `$patch: replace|delete` in maps and list
 * items, `$deleteFromPrimitiveList/<field>`; `$setElementOrder/<field>` and `$retainKeys` are accepted and dropped.
 */
import type { Loose } from '../types.js'

const MERGE_KEYS: Record<string, string | ((items: Loose[]) => string)> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  imagePullSecrets: 'name',
  env: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  conditions: 'type',
  ownerReferences: 'uid',
  // Container ports merge on containerPort, Service ports on port.
  ports: (items) => (items.some((item) => item && typeof item === 'object' && 'containerPort' in item) ? 'containerPort' : 'port')
}

/** Lists of scalars that merge as sets (patchStrategy:"merge" without a key). */
const PRIMITIVE_MERGE = new Set(['finalizers'])

const isObject = (value: unknown): value is Record<string, Loose> => typeof value === 'object' && value !== null && !Array.isArray(value)

function mergeList(field: string, current: Loose[], patch: Loose[]): Loose[] {
  if (patch.some((item) => isObject(item) && item.$patch === 'replace')) {
    return patch.filter((item) => !(isObject(item) && item.$patch === 'replace')).map(stripDirectives)
  }
  const keySpec = MERGE_KEYS[field]
  if (keySpec === undefined) {
    if (PRIMITIVE_MERGE.has(field)) return [...current, ...patch.filter((item) => !current.includes(item))]
    return patch.map(stripDirectives)
  }
  const key = typeof keySpec === 'string' ? keySpec : keySpec([...current, ...patch])
  const result = current.map((item) => structuredClone(item))
  for (const item of patch) {
    if (!isObject(item)) continue
    const index = result.findIndex((existing) => isObject(existing) && existing[key] === item[key])
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1)
    } else if (index >= 0) result[index] = mergeObject(result[index], item)
    else result.push(stripDirectives(item))
  }
  return result
}

function stripDirectives(value: Loose): Loose {
  if (Array.isArray(value)) return value.map(stripDirectives)
  if (!isObject(value)) return value
  const result: Record<string, Loose> = {}
  for (const [key, inner] of Object.entries(value)) {
    if (key.startsWith('$')) continue
    if (inner !== null) result[key] = stripDirectives(inner)
  }
  return result
}

function mergeObject(current: Loose, patch: Record<string, Loose>): Loose {
  if (patch.$patch === 'replace') return stripDirectives(patch)
  if (patch.$patch === 'delete') return undefined
  const result: Record<string, Loose> = isObject(current) ? { ...current } : {}
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length)
      if (Array.isArray(result[field])) result[field] = result[field].filter((item: Loose) => !(value as Loose[]).includes(item))
      continue
    }
    if (key.startsWith('$')) continue
    if (value === null) delete result[key]
    else if (Array.isArray(value)) result[key] = mergeList(key, Array.isArray(result[key]) ? result[key] : [], value)
    else if (isObject(value)) {
      const merged = mergeObject(result[key], value)
      if (merged === undefined) delete result[key]
      else result[key] = merged
    } else result[key] = value
  }
  return result
}

export function applyStrategicMergePatch(target: Loose, patch: Loose): Loose {
  if (!isObject(patch)) return structuredClone(patch)
  return mergeObject(structuredClone(target), patch)
}
