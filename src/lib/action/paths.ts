/** Path and glob inputs kept inside the directories an action may use: the workspace, and RUNNER_TEMP where an input says so. */
import { existsSync, realpathSync } from 'node:fs'
import path from 'node:path'

/** A directory path inputs may lead into, with the name a message gives it. */
export interface Root {
  name: string
  dir: string
}

/** The workspace (GITHUB_WORKSPACE, else the current directory) and, with `temp`, RUNNER_TEMP when it is set. */
export function actionRoots(env: { GITHUB_WORKSPACE?: string | undefined; RUNNER_TEMP?: string | undefined }, options: { temp?: boolean } = {}): Root[] {
  const roots = [{ name: 'the workspace', dir: path.resolve(env.GITHUB_WORKSPACE || process.cwd()) }]
  if (options.temp && env.RUNNER_TEMP) roots.push({ name: 'RUNNER_TEMP', dir: path.resolve(env.RUNNER_TEMP) })
  return roots
}

/** `the workspace (/w) or RUNNER_TEMP (/t)`. */
export function describeRoots(roots: Root[]): string {
  return roots.map((root) => `${root.name} (${root.dir})`).join(' or ')
}

/** Whether the absolute path `file` is `dir` or lies inside it. Pure. */
export function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file)
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
}

/**
 * The path with every symbolic link resolved; for a path that does not exist yet (a file to write), its deepest
 * existing ancestor resolved and the rest appended.
 */
export function realPath(file: string): string {
  const absolute = path.resolve(file)
  let existing = absolute
  while (!existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing)
  let real: string
  try {
    real = realpathSync(existing)
  } catch {
    // A dangling link or an unreadable ancestor: judge the path as written.
    real = existing
  }
  return path.join(real, path.relative(existing, absolute))
}

/** Whether `file`, symbolic links followed, lies inside one of `roots` (themselves resolved). */
export function isInsideRoots(file: string, roots: Root[]): boolean {
  const real = realPath(file)
  return roots.some((root) => isInside(real, realPath(root.dir)))
}

export type Placed = { path: string } | { problem: string }

/**
 * Where a path input leads: `value` resolved against `base`, accepted when it lies inside one of `roots`, by its
 * name and again with symbolic links followed, so a link in the workspace cannot lead out of it.
 */
export function placePath(value: string, base: string, roots: Root[]): Placed {
  const resolved = path.resolve(base, value)
  const rule = `a path inside ${describeRoots(roots)}`
  if (!roots.some((root) => isInside(resolved, root.dir))) return { problem: `${rule}; it leads to ${resolved}, outside ${roots.length > 1 ? 'them' : 'it'}` }
  if (!isInsideRoots(resolved, roots)) return { problem: `${rule}; a symbolic link on the way leads to ${realPath(resolved)}, outside ${roots.length > 1 ? 'them' : 'it'}` }
  return { path: resolved }
}

/** Characters that make a glob segment a pattern rather than a name. */
const GLOB_CHARS = /[*?[\]]/

/**
 * Why a glob pattern (as @actions/glob reads it, `!` for exclusions) could reach outside `roots`, or undefined:
 * a `..` segment (also written `\.\.` or `[.][.]`), a `~` home directory, or an absolute pattern whose fixed part
 * lies outside. The files it matches are checked again when read, since a link can still lead out.
 */
export function globProblem(pattern: string, roots: Root[]): string | undefined {
  const body = pattern.replace(/^!+/, '').trim()
  if (body.startsWith('~')) return `a glob inside ${describeRoots(roots)}: '~' is the home directory`
  // Off Windows a backslash escapes the next character (`\.\.` is `..`); on Windows it separates segments.
  const segments = body.split(process.platform === 'win32' ? /[/\\]+/ : /\/+/)
  const unescaped = segments.map((segment) => segment.replace(/\[(.)\]/g, '$1').replace(/\\(.)/g, '$1'))
  if (unescaped.some((segment) => segment === '..')) return `a glob without '..' segments, inside ${describeRoots(roots)}`
  if (!path.isAbsolute(body)) return undefined
  const firstGlob = segments.findIndex((segment) => GLOB_CHARS.test(segment))
  const literal = firstGlob < 0 ? body : segments.slice(0, firstGlob).join('/') || '/'
  if (!roots.some((root) => isInside(path.resolve(literal), root.dir))) return `a glob inside ${describeRoots(roots)}; ${literal} is outside`
  return undefined
}
