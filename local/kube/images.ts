/**
 * The images the Kubernetes tests deploy: test/fixtures/kube-service built static with Go, FROM scratch with only
 * that binary, and one image config per variant (version, fault) pushed as a tag of `<registry>/kube-service`.
 * A second call is cheap: the binary is cached by source hash, and a tag the registry already holds with this very
 * config (a label carrying its hash) is not built or pushed again.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export const KUBE_SERVICE_SOURCE = path.resolve(import.meta.dirname, '../../test/fixtures/kube-service')

/** Tag -> the environment baked into that tag's image config. */
export const KUBE_SERVICE_VARIANTS = {
  '1': { VERSION: '1' },
  '2': { VERSION: '2' },
  '3': { VERSION: '3' },
  bad: { VERSION: 'bad', FAULT: 'errors' },
  crash: { FAULT: 'crash' },
  unready: { FAULT: 'unready' }
} as const satisfies Record<string, Record<string, string>>

export type KubeServiceTag = keyof typeof KUBE_SERVICE_VARIANTS

export const KUBE_SERVICE_TAGS = Object.keys(KUBE_SERVICE_VARIANTS) as KubeServiceTag[]

export interface KubeImages {
  /** `<registry>/kube-service` */
  repository: string
  /** Tag -> `<registry>/kube-service:<tag>`. */
  refs: Record<KubeServiceTag, string>
  /** Tag -> manifest digest (`sha256:...`) as the registry holds it. */
  digests: Record<KubeServiceTag, string>
  /** Tags this call built and pushed (empty when the registry was already up to date). */
  pushed: KubeServiceTag[]
  /** `<registry>/kube-service:<tag>` */
  ref: (tag: KubeServiceTag) => string
  /** `<registry>/kube-service@sha256:...` */
  pinned: (tag: KubeServiceTag) => string
}

const BUILD_FLAGS = ['-trimpath', '-ldflags=-s -w']
const CONFIG_LABEL = 'dev.pipeline-actions.kube-service.config'
// Bump when the image recipe below changes, so images pushed by an older recipe are replaced.
const RECIPE = 'scratch /kube-service user 65534 port 8080/tcp v1'

function sourceHash(): string {
  const hash = createHash('sha256').update([...BUILD_FLAGS, process.arch].join(' '))
  for (const file of ['go.mod', 'main.go']) hash.update(`\0${file}\0`).update(readFileSync(path.join(KUBE_SERVICE_SOURCE, file)))
  return hash.digest('hex').slice(0, 16)
}

function configHash(source: string, tag: KubeServiceTag): string {
  return createHash('sha256').update(JSON.stringify([source, RECIPE, tag, KUBE_SERVICE_VARIANTS[tag]])).digest('hex')
}

/** `$PIPELINE_ACTIONS_CACHE`, else /var/cache/pipeline-actions when writable (root), else one under the temp dir. */
function cacheRoot(): string {
  if (process.env.PIPELINE_ACTIONS_CACHE) return process.env.PIPELINE_ACTIONS_CACHE
  const machine = '/var/cache/pipeline-actions'
  try {
    mkdirSync(machine, { recursive: true })
    accessSync(machine, constants.W_OK)
    return machine
  } catch {
    return path.join(tmpdir(), 'pipeline-actions-cache')
  }
}

