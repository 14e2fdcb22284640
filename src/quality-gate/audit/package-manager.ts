/** Which package manager a project uses (packageManager field, lockfiles) and the argv of its JSON audit. */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export type PackageManager = 'npm' | 'yarn' | 'pnpm'

const LOCKFILES: [string, PackageManager][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm']
]

/**
 * The package manager a project uses: the `packageManager` field of package.json when it names one (Corepack's
 * declaration, which wins when a stray second lockfile exists), else the first lockfile found. Undefined without
 * either: an audit needs a lockfile.
 */
export function detectPackageManager(dir: string): PackageManager | undefined {
  const declared = declaredPackageManager(dir)
  if (declared && LOCKFILES.some(([file, pm]) => pm === declared.name && existsSync(join(dir, file)))) return declared.name
  return LOCKFILES.find(([file]) => existsSync(join(dir, file)))?.[1]
}

/** Yarn 2+ ("berry"): declared as yarn@2 or later, or a yarn.lock in its format (it has a `__metadata` entry). */
export function detectYarnBerry(dir: string): boolean {
  const declared = declaredPackageManager(dir)
  if (declared?.name === 'yarn' && declared.major !== undefined) return declared.major >= 2
  const lockfile = join(dir, 'yarn.lock')
  return existsSync(lockfile) && /^__metadata:/m.test(readFileSync(lockfile, 'utf8'))
}

/**
 * The argv of a JSON audit. No severity filter is passed: the gate judges every finding itself. Yarn berry audits
 * only direct dependencies of the current workspace unless told `--all --recursive`.
 */
export function auditCommand(pm: PackageManager, yarnBerry: boolean): string[] {
  switch (pm) {
    case 'npm':
      return ['npm', 'audit', '--json']
    case 'pnpm':
      return ['pnpm', 'audit', '--json']
    case 'yarn':
      return yarnBerry ? ['yarn', 'npm', 'audit', '--all', '--recursive', '--json'] : ['yarn', 'audit', '--json']
  }
}

/** How a finding's source is labelled for each package manager. */
export function auditSource(pm: PackageManager): string {
  return `${pm} audit`
}

function declaredPackageManager(dir: string): { name: PackageManager; major?: number } | undefined {
  let manifest: unknown
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  } catch {
    return undefined
  }
  const field = typeof manifest === 'object' && manifest !== null ? (manifest as Record<string, unknown>).packageManager : undefined
  const match = typeof field === 'string' ? /^(npm|yarn|pnpm)@(\d+)?/.exec(field) : null
  if (!match) return undefined
  return { name: match[1] as PackageManager, ...(match[2] === undefined ? {} : { major: Number(match[2]) }) }
}
