/**
 * Exact argument vectors for buildah (daemonless; runs as root with vfs storage and chroot isolation, which work on
 * any Linux host and inside containers). Every invocation names its own storage root, so runs never share state.
 */
import { secretArgs } from '../build-secrets.js'
import { sortedLabels, type BuildSpec } from '../build-spec.js'

export interface BuildahStorage {
  root: string
  runroot: string
  driver: string
  isolation: string
}

export function buildahGlobal(storage: BuildahStorage): string[] {
  return ['buildah', '--root', storage.root, '--runroot', storage.runroot, '--storage-driver', storage.driver]
}

/**
 * A single platform tags the image `localName`; several build into the manifest list `localName`. `labelledFile`:
 * a copy of the Dockerfile that sets the labels itself (one step instead of one per `--label`).
 */
export function buildahBudArgv(spec: BuildSpec, storage: BuildahStorage, localName: string, labelledFile?: string): string[] {
  const argv = [...buildahGlobal(storage), 'bud', '--isolation', storage.isolation, '--file', labelledFile ?? spec.file]
  if (spec.target) argv.push('--target', spec.target)
  for (const arg of spec.buildArgs) argv.push('--build-arg', `${arg.name}=${arg.value}`)
  if (!labelledFile) for (const [key, value] of sortedLabels(spec.labels)) argv.push('--label', `${key}=${value}`)
  argv.push(...secretArgs(spec.secrets, spec.ssh))
  argv.push('--timestamp', String(spec.timestamp))
  // buildah 1.28 keys cached layers without the platform: a FROM scratch stage built for a second platform reuses
  // the first platform's image, and the list ends up with one entry. Several platforms therefore build uncached.
  if (spec.platforms.length <= 1) {
    argv.push('--layers')
    if (spec.cache.kind === 'registry') argv.push('--cache-from', spec.cache.repository, '--cache-to', spec.cache.repository)
  }
  if (spec.insecure) argv.push('--tls-verify=false')
  if (spec.authFile) argv.push('--authfile', spec.authFile)
  if (spec.platforms.length > 1) argv.push('--platform', spec.platforms.join(','), '--manifest', localName)
  else argv.push(...(spec.platforms[0] ? ['--platform', spec.platforms[0]] : []), '--tag', localName)
  argv.push(spec.context)
  return argv
}

/**
 * Exports the image (or the manifest list with every platform) to an OCI image layout directory: the push to the
 * registry is the OCI client's (src/lib/oci/layout.ts), which retries each request; buildah's own push does not
 * retry a 5xx.
 */
export function buildahExportArgv(storage: BuildahStorage, localName: string, layout: string, list: boolean): string[] {
  return [...buildahGlobal(storage), ...(list ? ['manifest', 'push', '--all'] : ['push']), localName, `oci:${layout}`]
}
