/**
 * Exact argument vectors for `docker buildx build`. Cache export never fails the build (`ignore-error=true`,
 * moby/buildkit#2492) and exports every stage (`mode=max`). Pushes the primary reference; the other tags are added
 * through the registry API afterwards, so both builders end the same way. buildx's own provenance attestation is
 * off (`--provenance=false`): by default buildx (on BuildKit builders) pushes an image index holding the image and an
 * unsigned attestation manifest (platform unknown/unknown) stamped with the build's start and end, so every rebuild
 * of a commit gets a new digest; build-push attaches its own signed provenance instead (input `provenance`).
 */
import { secretArgs } from '../build-secrets.js'
import { sortedLabels, type BuildSpec } from '../build-spec.js'

export const BUILDX_CACHE_TAG = 'buildx'

export function buildxCacheFlags(cache: BuildSpec['cache']): string[] {
  switch (cache.kind) {
    case 'none':
      return []
    case 'registry': {
      const ref = `${cache.repository}:${BUILDX_CACHE_TAG}`
      return ['--cache-from', `type=registry,ref=${ref}`, ...(cache.readOnly ? [] : ['--cache-to', `type=registry,ref=${ref},mode=max,ignore-error=true`])]
    }
    case 'gha':
      // Read this branch's scope first, then the default branch's: a new branch starts warm.
      return [
        ...[cache.scope, ...(cache.fallbackScopes ?? [])].flatMap((scope) => ['--cache-from', `type=gha,scope=${scope}`]),
        ...(cache.readOnly ? [] : ['--cache-to', `type=gha,scope=${cache.scope},mode=max,ignore-error=true`])
      ]
  }
}

/**
 * `destination` is pushed when given; without it the build only runs (push: false). `byDigest`: `destination` is a
 * repository, pushed to by digest only, with no tag (push-by-digest; the metadata file gives the digest).
 */
export function buildxBuildArgv(spec: BuildSpec, destination: string | undefined, metadataFile: string, byDigest = false): string[] {
  const argv = ['docker', 'buildx', 'build', '--provenance=false', '--file', spec.file]
  if (spec.target) argv.push('--target', spec.target)
  for (const arg of spec.buildArgs) argv.push('--build-arg', `${arg.name}=${arg.value}`)
  for (const [key, value] of sortedLabels(spec.labels)) argv.push('--label', `${key}=${value}`)
  argv.push(...secretArgs(spec.secrets, spec.ssh))
  if (spec.platforms.length > 0) argv.push('--platform', spec.platforms.join(','))
  argv.push(...buildxCacheFlags(spec.cache))
  argv.push('--metadata-file', metadataFile)
  if (destination && byDigest) argv.push('--output', `type=image,name=${destination},push-by-digest=true,name-canonical=true,push=true`)
  else if (destination) argv.push('--tag', destination, '--push')
  argv.push(spec.context)
  return argv
}

/** The environment for buildx: SOURCE_DATE_EPOCH gives reproducible timestamps (BuildKit >= 0.11). */
export function buildxEnv(spec: BuildSpec, dockerConfigDir: string | undefined): Record<string, string> {
  return { SOURCE_DATE_EPOCH: String(spec.timestamp), ...(dockerConfigDir && { DOCKER_CONFIG: dockerConfigDir }) }
}
