/** Runs buildah: build into the run's own storage, then export the image (or manifest list) to an OCI layout to push. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import * as core from '@actions/core'
import { UserError } from '../../lib/action/errors.js'
import { runCommand, type CommandResult } from '../../lib/exec/command.js'
import { sortedLabels, type BuildSpec } from '../build-spec.js'
import { withLabelInstruction } from '../dockerfile.js'
import { buildahCacheResult, isBuildahCacheFailure, type CacheResult } from '../cache-result.js'
import type { CacheMode } from '../inputs.js'
import { buildahBudArgv, buildahExportArgv, type BuildahStorage } from './buildah-argv.js'

export interface BuildahOutcome {
  buildMs: number
  cache: CacheResult
  /** The OCI image layout the image was exported to, for the push (when asked for), and how long that took. */
  layout?: string
  exportMs?: number
}

const LOCAL_NAME = 'localhost/build-push:build'

export function buildahStorage(workdir: string): BuildahStorage {
  return {
    root: path.join(workdir, 'storage'),
    runroot: path.join(workdir, 'runroot'),
    driver: process.env.BUILD_PUSH_BUILDAH_STORAGE_DRIVER ?? 'vfs',
    isolation: process.env.BUILD_PUSH_BUILDAH_ISOLATION ?? 'chroot'
  }
}

async function run(argv: string[], what: string): Promise<CommandResult> {
  core.info(`$ ${argv.join(' ')}`)
  const result = await runCommand(argv)
  if (result.startError) throw new UserError(`${what}: could not start buildah (${result.startError})`)
  return result
}

/**
 * `layout`: export the built image there for the push. `cacheWarning`: the cache was already dropped before the
 * build (its registry did not answer).
 */
export async function buildahBuild(
  spec: BuildSpec,
  workdir: string,
  layout: string | undefined,
  options: { requestedCache: CacheMode; cacheWarning?: string }
): Promise<BuildahOutcome> {
  const storage = buildahStorage(workdir)
  const labelled = withLabelInstruction(readFileSync(spec.file, 'utf8'), sortedLabels(spec.labels), spec.target)
  const labelledFile = labelled === undefined ? undefined : path.join(workdir, 'Dockerfile.labelled')
  if (labelledFile) writeFileSync(labelledFile, labelled!)
  const bud = (s: BuildSpec): string[] => buildahBudArgv(s, storage, LOCAL_NAME, labelledFile)
  const started = performance.now()
  let result = await core.group('buildah bud', () => run(bud(spec), 'build'))
  let warning = options.cacheWarning
  if (result.exitCode !== 0 && spec.cache.kind === 'registry' && isBuildahCacheFailure(result.output)) {
    const line = /^Error: .*$/m.exec(result.output)?.[0] ?? 'cache error'
    warning = `the registry cache ${spec.cache.repository} failed (${line.replace(/^Error: /, '').slice(0, 300)}); built again without it`
    core.warning(warning)
    // The layers built so far stay in this run's storage, so the second build reuses them locally.
    result = await core.group('buildah bud (without the registry cache)', () => run(bud({ ...spec, cache: { kind: 'none' } }), 'build'))
  }
  if (result.exitCode !== 0) throw new UserError(`buildah bud failed with exit code ${result.exitCode}${result.timedOut ? ' (timed out)' : ''}: ${lastLines(result.output)}`)
  const buildMs = performance.now() - started
  const cache = buildahCacheResult(options.requestedCache, result.output, warning)
  if (!layout) return { buildMs, cache }

  rmSync(layout, { recursive: true, force: true })
  const exportStarted = performance.now()
  const exported = await core.group('buildah: export for the push', () => run(buildahExportArgv(storage, LOCAL_NAME, layout, spec.platforms.length > 1), 'export'))
  if (exported.exitCode !== 0) throw new UserError(`buildah could not export the image for the push (exit code ${exported.exitCode}): ${lastLines(exported.output)}`)
  return { buildMs, cache, layout, exportMs: performance.now() - exportStarted }
}

function lastLines(output: string, count = 15): string {
  return output.trim().split(/\r?\n/).slice(-count).join('\n')
}
