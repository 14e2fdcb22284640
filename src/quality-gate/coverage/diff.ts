/** Reads `git diff` output into the changed lines of each file, for patch coverage. Pure. */

const HUNK_HEADER = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/

/**
 * Added and modified lines of each file in the new version, from `git diff` output (any --unified context; git
 * shows a modified line as removed then added). Keys are the new paths as git prints them: repository-relative,
 * unquoted. Deleted files are left out; a file renamed without edits has no changed line.
 */
export function parseUnifiedDiff(diff: string): Map<string, Set<number>> {
  const changed = new Map<string, Set<number>>()
  let lines: Set<number> | undefined
  let oldLeft = 0
  let newLeft = 0
  let newLine = 0
  for (const raw of diff.split('\n')) {
    if (oldLeft > 0 || newLeft > 0) {
      // inside a hunk: its header said how many lines it has, so "+++" here is an added line starting with "++"
      const marker = raw[0]
      if (marker === '+') {
        lines?.add(newLine++)
        newLeft--
      } else if (marker === '-') {
        oldLeft--
      } else if (marker === ' ' || raw === '') {
        newLine++
        oldLeft--
        newLeft--
      }
      continue // "\ No newline at end of file" belongs to the previous line
    }
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (line.startsWith('diff --git ')) {
      lines = undefined
    } else if (line.startsWith('+++ ')) {
      const path = newPath(line.slice(4))
      if (path === undefined) {
        lines = undefined
      } else {
        lines = changed.get(path) ?? new Set<number>()
        changed.set(path, lines)
      }
    } else if (line.startsWith('@@ ')) {
      const match = HUNK_HEADER.exec(line)
      if (match === null) continue
      oldLeft = match[1] === undefined ? 1 : Number(match[1])
      newLine = Number(match[2])
      newLeft = match[3] === undefined ? 1 : Number(match[3])
    }
  }
  return changed
}

/** The path of a "+++ " line: quoted when git escapes it; git appends a tab after names with spaces. */
function newPath(value: string): string | undefined {
  const name = value.startsWith('"') ? unquote(value) : value.split('\t')[0]!
  if (name === '/dev/null') return undefined
  return name.startsWith('b/') ? name.slice(2) : name
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 }

/** git's C-style quoting: backslash escapes and octal bytes of the UTF-8 name. */
function unquote(quoted: string): string {
  const bytes: number[] = []
  let at = 1
  while (at < quoted.length && quoted[at] !== '"') {
    const char = quoted[at]!
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'))
      at++
      continue
    }
    const next = quoted[at + 1] ?? ''
    const octal = /^[0-7]{3}/.exec(quoted.slice(at + 1, at + 4))
    if (octal !== null) {
      bytes.push(parseInt(octal[0], 8))
      at += 4
    } else {
      bytes.push(ESCAPES[next] ?? next.charCodeAt(0))
      at += 2
    }
  }
  return Buffer.from(bytes).toString('utf8')
}
