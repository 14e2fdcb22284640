/**
 * Builds test images with buildah (vfs storage, no daemon) and pushes them to the test registries:
 * FROM scratch plus files, single-arch or a multi-arch index made with `buildah manifest`.
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { finished } from 'node:stream/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface ImageSpec {
  /** Path inside the image -> content, or a byte count for random (incompressible) content. */
  files: Record<string, string | number>
  arch?: string
  /** `oci` (default) or `docker` (schema 2). */
  format?: 'oci' | 'docker'
}

export class Buildah {
  private readonly root = mkdtempSync(path.join(tmpdir(), 'buildah-'))
  private counter = 0

  private async buildah(args: string[]): Promise<string> {
    const global = ['--root', path.join(this.root, 'root'), '--runroot', path.join(this.root, 'run'), '--storage-driver', 'vfs']
    try {
      const { stdout } = await run('buildah', [...global, ...args], { maxBuffer: 16 * 1024 * 1024 })
      return stdout.trim()
    } catch (error) {
      const e = error as { stderr?: string; message: string }
      throw new Error(`buildah ${args.join(' ')} failed: ${e.stderr ?? e.message}`, { cause: error })
    }
  }

  /** Builds an image and returns its local name. Every file lands in its own layer. */
  async build(spec: ImageSpec): Promise<string> {
    const name = `localhost/test-image-${++this.counter}`
    const context = mkdtempSync(path.join(this.root, 'ctx-'))
    const arch = spec.arch ? ['--arch', spec.arch] : []
    let base = 'scratch'
    const entries = Object.entries(spec.files)
    for (const [index, [target, content]] of entries.entries()) {
      const source = path.join(context, `f${index}`)
      if (typeof content === 'number') await randomFile(source, content)
      else writeFileSync(source, content)
      const container = await this.buildah(['from', '--pull-never', ...arch, base])
      await this.buildah(['copy', container, source, target])
      if (spec.arch) await this.buildah(['config', '--arch', spec.arch, '--os', 'linux', container])
      const step = index === entries.length - 1 ? name : `${name}-step${index}`
      await this.buildah(['commit', '--format', spec.format ?? 'oci', '--rm', container, step])
      base = step
    }
    rmSync(context, { recursive: true, force: true })
    return name
  }

  /** Pushes a built image; returns the digest of the pushed manifest. */
  async push(name: string, reference: string, creds?: string, format?: 'oci' | 'docker'): Promise<string> {
    const digestFile = path.join(this.root, `digest-${++this.counter}`)
    const formatArgs = format ? ['--format', format === 'docker' ? 'v2s2' : 'oci'] : []
    await this.buildah(['push', '--tls-verify=false', ...formatArgs, '--digestfile', digestFile, ...(creds ? ['--creds', creds] : []), name, `docker://${reference}`])
    return readFileSync(digestFile, 'utf8').trim()
  }

  /** Builds one image per architecture, joins them in a manifest list and pushes all of it; returns the index digest. */
  async pushMultiArch(archs: string[], reference: string, files: Record<string, string>, format: 'oci' | 'docker' = 'oci'): Promise<string> {
    const list = `localhost/test-list-${++this.counter}`
    await this.buildah(['manifest', 'create', list])
    for (const arch of archs) {
      const image = await this.build({ files: { ...files, '/arch.txt': arch }, arch, format })
      await this.buildah(['manifest', 'add', '--arch', arch, '--os', 'linux', list, `containers-storage:${image}`])
    }
    const digestFile = path.join(this.root, `digest-${++this.counter}`)
    await this.buildah(['manifest', 'push', '--all', '--format', format === 'docker' ? 'v2s2' : 'oci', '--tls-verify=false', '--digestfile', digestFile, list, `docker://${reference}`])
    return readFileSync(digestFile, 'utf8').trim()
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true })
  }
}

/** `skopeo inspect` of a reference: the digest and the raw manifest bytes, as an independent tool sees them. */
export async function skopeoInspect(reference: string, creds?: string): Promise<{ digest: string; raw: Buffer } | undefined> {
  const auth = creds ? ['--creds', creds] : []
  try {
    const { stdout } = await run('skopeo', ['inspect', '--tls-verify=false', '--no-tags', ...auth, `docker://${reference}`])
    const { stdout: raw } = await run('skopeo', ['inspect', '--raw', '--tls-verify=false', ...auth, `docker://${reference}`], { encoding: 'buffer' })
    return { digest: (JSON.parse(stdout) as { Digest: string }).Digest, raw }
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '')
    if (/manifest unknown|not found|404/i.test(stderr)) return undefined
    throw error
  }
}

async function randomFile(file: string, size: number): Promise<void> {
  const out = createWriteStream(file)
  for (let left = size; left > 0; left -= 1 << 20) out.write(randomBytes(Math.min(left, 1 << 20)))
  out.end()
  await finished(out)
}
