/** The package-manager cache plan: which directory to cache and under which key (OS, architecture, lockfiles). */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { runCommand } from '../lib/exec/command.js'
import { stepEnvironment } from '../lib/exec/environment.js'
import type { RunnerEnv } from './inputs.js'

export type PackageManager = 'npm' | 'yarn' | 'pnpm'

const LOCKFILES: Record<PackageManager, string[]> = {
  npm: ['package-lock.json', 'npm-shrinkwrap.json'],
  yarn: ['yarn.lock'],
  pnpm: ['pnpm-lock.yaml']
}

export interface CachePlan {
  manager: PackageManager
  paths: string[]
  key: string
  restoreKeys: string[]
}

/** The cache key: OS, architecture, manager and a hash of the lockfiles, so any dependency change makes a new entry. */
export function cacheKey(manager: PackageManager, os: string, arch: string, lockfileContents: string[]): string {
  const hash = createHash('sha256')
  for (const content of lockfileContents) hash.update(content)
  return `pipeline-actions-${manager}-${os}-${arch}-${hash.digest('hex').slice(0, 32)}`
}

export async function planPackageCache(manager: PackageManager, dir: string, env: Pick<RunnerEnv, 'RUNNER_OS' | 'RUNNER_ARCH'>): Promise<CachePlan | { problem: string }> {
  const lockfiles = LOCKFILES[manager].map((name) => path.join(dir, name)).filter((file) => existsSync(file))
  if (lockfiles.length === 0) return { problem: `no ${LOCKFILES[manager].join(' or ')} in ${dir}, so there is nothing to key the ${manager} cache on` }
  const cacheDir = await packageCacheDir(manager, dir)
  if (!cacheDir) return { problem: `could not find the ${manager} cache directory (is ${manager} installed?)` }
  const os = env.RUNNER_OS ?? process.platform
  const arch = env.RUNNER_ARCH ?? process.arch
  const key = cacheKey(manager, os, arch, lockfiles.map((file) => readFileSync(file, 'utf8')))
  return { manager, paths: [cacheDir], key, restoreKeys: [`pipeline-actions-${manager}-${os}-${arch}-`] }
}

async function packageCacheDir(manager: PackageManager, cwd: string): Promise<string | undefined> {
  const argv: Record<PackageManager, string[]> = {
    npm: ['npm', 'config', 'get', 'cache'],
    yarn: ['yarn', 'cache', 'dir'],
    pnpm: ['pnpm', 'store', 'path', '--silent']
  }
  const result = await runCommand(argv[manager], { cwd, baseEnv: stepEnvironment(), echo: false, timeoutMs: 30_000 })
  const dir = result.stdout.trim().split('\n').pop()?.trim()
  return result.exitCode === 0 && dir ? dir : undefined
}
