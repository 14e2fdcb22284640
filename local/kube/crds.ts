/**
 * The real upstream CustomResourceDefinitions of the routers canary-deploy drives, read from the projects' own Go
 * modules (fetched through the Go module proxy at the versions pinned below) and installed on the local cluster.
 * An install is idempotent and happens once per cluster: the CRD carries a hash of what was installed, so a later
 * call (any worker, any run) only checks it. Each install waits until the API server serves the CRD's versions.
 *
 *   await installCrds(cluster, ['virtualservices.networking.istio.io'])
 *   const only2 = servedOnly(await upstreamCrd('trafficsplits.split.smi-spec.io'), 'v1alpha2')   // a configured variant
 *   await installCrd(cluster, only2)
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { ApiextensionsV1Api, ApisApi, loadYaml, type V1CustomResourceDefinition } from '@kubernetes/client-node'
import { parseAllDocuments } from 'yaml'
import { kubeConfigOf, type LocalCluster } from './cluster.js'

const run = promisify(execFile)

/** The upstream versions, pinned here only (the Gateway API's is the one tools/traefik/go.mod builds Traefik against). */
export const CRD_MODULES = {
  gatewayApi: 'sigs.k8s.io/gateway-api@v1.4.0',
  istio: 'istio.io/api@v1.28.0',
  smi: 'github.com/servicemeshinterface/smi-sdk-go@v0.5.0'
} as const

const SOURCES = {
  'httproutes.gateway.networking.k8s.io': { module: CRD_MODULES.gatewayApi, file: 'config/crd/standard/gateway.networking.k8s.io_httproutes.yaml' },
  'gateways.gateway.networking.k8s.io': { module: CRD_MODULES.gatewayApi, file: 'config/crd/standard/gateway.networking.k8s.io_gateways.yaml' },
  'gatewayclasses.gateway.networking.k8s.io': { module: CRD_MODULES.gatewayApi, file: 'config/crd/standard/gateway.networking.k8s.io_gatewayclasses.yaml' },
  'virtualservices.networking.istio.io': { module: CRD_MODULES.istio, file: 'kubernetes/customresourcedefinitions.gen.yaml' },
  'trafficsplits.split.smi-spec.io': { module: CRD_MODULES.smi, file: 'crds/split.yaml' }
} as const

export type CrdName = keyof typeof SOURCES

const HASH_ANNOTATION = 'pipeline-actions.dev/crd-hash'
const SOURCE_ANNOTATION = 'pipeline-actions.dev/crd-source'

const moduleDirs = new Map<string, Promise<string>>()

/** `go mod download` of a pinned module: its directory in the module cache. */
function moduleDir(module: string): Promise<string> {
  let dir = moduleDirs.get(module)
  if (!dir) {
    dir = run('go', ['mod', 'download', '-json', module], { cwd: tmpdir(), env: { ...process.env, GOFLAGS: '', GOTOOLCHAIN: 'local' }, maxBuffer: 4 * 1024 * 1024 })
      .then(({ stdout }) => {
        const info = JSON.parse(stdout) as { Dir?: string; Error?: string }
        if (!info.Dir) throw new Error(info.Error ?? 'no Dir')
        return info.Dir
      })
      .catch((error: unknown) => {
        moduleDirs.delete(module)
        const detail = (error as { stdout?: string; stderr?: string }).stdout || (error as { stderr?: string }).stderr || String(error)
        throw new Error(`go mod download ${module} failed (the CRDs come from the Go module proxy): ${detail}`, { cause: error })
      })
    moduleDirs.set(module, dir)
  }
  return dir
}

const parsed = new Map<CrdName, Promise<V1CustomResourceDefinition>>()

/** The CRD as its project publishes it (converted to apiextensions.k8s.io/v1 when published as v1beta1). Shared: copy before changing it. */
export function upstreamCrd(name: CrdName): Promise<V1CustomResourceDefinition> {
  let crd = parsed.get(name)
  if (!crd) {
    crd = readUpstreamCrd(name)
    crd.catch(() => parsed.delete(name))
    parsed.set(name, crd)
  }
  return crd
}

async function readUpstreamCrd(name: CrdName): Promise<V1CustomResourceDefinition> {
  const source = SOURCES[name]
  const file = path.join(await moduleDir(source.module), source.file)
  const documents = parseAllDocuments(await readFile(file, 'utf8')).map((d) => d.toJS() as V1CustomResourceDefinition | null)
  const found = documents.find((d) => d?.kind === 'CustomResourceDefinition' && d.metadata?.name === name)
  if (!found) throw new Error(`${source.module}/${source.file} has no CustomResourceDefinition ${name}`)
  // Into client-node's model (its serializer writes only the model's fields, e.g. x-kubernetes-int-or-string).
  const crd = loadYaml<V1CustomResourceDefinition>(JSON.stringify(toV1(found as unknown as Record<string, unknown>)))
  crd.metadata = { ...crd.metadata, annotations: { ...crd.metadata?.annotations, [SOURCE_ANNOTATION]: `${source.module}/${source.file}` } }
  return crd
}

