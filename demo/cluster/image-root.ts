/**
 * What the demo's kubelet runs for a pod: the image itself. The image's own layers (those above the Node base,
 * which is this machine's Node by construction) are unpacked from the loopback registry into a directory, and its
 * config gives the command, working directory and environment. So a faulty release is faulty because its image is.
 */
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import type { ReadableStream } from 'node:stream/web'

export interface ImageConfig {
  Env?: string[]
  Cmd?: string[]
  Entrypoint?: string[]
  WorkingDir?: string
}

export interface UnpackedImage {
  root: string
  env: Record<string, string>
  /** argv with paths inside the image mapped into `root`; argv[0] `node` is this machine's Node. */
  argv: string[]
  cwd: string
}

interface Manifest {
  mediaType?: string
  manifests?: { digest: string; platform?: { os?: string; architecture?: string } }[]
  config: { digest: string }
  layers: { digest: string; mediaType: string }[]
}

const ACCEPT = ['application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json', 'application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json'].join(', ')

function split(reference: string): { host: string; repository: string; ref: string } {
  const slash = reference.indexOf('/')
  const host = reference.slice(0, slash)
  const rest = reference.slice(slash + 1)
  const at = rest.indexOf('@')
  if (at >= 0) return { host, repository: rest.slice(0, at), ref: rest.slice(at + 1) }
  const colon = rest.lastIndexOf(':')
  return { host, repository: rest.slice(0, colon), ref: rest.slice(colon + 1) }
}

async function getJson<T>(url: string, accept?: string): Promise<T> {
  const response = await fetch(url, { headers: accept ? { accept } : {} })
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`)
  return (await response.json()) as T
}

async function manifestOf(reference: string): Promise<{ manifest: Manifest; host: string; repository: string }> {
  const { host, repository, ref } = split(reference)
  let manifest = await getJson<Manifest>(`http://${host}/v2/${repository}/manifests/${ref}`, ACCEPT)
  if (manifest.manifests) {
    const linux = manifest.manifests.find((m) => m.platform?.os === 'linux' && m.platform.architecture === 'amd64') ?? manifest.manifests[0]!
    manifest = await getJson<Manifest>(`http://${host}/v2/${repository}/manifests/${linux.digest}`, ACCEPT)
  }
  return { manifest, host, repository }
}

export class ImageUnpacker {
  private readonly unpacked = new Map<string, Promise<UnpackedImage>>()
  private baseLayers: Promise<Set<string>> | undefined

  constructor(
    private readonly dir: string,
    private readonly baseReference: string
  ) {}

  unpack(reference: string): Promise<UnpackedImage> {
    let image = this.unpacked.get(reference)
    if (!image) {
      image = this.load(reference)
      this.unpacked.set(reference, image)
    }
    return image
  }

  private async load(reference: string): Promise<UnpackedImage> {
    this.baseLayers ??= manifestOf(this.baseReference).then(({ manifest }) => new Set(manifest.layers.map((l) => l.digest)))
    const base = await this.baseLayers
    const { manifest, host, repository } = await manifestOf(reference)
    const root = path.join(this.dir, manifest.config.digest.replace(':', '-'))
    mkdirSync(root, { recursive: true })
    for (const layer of manifest.layers.filter((l) => !base.has(l.digest))) {
      await extract(`http://${host}/v2/${repository}/blobs/${layer.digest}`, layer.mediaType, root)
    }
    const { config } = await getJson<{ config: ImageConfig }>(`http://${host}/v2/${repository}/blobs/${manifest.config.digest}`)
    const env = Object.fromEntries((config.Env ?? []).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]))
    const command = [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])]
    if (command[0] !== 'node') throw new Error(`${reference}: the demo runs images whose command is node, not ${command.join(' ')}`)
    const argv = [process.execPath, ...command.slice(1).map((arg) => (arg.startsWith('/') ? path.join(root, arg) : arg))]
    return { root, env, argv, cwd: path.join(root, config.WorkingDir ?? '/') }
  }
}

async function extract(url: string, mediaType: string, root: string): Promise<void> {
  const response = await fetch(url)
  if (!response.ok || !response.body) throw new Error(`GET ${url}: ${response.status}`)
  const compression = mediaType.endsWith('+gzip') || mediaType.endsWith('.gzip') ? ['-z'] : mediaType.endsWith('+zstd') ? ['--zstd'] : []
  const tar = spawn('tar', ['-x', ...compression, '-f', '-', '-C', root, '--no-same-owner', '--exclude=.wh.*'], { stdio: ['pipe', 'ignore', 'pipe'] })
  let stderr = ''
  tar.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  Readable.fromWeb(response.body as ReadableStream<Uint8Array>).pipe(tar.stdin)
  const code = await new Promise<number | null>((resolve) => tar.on('close', resolve))
  if (code !== 0) throw new Error(`unpacking ${url} failed (tar exit ${code}): ${stderr}`)
}
