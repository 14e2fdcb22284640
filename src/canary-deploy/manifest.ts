/**
 * The `manifest` input read: a YAML file of Kubernetes objects (the output of `kustomize build` or `helm template`,
 * several documents, or a `kind: List`), from which the release takes the pod template of the Deployment named by
 * `deployment` and the ConfigMaps and Secrets that come with it. Pure: the text is parsed, nothing is applied.
 */
import { loadAll, YAMLException } from 'js-yaml'

export type ConfigKind = 'ConfigMap' | 'Secret'

/** A ConfigMap or Secret of the manifest, as written there. */
export interface ManifestConfig {
  kind: ConfigKind
  name: string
  object: Record<string, unknown>
}

export interface Manifest {
  /** The Deployment's spec.template, as written (the API server fills in its defaults). */
  template: Record<string, unknown>
  /** The namespaces the manifest's objects name (metadata.namespace), to compare with the one the action acts in. */
  namespaces: string[]
  configs: ManifestConfig[]
  /** The other objects of the file (`Kind name`), which canary-deploy does not apply. */
  others: string[]
}

type Obj = Record<string, unknown>

const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value)

const metaOf = (object: Obj): Obj => (isObject(object.metadata) ? object.metadata : {})

const describeObject = (object: Obj): string => `${typeof object.kind === 'string' ? object.kind : '(no kind)'} ${typeof metaOf(object).name === 'string' ? (metaOf(object).name as string) : '(no name)'}`

/** Where and why YAML does not parse, as a reader fixes it: `it does not parse as YAML at line 1, column 16 (...)`. */
export function yamlProblem(error: unknown): string {
  if (error instanceof YAMLException) {
    const where = error.mark ? ` at line ${error.mark.line + 1}, column ${error.mark.column + 1}` : ''
    return `it does not parse as YAML${where}: ${error.reason.replace(/^unexpected /, '')}`
  }
  return `it does not parse as YAML: ${error instanceof Error ? error.message : String(error)}`
}

/** The manifest's objects: every document, a `kind: List`'s items in its place; empty documents skipped. */
function objectsOf(text: string): { ok: true; objects: Obj[] } | { ok: false; problem: string } {
  let documents: unknown[]
  try {
    documents = loadAll(text)
  } catch (error) {
    return { ok: false, problem: `a YAML file of Kubernetes objects (${yamlProblem(error)})` }
  }
  const objects: Obj[] = []
  for (const [index, document] of documents.entries()) {
    if (document === null || document === undefined) continue
    if (!isObject(document)) return { ok: false, problem: `Kubernetes objects, but document ${index + 1} is no mapping` }
    if (document.kind === 'List' && Array.isArray(document.items)) objects.push(...document.items.filter(isObject))
    else objects.push(document)
  }
  return { ok: true, objects }
}

/**
 * The Deployment named `deployment` in the manifest text, with its pod template and the ConfigMaps and Secrets of
 * the file; or what is wrong, phrased as what the input accepts.
 */
export function readManifest(text: string, deployment: string): { ok: true; manifest: Manifest } | { ok: false; problem: string } {
  const parsed = objectsOf(text)
  if (!parsed.ok) return parsed
  const named = parsed.objects.filter((o) => o.kind === 'Deployment' && metaOf(o).name === deployment)
  const deployments = parsed.objects.filter((o) => o.kind === 'Deployment').map((o) => String(metaOf(o).name))
  if (named.length === 0) {
    return { ok: false, problem: `a file with the Deployment '${deployment}' (the 'deployment' input); it has ${deployments.length > 0 ? `the Deployments ${deployments.map((n) => `'${n}'`).join(', ')}` : `no Deployment (${parsed.objects.map(describeObject).join(', ') || 'no objects'})`}` }
  }
  if (named.length > 1) return { ok: false, problem: `a file with one Deployment '${deployment}'; it has ${named.length}` }
  const found = named[0]!
  if (found.apiVersion !== 'apps/v1') return { ok: false, problem: `a Deployment of apps/v1; '${deployment}' is ${String(found.apiVersion)}` }
  const spec = isObject(found.spec) ? found.spec : {}
  if (!isObject(spec.template)) return { ok: false, problem: `a Deployment with a pod template; '${deployment}' has no spec.template` }
  const configs: ManifestConfig[] = []
  const others: string[] = []
  for (const object of parsed.objects) {
    if (object === found) continue
    const name = metaOf(object).name
    if ((object.kind === 'ConfigMap' || object.kind === 'Secret') && object.apiVersion === 'v1' && typeof name === 'string') configs.push({ kind: object.kind, name, object })
    else others.push(describeObject(object))
  }
  const namespaces = [...new Set(parsed.objects.map((o) => metaOf(o).namespace).filter((n): n is string => typeof n === 'string'))]
  return { ok: true, manifest: { template: spec.template, namespaces, configs, others } }
}
