/** Command lines from inputs split into argument vectors, with no shell involved. */
import { parse } from 'shell-quote'

export type ArgvResult = { ok: true; argv: string[] } | { ok: false; problem: string }

/**
 * Splits a command line into an argument vector with POSIX-shell quoting rules ('single', "double", backslash).
 * Nothing is expanded: `$VAR`, globs and `~` stay literal, and shell operators (`|`, `&&`, `>`, `;`) are refused,
 * because no shell runs the result. A user who wants a shell writes one: `sh -c 'a && b'`.
 */
export function splitCommandLine(line: string): ArgvResult {
  // shell-quote closes an open quote at the end of the line itself (`kubectl "undo` gives kubectl, undo); a shell
  // would refuse it, and so does this.
  const unclosed = unclosedQuote(line)
  if (unclosed !== undefined) return { ok: false, problem: unclosed }
  const argv: string[] = []
  const tokens = parse(line, (name) => `$${name}`)
  for (const token of tokens) {
    if (typeof token === 'string') {
      argv.push(token)
    } else if ('op' in token && token.op === 'glob') {
      argv.push(token.pattern)
    } else if ('comment' in token) {
      break
    } else {
      return { ok: false, problem: `it uses the shell operator '${token.op}', and no shell runs it (write sh -c '...' to use one)` }
    }
  }
  if (argv.length === 0) return { ok: false, problem: 'it has no command' }
  return { ok: true, argv }
}

/** Where a line's quoting is left open, as a POSIX shell reads it ('...' literal, "..." with \ escapes, # comments). */
function unclosedQuote(line: string): string | undefined {
  let quote: { char: string; at: number } | undefined
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (quote?.char === "'") {
      if (c === "'") quote = undefined
    } else if (quote?.char === '"') {
      if (c === '\\') i++
      else if (c === '"') quote = undefined
    } else if (c === '\\') {
      if (i === line.length - 1) return 'it ends with a backslash that escapes nothing'
      i++
    } else if (c === "'" || c === '"') {
      quote = { char: c, at: i }
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
      return undefined
    }
  }
  if (quote === undefined) return undefined
  return `the ${quote.char === '"' ? 'double' : 'single'} quote at character ${quote.at + 1} is never closed`
}
