/**
 * The pod sandbox image. Nothing can be pulled from outside, so `up` makes it from the built pause binary and
 * pushes it to the cluster's registry, where containerd's CRI plugin pulls it like any other image.
 */
import { execFile } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export async function imageExists(registry: string, repository: string, tag: string): Promise<boolean> {
  const accept = 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json'
  const response = await fetch(`http://${registry}/v2/${repository}/manifests/${tag}`, { method: 'HEAD', headers: { accept } })
  return response.ok
}

export async function pushPauseImage(pauseBinary: string, reference: string): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'cluster-pause-'))
  try {
    const context = path.join(root, 'context')
    const storage = ['--root', path.join(root, 'storage'), '--runroot', path.join(root, 'run'), '--storage-driver', 'vfs']
    mkdirSync(context)
    copyFileSync(pauseBinary, path.join(context, 'pause'))
    writeFileSync(path.join(context, 'Containerfile'), 'FROM scratch\nCOPY pause /pause\nUSER 65535:65535\nENTRYPOINT ["/pause"]\n')
    await run('buildah', [...storage, 'bud', '--isolation', 'chroot', '-q', '--file', path.join(context, 'Containerfile'), '--tag', 'localhost/pause', context])
    await run('buildah', [...storage, 'push', '--tls-verify=false', 'localhost/pause', `docker://${reference}`])
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}
