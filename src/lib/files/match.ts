/** Glob matching of files in the workspace. */
import * as glob from '@actions/glob'
import path from 'node:path'

/** Files matching globs written relative to `cwd` (absolute and `!` exclusion patterns kept as given), sorted. */
export async function matchFiles(patterns: string[], cwd: string): Promise<string[]> {
  const resolved = patterns.map((p) => (path.isAbsolute(p) || p.startsWith('!') ? p : path.join(cwd, p)))
  const globber = await glob.create(resolved.join('\n'), { matchDirectories: false })
  return (await globber.glob()).sort()
}
