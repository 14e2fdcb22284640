/** Runs `docker buildx build`, pushing the primary reference when asked. */
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
}

/** `secretEnv`: the build secrets' values, which buildx reads from its environment (`--secret id=..,env=..`), never its arguments. */
export async function buildxBuild(spec: BuildSpec, workdir: string, destination: string | undefined, dockerConfigDir: string | undefined, requestedCache: CacheMode, cacheWarning?: string, secretEnv: Record<string, string> = {}): Promise<BuildxOutcome> {
  const argv = buildxBuildArgv(spec, destination, path.join(workdir, 'buildx-metadata.json'))
  core.info(`$ ${argv.join(' ')}`)
  const result = await core.group('docker buildx build', () => runCommand(argv, { env: { ...buildxEnv(spec, dockerConfigDir), BUILDKIT_PROGRESS: 'plain', ...secretEnv } }))
  if (result.startError) throw new UserError(`could not start docker (${result.startError})`)
  if (result.exitCode !== 0) throw new UserError(`docker buildx build failed with exit code ${result.exitCode}: ${result.output.trim().split(/\r?\n/).slice(-15).join('\n')}`)
  return { buildMs: result.durationMs, cache: buildxCacheResult(requestedCache, result.output, cacheWarning, spec.cache.kind !== 'none' && spec.cache.readOnly === true) }
}
