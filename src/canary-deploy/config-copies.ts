/**
 * The ConfigMaps and Secrets a release brings, versioned for the canary: each one the pod template refers to gets a
 * copy named `<name>-<hash of its content>` as kustomize's configMapGenerator and secretGenerator name theirs (the
 * same 10 characters for the same content), and the template is rewritten to refer to the copies. Stable pods keep
 * the objects they refer to; the canary never changes them. Pure.
 */
import { createHash } from 'node:crypto'
import type * as k8s from '@kubernetes/client-node'
import type { ConfigKind, ManifestConfig } from './manifest.js'

/** A ConfigMap or Secret of the release and the name the canary's template refers to it by. */
export interface ConfigCopy {
  kind: ConfigKind
  /** The name in the manifest (what the stable template may still refer to). */
  name: string
  /** The versioned name: `name-<hash>`, or the name itself when it already ends with its content's hash (kustomize's own). */
  copy: string
}

/** A copy as the canary state records it: `createdBy` is the run that creates it (absent when it existed already). */
export interface RecordedConfig extends ConfigCopy {
  createdBy?: string
}

/** A copy and the object to create under its name. */
export interface PlannedCopy extends ConfigCopy {
  body: Record<string, unknown>
}

type Obj = Record<string, unknown>

const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value)

/** Go's encoding/json: object keys sorted, and <, >, &, U+2028 and U+2029 escaped. */
function goJson(value: unknown): string {
  const sorted = (v: unknown): unknown => (Array.isArray(v) ? v.map(sorted) : isObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v)
  return JSON.stringify(sorted(value)).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** A field as kustomize's hasher reads it: the value, or '' when absent. */
const field = (object: Obj, key: string): unknown => object[key] ?? ''

/**
 * The 10-character suffix kustomize gives a generated ConfigMap or Secret of this content (api/hasher: the SHA-256
 * of the JSON of kind, data, binaryData or type and stringData, with the name empty as it is when generated; the
 * first 10 hex digits with 0, 1, 3, a, e replaced so the suffix cannot read as a number or a word).
 */
export function kustomizeHash(kind: ConfigKind, object: Obj): string {
  const encoded: Obj = kind === 'ConfigMap' ? { kind, name: '', data: field(object, 'data') } : { kind, type: field(object, 'type'), name: '', data: field(object, 'data') }
  if (kind === 'ConfigMap' && isObject(object.binaryData)) encoded.binaryData = object.binaryData
  if (kind === 'Secret' && isObject(object.stringData)) encoded.stringData = object.stringData
  const hex = createHash('sha256').update(goJson(encoded)).digest('hex').slice(0, 10)
  return hex.replace(/[013ae]/g, (c) => ({ '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' })[c]!)
}

/** Each reference to a ConfigMap or Secret in a pod spec, as a holder whose name can be read and rewritten. */
function references(spec: k8s.V1PodSpec): { kind: ConfigKind; holder: { name?: string } | { secretName?: string } }[] {
  const found: { kind: ConfigKind; holder: { name?: string } | { secretName?: string } }[] = []
  for (const volume of spec.volumes ?? []) {
    if (volume.configMap) found.push({ kind: 'ConfigMap', holder: volume.configMap })
    if (volume.secret) found.push({ kind: 'Secret', holder: volume.secret })
    for (const source of volume.projected?.sources ?? []) {
      if (source.configMap) found.push({ kind: 'ConfigMap', holder: source.configMap })
      if (source.secret) found.push({ kind: 'Secret', holder: source.secret })
    }
  }
  for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
    for (const env of container.env ?? []) {
      if (env.valueFrom?.configMapKeyRef) found.push({ kind: 'ConfigMap', holder: env.valueFrom.configMapKeyRef })
      if (env.valueFrom?.secretKeyRef) found.push({ kind: 'Secret', holder: env.valueFrom.secretKeyRef })
    }
    for (const from of container.envFrom ?? []) {
      if (from.configMapRef) found.push({ kind: 'ConfigMap', holder: from.configMapRef })
      if (from.secretRef) found.push({ kind: 'Secret', holder: from.secretRef })
    }
  }
  for (const pullSecret of spec.imagePullSecrets ?? []) found.push({ kind: 'Secret', holder: pullSecret })
  return found
}

const nameOf = (holder: { name?: string } | { secretName?: string }): string | undefined => ('secretName' in holder ? holder.secretName : (holder as { name?: string }).name)

/** The ConfigMaps and Secrets a pod spec refers to, `Kind/name`, each once. */
export function referencedConfigs(spec: k8s.V1PodSpec): string[] {
  return [...new Set(references(spec).map((r) => `${r.kind}/${nameOf(r.holder)}`))]
}

/**
 * The template with every reference to a ConfigMap or Secret of the manifest rewritten to its versioned copy (a
 * copy), and the copies to create. ConfigMaps and Secrets of the manifest the template does not refer to are left
 * out; references to objects the manifest does not bring are left as they are.
 */
export function versionConfigs(template: k8s.V1PodTemplateSpec, configs: ManifestConfig[]): { template: k8s.V1PodTemplateSpec; copies: PlannedCopy[] } {
  const copy = structuredClone(template)
  if (!copy.spec) return { template: copy, copies: [] }
  const planned = new Map<string, PlannedCopy>()
  for (const { kind, holder } of references(copy.spec)) {
    const name = nameOf(holder)
    const config = configs.find((c) => c.kind === kind && c.name === name)
    if (!config) continue
    const key = `${kind}/${config.name}`
    let entry = planned.get(key)
    if (!entry) {
      entry = plannedCopy(config)
      planned.set(key, entry)
    }
    if ('secretName' in holder) holder.secretName = entry.copy
    else (holder as { name?: string }).name = entry.copy
  }
  return { template: copy, copies: [...planned.values()] }
}

function plannedCopy(config: ManifestConfig): PlannedCopy {
  const hash = kustomizeHash(config.kind, config.object)
  const copy = config.name.endsWith(`-${hash}`) ? config.name : `${config.name}-${hash}`
  const meta = isObject(config.object.metadata) ? config.object.metadata : {}
  const body: Obj = { ...config.object, apiVersion: 'v1', kind: config.kind, metadata: { name: copy, ...(isObject(meta.labels) ? { labels: meta.labels } : {}), ...(isObject(meta.annotations) ? { annotations: meta.annotations } : {}) } }
  return { kind: config.kind, name: config.name, copy, body }
}

/** Whether an object found under a copy's name has the content the copy would have (data, binaryData, type). */
export function sameContent(kind: ConfigKind, found: Obj, wanted: Obj): boolean {
  return goJson(contentOf(kind, found)) === goJson(contentOf(kind, wanted))
}

/** The content as the API server keeps it: a Secret's stringData merged into data (base64), its type defaulted. */
function contentOf(kind: ConfigKind, object: Obj): Obj {
  const data: Obj = isObject(object.data) ? { ...object.data } : {}
  if (kind === 'ConfigMap') return { data, binaryData: isObject(object.binaryData) ? object.binaryData : {} }
  if (isObject(object.stringData)) for (const [key, value] of Object.entries(object.stringData)) data[key] = Buffer.from(String(value)).toString('base64')
  return { data, type: typeof object.type === 'string' ? object.type : 'Opaque' }
}