/**
 * apiextensions.k8s.io/v1beta1 (no longer served since Kubernetes 1.22; SMI still publishes it) to v1, as the
 * API server's own conversion moves the fields: the top-level version, validation, printer columns and
 * subresources into every entry of versions; JSONPath becomes jsonPath. v1 also requires a structural schema, whose
 * root names its type, and has no preserveUnknownFields: true (unknown fields are pruned).
 */
export function toV1(crd: Record<string, unknown>): Record<string, unknown> {
  if (crd.apiVersion === 'apiextensions.k8s.io/v1') return crd
  if (crd.apiVersion !== 'apiextensions.k8s.io/v1beta1') throw new Error(`unexpected CRD apiVersion ${String(crd.apiVersion)}`)
  const { version, versions, validation, additionalPrinterColumns, subresources, preserveUnknownFields: _, ...spec } = crd.spec as Record<string, unknown> & {
    version?: string
    versions?: Record<string, unknown>[]
    validation?: { openAPIV3Schema?: Record<string, unknown> }
    additionalPrinterColumns?: (Record<string, unknown> & { JSONPath: string })[]
    subresources?: unknown
  }
  const schema = { openAPIV3Schema: { type: 'object', ...(validation?.openAPIV3Schema ?? { 'x-kubernetes-preserve-unknown-fields': true }) } }
  const columns = additionalPrinterColumns?.map(({ JSONPath, ...column }) => ({ ...column, jsonPath: JSONPath }))
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: crd.metadata,
    spec: {
      ...spec,
      versions: (versions ?? [{ name: version, served: true, storage: true }]).map((v) => ({
        ...v,
        schema,
        ...(columns ? { additionalPrinterColumns: columns } : {}),
        ...(subresources ? { subresources } : {})
      }))
    }
  }
}

/** The same CRD serving (and storing) only `version`: how e.g. a mesh's own copy of it is configured. */
export function servedOnly(crd: V1CustomResourceDefinition, version: string): V1CustomResourceDefinition {
  const next = structuredClone(crd)
  if (!next.spec.versions.some((v) => v.name === version)) throw new Error(`${crd.metadata?.name} has no version ${version}`)
  for (const v of next.spec.versions) {
    v.served = v.name === version
    v.storage = v.name === version
  }
  return next
}

const hashOf = (crd: V1CustomResourceDefinition): string => createHash('sha256').update(JSON.stringify(crd.spec)).digest('hex').slice(0, 32)

const code = (error: unknown): number | undefined => (error as { code?: number }).code

/** Installs (or replaces) `crd` unless the cluster has exactly it; then waits until its served versions are served. */
export async function installCrd(cluster: LocalCluster, crd: V1CustomResourceDefinition): Promise<void> {
  const kc = kubeConfigOf(cluster.kubeconfigText)
  const api = kc.makeApiClient(ApiextensionsV1Api)
  const name = crd.metadata!.name!
  const hash = hashOf(crd)
  const body: V1CustomResourceDefinition = { ...crd, metadata: { ...crd.metadata, annotations: { ...crd.metadata?.annotations, [HASH_ANNOTATION]: hash } } }
  // Other workers may install the same CRD at the same moment: a 409 means read again and decide again.
  for (let attempt = 1; ; attempt++) {
    let existing: V1CustomResourceDefinition | undefined
    try {
      existing = await api.readCustomResourceDefinition({ name })
    } catch (error) {
      if (code(error) !== 404) throw error
    }
    try {
      if (!existing) await api.createCustomResourceDefinition({ body })
      else if (existing.metadata?.annotations?.[HASH_ANNOTATION] !== hash) {
        await api.replaceCustomResourceDefinition({ name, body: { ...body, metadata: { ...body.metadata, resourceVersion: existing.metadata!.resourceVersion! } } })
      }
      break
    } catch (error) {
      if (code(error) !== 409 || attempt >= 10) throw error
    }
  }
  await waitServed(cluster, crd)
}

/** Installs the upstream CRDs named (each once per cluster). */
export async function installCrds(cluster: LocalCluster, names: CrdName[]): Promise<void> {
  for (const name of names) await installCrd(cluster, await upstreamCrd(name))
}

/** Until the CRD is Established and API discovery lists its served versions for its group, and not the others. */
async function waitServed(cluster: LocalCluster, crd: V1CustomResourceDefinition, timeoutMs = 30_000): Promise<void> {
  const kc = kubeConfigOf(cluster.kubeconfigText)
  const api = kc.makeApiClient(ApiextensionsV1Api)
  const apis = kc.makeApiClient(ApisApi)
  const group = crd.spec.group
  const wanted = crd.spec.versions.filter((v) => v.served).map((v) => v.name).sort()
  const unserved = crd.spec.versions.filter((v) => !v.served).map((v) => v.name)
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const current = await api.readCustomResourceDefinition({ name: crd.metadata!.name! })
    const established = current.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')
    const served = established ? ((await apis.getAPIVersions()).groups.find((g) => g.name === group)?.versions.map((v) => v.version).sort() ?? []) : []
    if (established && wanted.every((v) => served.includes(v)) && !unserved.some((v) => served.includes(v))) return
    if (Date.now() > deadline) throw new Error(`CRD ${crd.metadata!.name} not served as ${wanted.join(', ')} within ${timeoutMs} ms (established: ${established}, discovery: ${served.join(', ') || 'none'})`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
