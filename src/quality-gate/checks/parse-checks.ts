/** Turns the `name: command` lines of the checks input into argument vectors, reporting every bad line. */
import type { KeyValue } from '../../lib/action/inputs.js'
import { splitCommandLine } from '../../lib/exec/argv.js'
import type { Check } from './check.js'

export interface ParsedChecks {
  checks: Check[]
  problems: { given: string; accepted: string }[]
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/

/** Turns `name: command` lines into checks, reporting every line that is not one. */
export function parseChecks(lines: KeyValue[]): ParsedChecks {
  const checks: Check[] = []
  const problems: ParsedChecks['problems'] = []
  const seen = new Set<string>()
  for (const { key, value, line } of lines) {
    if (!NAME.test(key)) {
      problems.push({ given: `line ${line}: ${key}`, accepted: 'check names of letters, digits, spaces, dots, dashes or underscores (at most 64)' })
      continue
    }
    if (seen.has(key.toLowerCase())) {
      problems.push({ given: `line ${line}: ${key}`, accepted: 'each check name once' })
      continue
    }
    seen.add(key.toLowerCase())
    const split = splitCommandLine(value)
    if (!split.ok) {
      problems.push({ given: `line ${line}: ${key}: ${value}`, accepted: `a command line, but ${split.problem}` })
      continue
    }
    checks.push({ name: key, argv: split.argv, command: value })
  }
  return { checks, problems }
}