/** Builds the static binary once per source hash; returns its path in the cache. */
export async function buildKubeServiceBinary(): Promise<string> {
  const dir = path.join(cacheRoot(), 'kube-service', sourceHash())
  const binary = path.join(dir, 'kube-service')
  if (existsSync(binary)) return binary
  mkdirSync(dir, { recursive: true })
  const partial = `${binary}.partial-${process.pid}`
  try {
    await run('go', ['build', ...BUILD_FLAGS, '-o', partial, '.'], {
      cwd: KUBE_SERVICE_SOURCE,
      env: { ...process.env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false' }
    })
  } catch (error) {
    rmSync(partial, { force: true })
    throw new Error(`go build of ${KUBE_SERVICE_SOURCE} failed: ${String((error as { stderr?: unknown }).stderr ?? error)}`, { cause: error })
  }
  // Atomic, so a concurrent caller sees either no binary or a whole one.
  renameSync(partial, binary)
  return binary
}

const MANIFEST_TYPES = ['application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json'].join(', ')

/** The digest of `tag` when the registry holds it with the expected config label; otherwise undefined. */
async function remoteDigest(registry: string, tag: string, expected: string): Promise<string | undefined> {
  const base = `http://${registry}/v2/kube-service`
  const manifest = await fetch(`${base}/manifests/${tag}`, { headers: { accept: MANIFEST_TYPES } }).catch((error: unknown) => {
    throw new Error(`registry ${registry} is not reachable over http: ${String((error as Error).cause ?? error)}`, { cause: error })
  })
  if (manifest.status === 404) return undefined
  if (manifest.status !== 200) throw new Error(`GET ${base}/manifests/${tag}: ${manifest.status} ${await manifest.text()}`)
  const bytes = Buffer.from(await manifest.arrayBuffer())
  const configDigest = (JSON.parse(bytes.toString()) as { config?: { digest?: string } }).config?.digest
  if (!configDigest) return undefined
  const config = await fetch(`${base}/blobs/${configDigest}`)
  if (config.status !== 200) return undefined
  const labels = ((await config.json()) as { config?: { Labels?: Record<string, string> } }).config?.Labels
  return labels?.[CONFIG_LABEL] === expected ? `sha256:${createHash('sha256').update(bytes).digest('hex')}` : undefined
}

/** Runs buildah in private vfs storage under `root` (no daemon, nothing left in the machine's storage). */
function buildahIn(root: string): (args: string[]) => Promise<string> {
  const global = ['--root', path.join(root, 'storage'), '--runroot', path.join(root, 'run'), '--storage-driver', 'vfs']
  return async (args) => {
    try {
      const { stdout } = await run('buildah', [...global, ...args], { env: { ...process.env, BUILDAH_ISOLATION: 'chroot' } })
      return stdout.trim()
    } catch (error) {
      throw new Error(`buildah ${args.join(' ')} failed: ${String((error as { stderr?: unknown }).stderr ?? error)}`, { cause: error })
    }
  }
}

async function buildAndPush(registry: string, binary: string, source: string, tags: KubeServiceTag[]): Promise<Map<KubeServiceTag, string>> {
  const root = mkdtempSync(path.join(tmpdir(), 'kube-images-'))
  const buildah = buildahIn(root)
  const digests = new Map<KubeServiceTag, string>()
  try {
    const container = await buildah(['from', '--pull-never', 'scratch'])
    await buildah(['copy', '--chmod', '0755', container, binary, '/kube-service'])
    await buildah(['config', '--entrypoint', '["/kube-service"]', '--port', '8080/tcp', '--user', '65534:65534', '--os', 'linux', container])
    // One working container committed once per variant: a container made FROM a committed base would add an
    // empty second layer and take three times as long to commit.
    for (const tag of tags) {
      const env = Object.entries(KUBE_SERVICE_VARIANTS[tag]).flatMap(([name, value]) => ['--env', `${name}=${value}`])
      const labels = ['--label', `org.opencontainers.image.revision=${source}`, '--label', `${CONFIG_LABEL}=${configHash(source, tag)}`]
      await buildah(['config', '--env', '-', ...env, ...labels, container])
      await buildah(['commit', '-q', '--identity-label=false', '--timestamp', '0', container, `localhost/kube-service:${tag}`])
    }
    for (const tag of tags) {
      const digestFile = path.join(root, `digest-${tag}`)
      await buildah(['push', '-q', '--tls-verify=false', '--digestfile', digestFile, `localhost/kube-service:${tag}`, `docker://${registry}/kube-service:${tag}`])
      digests.set(tag, readFileSync(digestFile, 'utf8').trim())
    }
    return digests
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

/**
 * Makes sure `<registry>/kube-service` holds every variant tag (registry = host:port served over plain http);
 * builds and pushes only the tags it lacks or holds with another config.
 */
export async function pushKubeServiceImages(registry: string): Promise<KubeImages> {
  const source = sourceHash()
  const repository = `${registry}/kube-service`
  const remote = await Promise.all(KUBE_SERVICE_TAGS.map((tag) => remoteDigest(registry, tag, configHash(source, tag))))
  const digests = new Map(KUBE_SERVICE_TAGS.flatMap((tag, index) => (remote[index] ? [[tag, remote[index]] as const] : [])))
  const missing = KUBE_SERVICE_TAGS.filter((tag) => !digests.has(tag))
  if (missing.length > 0) {
    for (const [tag, digest] of await buildAndPush(registry, await buildKubeServiceBinary(), source, missing)) digests.set(tag, digest)
  }
  const byTag = <T>(value: (tag: KubeServiceTag) => T): Record<KubeServiceTag, T> =>
    Object.fromEntries(KUBE_SERVICE_TAGS.map((tag) => [tag, value(tag)])) as Record<KubeServiceTag, T>
  return {
    repository,
    refs: byTag((tag) => `${repository}:${tag}`),
    digests: byTag((tag) => digests.get(tag)!),
    pushed: missing,
    ref: (tag) => `${repository}:${tag}`,
    pinned: (tag) => `${repository}@${digests.get(tag)!}`
  }
}
