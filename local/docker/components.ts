/**
 * Where the real builders live: the Docker engine (Debian's docker.io, dockerd 20.10), the docker CLI on PATH, and
 * buildx, buildkitd and buildctl built by .ci/install-components (local/docker/build-builders.sh; the pins are read
 * from where that script reads them, so each is written once) into the cache outside the repository.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ROOT } from '../harness.js'

function pinned(file: string, pattern: RegExp): string {
  const value = pattern.exec(readFileSync(path.join(ROOT, file), 'utf8'))?.[1]
  if (!value) throw new Error(`${file} pins no version (${pattern.source})`)
  return value
}

export const BUILDX_VERSION = pinned('local/docker/build-builders.sh', /^buildx_version=(\S+)$/m)
export const BUILDKIT_VERSION = pinned('tools/buildkit/go.mod', /^require github\.com\/moby\/buildkit (\S+)$/m)
const bin = path.join(process.env.PIPELINE_ACTIONS_CACHE ?? '/var/cache/pipeline-actions', 'bin')
export const BUILDX = path.join(bin, `docker-buildx-${BUILDX_VERSION}`)
export const BUILDKITD = path.join(bin, `buildkitd-${BUILDKIT_VERSION}`)
export const BUILDCTL = path.join(bin, `buildctl-${BUILDKIT_VERSION}`)

/**
 * True when the engine, the CLI and the built builders are all there (and the caller runs as root, which dockerd and
 * buildkitd need). Under CI=true a missing one throws, so a test never silently skips there.
 */
export function haveBuilders(): boolean {
  const missing = [
    ...['dockerd', 'docker', 'containerd', 'runc'].filter((program) => spawnSync('sh', ['-c', `command -v ${program}`]).status !== 0),
    ...[BUILDX, BUILDKITD, BUILDCTL].filter((file) => !existsSync(file)),
    ...(process.getuid?.() === 0 ? [] : ['root (dockerd and buildkitd run as root)'])
  ]
  if (missing.length === 0) return true
  if (process.env.CI === 'true') throw new Error(`missing test components: ${missing.join(', ')} (bash .ci/install-components installs them)`)
  console.warn(`skipping: missing ${missing.join(', ')}`)
  return false
}

/**
 * A DOCKER_CONFIG directory with buildx installed as a CLI plugin (`cli-plugins/docker-buildx`), as
 * docker/setup-buildx-action installs it into ~/.docker; builders created with it are stored there too.
 */
export function dockerConfigWithBuildx(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'docker-config-'))
  mkdirSync(path.join(dir, 'cli-plugins'))
  symlinkSync(BUILDX, path.join(dir, 'cli-plugins', 'docker-buildx'))
  return dir
}
