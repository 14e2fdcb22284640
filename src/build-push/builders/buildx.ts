/** Runs `docker buildx build`, pushing the primary reference when asked. */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import * as core from '@actions/core'
import { UserError } from '../../lib/action/errors.js'
import { runCommand } from '../../lib/exec/command.js'
import type { BuildSpec } from '../build-spec.js'
import { buildxCacheResult, type CacheResult } from '../cache-result.js'
import type { CacheMode } from '../inputs.js'
import { buildxBuildArgv, buildxEnv } from './buildx-argv.js'

export interface BuildxOutcome {
  buildMs: number
  cache: CacheResult
  /** push-by-digest: the digest buildx pushed (its metadata file's `containerimage.digest`). */
  pushedDigest?: string
}

/** `secretEnv`: the build secrets' values, which buildx reads from its environment (`--secret id=..,env=..`), never its arguments. */
export async function buildxBuild(spec: BuildSpec, workdir: string, destination: string | undefined, dockerConfigDir: string | undefined, requestedCache: CacheMode, cacheWarning?: string, secretEnv: Record<string, string> = {}, byDigest = false): Promise<BuildxOutcome> {
  const metadataFile = path.join(workdir, 'buildx-metadata.json')
  const argv = buildxBuildArgv(spec, destination, metadataFile, byDigest)
  core.info(`$ ${argv.join(' ')}`)
  const result = await core.group('docker buildx build', () => runCommand(argv, { env: { ...buildxEnv(spec, dockerConfigDir), BUILDKIT_PROGRESS: 'plain', ...secretEnv } }))
  if (result.startError) throw new UserError(`could not start docker (${result.startError})`)
  if (result.exitCode !== 0) throw new UserError(`docker buildx build failed with exit code ${result.exitCode}: ${result.output.trim().split(/\r?\n/).slice(-15).join('\n')}`)
  const cache = buildxCacheResult(requestedCache, result.output, cacheWarning, spec.cache.kind !== 'none' && spec.cache.readOnly === true)
  if (!byDigest) return { buildMs: result.durationMs, cache }
  const digest = (JSON.parse(readFileSync(metadataFile, 'utf8')) as Record<string, unknown>)['containerimage.digest']
  if (typeof digest !== 'string') throw new UserError(`docker buildx build pushed by digest but its metadata file names no containerimage.digest`)
  return { buildMs: result.durationMs, cache, pushedDigest: digest }
}
