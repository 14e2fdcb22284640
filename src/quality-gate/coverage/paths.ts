/** Turns the file paths a coverage report names into repository-relative POSIX paths. */
import { posix } from 'node:path'

export interface PathContext {
  /** Absolute repository root. */
  readonly root: string
  /** Absolute directory of the report being read. */
  readonly reportDir: string
  /** Only asked when a relative path could belong to more than one base directory. */
  readonly exists: (absolutePath: string) => boolean
}

/**
 * Turns the paths a report names into repository-relative POSIX paths. A relative path is tried against each base
 * directory the report gives (Cobertura <source>, JaCoCo source roots...); the first that exists on disk wins, and
 * the first base is used when none does. A path outside the root stays as given.
 */
export class PathResolver {
  private readonly root: string

  constructor(private readonly context: PathContext) {
    this.root = trimTrailingSlash(toPosix(context.root))
  }

  get reportDir(): string {
    return this.context.reportDir
  }

  resolve(raw: string, bases: readonly string[] = [this.root]): string {
    const path = toPosix(raw.trim())
    if (isWindowsAbsolute(path)) return path
    if (posix.isAbsolute(path)) return this.relativize(isNormal(path) ? path : posix.normalize(path))
    if (bases.length === 1 && isNormal(path)) {
      const base = this.absoluteBase(bases[0]!)
      if (base === this.root) return path
      return this.relativize(base === '/' ? `/${path}` : `${base}/${path}`)
    }
    const candidates = unique(bases.map((base) => posix.resolve(this.absoluteBase(base), path)))
    const chosen = candidates.length > 1 ? (candidates.find((c) => this.context.exists(c)) ?? candidates[0]!) : candidates[0]
    return this.relativize(chosen ?? posix.resolve(this.root, path))
  }

  private readonly bases = new Map<string, string>()

  /** Absolute, normalised, without a trailing slash (one report has few distinct bases). */
  private absoluteBase(base: string): string {
    let absolute = this.bases.get(base)
    if (absolute === undefined) {
      absolute = trimTrailingSlash(posix.resolve(this.root, toPosix(base)))
      this.bases.set(base, absolute)
    }
    return absolute
  }

  private relativize(absolute: string): string {
    if (absolute === this.root) return '.'
    const prefix = this.root === '/' ? '/' : `${this.root}/`
    return absolute.startsWith(prefix) ? absolute.slice(prefix.length) : absolute
  }
}

function toPosix(path: string): string {
  return path.includes('\\') ? path.replaceAll('\\', '/') : path
}

function trimTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path
}

/** No empty, "." or ".." segment and no trailing slash: joining it needs no normalisation. */
function isNormal(path: string): boolean {
  return path !== '' && !path.endsWith('/') && !path.includes('//') && !/(?:^|\/)\.\.?(?:\/|$)/.test(path)
}

function isWindowsAbsolute(path: string): boolean {
  return /^[A-Za-z]:\//.test(path)
}

function unique(values: string[]): string[] {
  return [...new Set(values)]
}

