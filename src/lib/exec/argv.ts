/** Command lines from inputs split into argument vectors, with no shell involved. */
import { parse } from 'shell-quote'

export type ArgvResult = { ok: true; argv: string[] } | { ok: false; problem: string }

/**
 * Splits a command line into an argument vector with POSIX-shell quoting rules ('single', "double", backslash).
 * Nothing is expanded: `$VAR`, globs and `~` stay literal, and shell operators (`|`, `&&`, `>`, `;`) are refused,
 * because no shell runs the result. A user who wants a shell writes one: `sh -c 'a && b'`.
 */
export function splitCommandLine(line: string): ArgvResult {
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
