/** Glob matching of files in the workspace. */
import path from 'node:path'
import { InputError } from '../action/errors.js'
import { describeRoots, isInsideRoots, realPath, type Root } from '../action/paths.js'

/**
 * Files matching globs written relative to `cwd` (absolute and `!` exclusion patterns kept as given), sorted. A
 * match that lies outside `within.roots` once symbolic links are followed (a link in the workspace to /etc/passwd)
 * is refused, naming the input, before any file is read.
 */
export async function matchFiles(patterns: string[], cwd: string, within?: { input: string; roots: Root[] }): Promise<string[]> {
  const resolved = patterns.map((p) => (path.isAbsolute(p) || p.startsWith('!') ? p : path.join(cwd, p)))
  // Loaded here, not at start-up: @actions/glob brings @actions/core and its HTTP client with it.
  const glob = await import('@actions/glob')
  const globber = await glob.create(resolved.join('\n'), { matchDirectories: false })
  const files = (await globber.glob()).sort()
  if (within) {
    const outside = files.filter((file) => !isInsideRoots(file, within.roots))
    if (outside.length > 0) {
      const shown = outside.map((file) => `${path.relative(cwd, file)} -> ${realPath(file)}`).join(', ')
      throw new InputError(within.input, patterns.join(', '), `files inside ${describeRoots(within.roots)}: a symbolic link leads out of it (${shown})`)
    }
  }
  return files
}
