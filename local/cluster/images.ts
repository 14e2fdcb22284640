/**
 * Images made from this machine's own files: the pod sandbox image (`up` makes it from the built pause binary and
 * pushes it to the cluster's registry, where containerd's CRI plugin pulls it like any other image) and the demo's
 * base image. Nothing can be pulled from outside.
 */
import { execFile } from 'node:child_process'
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export async function imageExists(registry: string, repository: string, tag: string): Promise<boolean> {
  const accept = 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json'
  const response = await fetch(`http://${registry}/v2/${repository}/manifests/${tag}`, { method: 'HEAD', headers: { accept } })
  return response.ok
}

/** An image built FROM scratch out of files of this machine (nothing can be pulled from outside here). */
export interface ScratchImage {
  /** Each file on this machine and its path in the image. */
  files: Map<string, string>
  /** Empty directories to create in the image, with their mode (e.g. `/tmp`: 0o1777). */
  directories?: Record<string, number>
  /** Containerfile lines after `FROM scratch` and `COPY . /` (ENV, USER, ENTRYPOINT, ...). */
  config: string[]
  reference: string
}

/** Builds the image with buildah in a private, throw-away storage and pushes it over plain http. */
export async function pushScratchImage(image: ScratchImage): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'scratch-image-'))
  try {
    const context = path.join(root, 'context')
    mkdirSync(context)
    for (const [source, target] of image.files) {
      mkdirSync(path.dirname(path.join(context, target)), { recursive: true })
      copyFileSync(source, path.join(context, target))
    }
    for (const [directory, mode] of Object.entries(image.directories ?? {})) {
      mkdirSync(path.join(context, directory), { recursive: true })
      chmodSync(path.join(context, directory), mode)
    }
    const containerfile = path.join(root, 'Containerfile')
    writeFileSync(containerfile, ['FROM scratch', 'COPY . /', ...image.config, ''].join('\n'))
    const storage = ['--root', path.join(root, 'storage'), '--runroot', path.join(root, 'run'), '--storage-driver', 'vfs']
    await run('buildah', [...storage, 'bud', '--isolation', 'chroot', '-q', '--file', containerfile, '--tag', 'localhost/scratch-image', context])
    await run('buildah', [...storage, 'push', '--tls-verify=false', 'localhost/scratch-image', `docker://${image.reference}`])
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

export function pushPauseImage(pauseBinary: string, reference: string): Promise<void> {
  return pushScratchImage({ files: new Map([[pauseBinary, '/pause']]), config: ['USER 65535:65535', 'ENTRYPOINT ["/pause"]'], reference })
}
