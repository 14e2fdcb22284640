/**
 * Analysis metrics as users write them, one per line: `name: <PromQL> <condition>` or, for a built-in preset,
 * `name: <condition>` or just `name`. A condition says what a HEALTHY canary looks like; several may be joined with
 * `and`. A threshold is absolute (`< 0.01`) or relative to the same query on stable (`<= 1.5 * stable`,
 * `<= stable + 0.01`, `<= 1.2 * stable + 0.005`). Queries may use {{canary}}, {{stable}} and {{namespace}}: the
 * query for the canary is the text with {{canary}} as the canary Deployment; the stable reference of a relative
 * condition is the same text with {{canary}} as the stable Deployment. Pure.
 */
import { compare, type ComparisonOperator } from '../lib/metrics/condition.js'
import { PRESETS } from './presets.js'

export interface Threshold {
  operator: ComparisonOperator
  /** value OP factor × stable + offset; factor 0 means absolute (value OP offset). */
  factor: number
  offset: number
}

export interface AnalysisMetric {
  name: string
  query: string
  thresholds: Threshold[]
  preset: boolean
}

export type MetricParse = { ok: true; metric: AnalysisMetric } | { ok: false; problem: string }

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`
const OP = String.raw`<=|>=|==|!=|<|>`
const THRESHOLD = new RegExp(String.raw`^(${OP})\s*(?:(${NUMBER})\s*\*\s*)?(stable)(?:\s*\+\s*(${NUMBER}))?$|^(${OP})\s*(${NUMBER})$`)
const NAME = /^[A-Za-z0-9][\w.-]*$/

function parseThreshold(text: string): Threshold | undefined {
  const m = THRESHOLD.exec(text.trim())
  if (!m) return undefined
  if (m[3]) return { operator: m[1] as ComparisonOperator, factor: m[2] !== undefined ? Number(m[2]) : 1, offset: m[4] !== undefined ? Number(m[4]) : 0 }
  return { operator: m[5] as ComparisonOperator, factor: 0, offset: Number(m[6]) }
}

/** Splits `query cond (and cond)*` at the end of the text; the query may itself contain comparisons. */
function splitConditions(text: string): { query: string; thresholds: Threshold[] } | undefined {
  const thresholds: Threshold[] = []
  let rest = text.trim()
  const tail = new RegExp(String.raw`(?:^|\s)((?:${OP})\s*(?:(?:${NUMBER})\s*\*\s*)?stable(?:\s*\+\s*${NUMBER})?|(?:${OP})\s*${NUMBER})\s*$`)
  for (;;) {
    const m = tail.exec(rest)
    if (!m) break
    thresholds.unshift(parseThreshold(m[1]!)!)
    rest = rest.slice(0, m.index).trim()
    const and = /\s+and$|^and$/.exec(rest)
    if (!and) break
    rest = rest.slice(0, and.index).trim()
  }
  if (thresholds.length === 0) return undefined
  return { query: rest, thresholds }
}

export function parseMetric(name: string, expression: string): MetricParse {
  if (!NAME.test(name)) return { ok: false, problem: `the name '${name}' should be letters, digits, '-', '_' or '.'` }
  const preset = PRESETS[name]
  const text = expression.trim()
  if (text === '') {
    if (!preset) return { ok: false, problem: `'${name}' is not a built-in preset (${Object.keys(PRESETS).join(', ')}); write 'name: <PromQL> <condition>'` }
    return { ok: true, metric: { name, query: preset.query, thresholds: preset.thresholds, preset: true } }
  }
  const split = splitConditions(text)
  if (!split) {
    return { ok: false, problem: `'${text}' does not end with a condition such as '< 0.01', '<= 1.5 * stable' or '<= stable + 0.01'` }
  }
  if (split.query === '') {
    if (!preset) return { ok: false, problem: `'${name}' has a condition but no query, and is not a built-in preset (${Object.keys(PRESETS).join(', ')})` }
    return { ok: true, metric: { name, query: preset.query, thresholds: split.thresholds, preset: true } }
  }
  const braces = /\{\{\s*(\w+)\s*\}\}/g
  for (const m of split.query.matchAll(braces)) {
    if (!['canary', 'stable', 'namespace'].includes(m[1]!)) return { ok: false, problem: `unknown placeholder {{${m[1]}}} (use {{canary}}, {{stable}}, {{namespace}})` }
  }
  if (!balanced(split.query)) return { ok: false, problem: `the query '${split.query}' has unbalanced brackets or quotes` }
  return { ok: true, metric: { name, query: split.query, thresholds: split.thresholds, preset: false } }
}

function balanced(query: string): boolean {
  const stack: string[] = []
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' }
  let quote: string | undefined
  for (let i = 0; i < query.length; i++) {
    const c = query[i]!
    if (quote) {
      if (c === '\\') i++
      else if (c === quote) quote = undefined
      continue
    }
    if (c === '"' || c === "'" || c === '`') quote = c
    else if (c === '(' || c === '[' || c === '{') stack.push(c)
    else if (c in pairs && stack.pop() !== pairs[c]) return false
  }
  return stack.length === 0 && quote === undefined
}

export const isRelative = (metric: AnalysisMetric): boolean => metric.thresholds.some((t) => t.factor !== 0)

export interface Targets {
  canary: string
  stable: string
  namespace: string
}

/** The query text for one side: {{canary}} names the side measured ('canary' or 'stable'). */
export function resolveQuery(query: string, targets: Targets, side: 'canary' | 'stable'): string {
  const subject = side === 'canary' ? targets.canary : targets.stable
  return query
    .replace(/\{\{\s*canary\s*\}\}/g, subject)
    .replace(/\{\{\s*stable\s*\}\}/g, targets.stable)
    .replace(/\{\{\s*namespace\s*\}\}/g, targets.namespace)
}

export function describeThreshold(t: Threshold): string {
  if (t.factor === 0) return `${t.operator} ${t.offset}`
  const factor = t.factor === 1 ? '' : `${t.factor} * `
  const offset = t.offset === 0 ? '' : ` + ${t.offset}`
  return `${t.operator} ${factor}stable${offset}`
}

export const describeThresholds = (thresholds: Threshold[]): string => thresholds.map(describeThreshold).join(' and ')

/** The absolute bound of a threshold given the stable value (undefined when it needs a stable value it lacks). */
export function boundOf(t: Threshold, stable: number | undefined): number | undefined {
  if (t.factor === 0) return t.offset
  return stable === undefined ? undefined : t.factor * stable + t.offset
}

export function meets(value: number, t: Threshold, stable: number | undefined): boolean | undefined {
  const bound = boundOf(t, stable)
  return bound === undefined ? undefined : compare(value, t.operator, bound)
}
