/** Judges one HTTP response against what the user expects of a healthy version. Pure. */
import { BODY_MATCH_LIMIT_MS, testBodyMatch } from './body-match.js'
import { oneLine } from '../action/log-text.js'
import { describeStatuses, statusMatches, type StatusRange } from './expected-status.js'
import { jsonValueEquals, selectJsonPath, type PathSegment } from './json-path.js'

export interface ProbeExpectations {
  statuses: StatusRange[]
  bodyMatch?: RegExp
  jsonPath?: { text: string; segments: PathSegment[]; expected: string }
  maxLatencyMs?: number
}

/** What one request observed. `error` is set when no response arrived (refused, reset, timed out). */
export interface ProbeObservation {
  url: string
  /** When the request started (ms since the epoch, in the caller's clock). */
  at: number
  status?: number
  latencyMs: number
  body?: string
  error?: string
}

export interface ProbeVerdict {
  ok: boolean
  /** Why it failed, as a user reads it (empty when ok). */
  reasons: string[]
}

/** The start of a body, on one line (a body is outside text: its line breaks must not start log lines). */
const excerpt = (text: string): string => oneLine(text.length > 80 ? `${text.slice(0, 77)}...` : text)

export function judgeProbe(observation: ProbeObservation, expect: ProbeExpectations): ProbeVerdict {
  if (observation.error !== undefined) return { ok: false, reasons: [observation.error] }
  const reasons: string[] = []
  const status = observation.status ?? 0
  if (!statusMatches(expect.statuses, status)) reasons.push(`status ${status} (expected ${describeStatuses(expect.statuses)})`)
  if (expect.maxLatencyMs !== undefined && observation.latencyMs > expect.maxLatencyMs) {
    reasons.push(`latency ${Math.round(observation.latencyMs)} ms (at most ${expect.maxLatencyMs} ms)`)
  }
  const body = observation.body ?? ''
  const matched = expect.bodyMatch ? testBodyMatch(expect.bodyMatch, body) : true
  if (matched === 'timed-out') {
    reasons.push(
      `body-match /${expect.bodyMatch!.source}/ did not finish on this body within ${BODY_MATCH_LIMIT_MS} ms: the pattern backtracks catastrophically (nested quantifiers such as (a+)+ or alternatives that overlap); simplify it`
    )
  } else if (!matched) {
    reasons.push(`body does not match /${expect.bodyMatch!.source}/: '${excerpt(body)}'`)
  }
  if (expect.jsonPath) {
    let document: unknown
    try {
      document = JSON.parse(body)
    } catch {
      reasons.push(`body is not JSON, so ${expect.jsonPath.text} cannot be read: '${excerpt(body)}'`)
      return { ok: false, reasons }
    }
    const value = selectJsonPath(document, expect.jsonPath.segments)
    if (!jsonValueEquals(value, expect.jsonPath.expected)) {
      reasons.push(`${expect.jsonPath.text} is ${value === undefined ? 'missing' : JSON.stringify(value)} (expected ${JSON.stringify(expect.jsonPath.expected)})`)
    }
  }
  return { ok: reasons.length === 0, reasons }
}
