/** `body-match` with a time bound: a user's pattern that backtracks catastrophically cannot hang the step. */
import { createContext, runInContext } from 'node:vm'

/** Far more than any sane pattern needs on a 64 KiB body (microseconds), far less than a probe interval. */
export const BODY_MATCH_LIMIT_MS = 200

const script = 'pattern.test(body)'

/**
 * Tests `pattern` on `body`, stopped after `limitMs`: JavaScript's engine backtracks, so a pattern such as `^(a+)+$`
 * takes exponential time on some bodies, and a health endpoint chooses its body. The match runs under node:vm's
 * timeout, which interrupts the engine mid-match; 'timed-out' says it was stopped.
 */
export function testBodyMatch(pattern: RegExp, body: string, limitMs = BODY_MATCH_LIMIT_MS): boolean | 'timed-out' {
  pattern.lastIndex = 0
  try {
    return runInContext(script, createContext({ pattern, body }), { timeout: limitMs }) === true
  } catch (error) {
    if ((error as { code?: string } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return 'timed-out'
    throw error
  }
}
