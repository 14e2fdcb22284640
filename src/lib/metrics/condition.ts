/**
 * The one grammar of metric conditions, shared by canary-deploy and health-rollback: `name: <query> <condition>`,
 * e.g. `error-rate: sum(rate(http_requests_total{code=~"5.."}[1m])) / sum(rate(http_requests_total[1m])) < 0.01`.
 * A condition says what a HEALTHY value looks like; several may be joined with `and`. A threshold is absolute
 * (`< 0.01`) or, where the action has a stable version to compare with, relative to the same query on stable
 * (`<= 1.5 * stable`, `<= stable + 0.01`, `<= 1.2 * stable + 0.005`). The conditions are read from the end of the
 * line, so the query itself may contain comparisons (`x > 0 < 0.01`). What each action allows (relative thresholds,
 * presets, placeholders) is its Dialect. Pure.
 */

export type ComparisonOperator = '<' | '<=' | '>' | '>=' | '==' | '!='

export interface Threshold {
  operator: ComparisonOperator
  /** value OP factor × stable + offset; factor 0 means absolute (value OP offset). */
  factor: number
  offset: number
}

export interface MetricCondition {
  name: string
  query: string
  thresholds: Threshold[]
  /** The query is a built-in preset's (PromQL). */
  preset: boolean
}

/** A built-in metric: a query and the thresholds a line with only its name gets. */
export interface Preset {
  query: string
  thresholds: Threshold[]
  description: string
}

/** What an action's `metrics` lines may use. */
export interface Dialect {
  /** Thresholds relative to stable (only an action with a stable version to measure has them). */
  relative: boolean
  /** Built-in metrics by name: `name` alone, or `name: <condition>`. */
  presets: Record<string, Preset>
  /** The {{placeholders}} a query may use; undefined: queries are not checked (nor their brackets). */
  placeholders?: string[]
}

/** Absolute thresholds only, no presets, queries as written (health-rollback). */
export const ABSOLUTE: Dialect = { relative: false, presets: {} }

export type ConditionParse = { ok: true; condition: MetricCondition } | { ok: false; problem: string }

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`
const OP = String.raw`<=|>=|==|!=|<|>`
const ABSOLUTE_TEXT = String.raw`(?:${OP})\s*${NUMBER}`
const RELATIVE_TEXT = String.raw`(?:${OP})\s*(?:(?:${NUMBER})\s*\*\s*)?stable(?:\s*\+\s*${NUMBER})?`
const THRESHOLD = new RegExp(String.raw`^(${OP})\s*(?:(${NUMBER})\s*\*\s*)?(stable)(?:\s*\+\s*(${NUMBER}))?$|^(${OP})\s*(${NUMBER})$`)
const NAME = /^[A-Za-z0-9][\w.-]*$/

function parseThreshold(text: string): Threshold {
  const m = THRESHOLD.exec(text.trim())!
  if (m[3]) return { operator: m[1] as ComparisonOperator, factor: m[2] !== undefined ? Number(m[2]) : 1, offset: m[4] !== undefined ? Number(m[4]) : 0 }
  return { operator: m[5] as ComparisonOperator, factor: 0, offset: Number(m[6]) }
}

/** Splits `query cond (and cond)*` at the end of the text; the query may itself contain comparisons. */
function splitConditions(text: string, relative: boolean): { query: string; thresholds: Threshold[] } | undefined {
  const thresholds: Threshold[] = []
  let rest = text.trim()
  const tail = new RegExp(String.raw`(${relative ? `${RELATIVE_TEXT}|` : ''}${ABSOLUTE_TEXT})\s*$`)
  for (;;) {
    const m = tail.exec(rest)
    if (!m) break
    thresholds.unshift(parseThreshold(m[1]!))
    rest = rest.slice(0, m.index).trim()
    const and = /\s+and$|^and$/.exec(rest)
    if (!and) break
    rest = rest.slice(0, and.index).trim()
  }
  if (thresholds.length === 0) return undefined
  return { query: rest, thresholds }
}

function missingCondition(text: string, dialect: Dialect): string {
  return dialect.relative
    ? `'${text}' does not end with a condition such as '< 0.01', '<= 1.5 * stable' or '<= stable + 0.01'`
    : `'${text}' does not end with a comparison such as '< 0.01' (operators <, <=, >, >=, ==, !=)`
}

export function parseCondition(name: string, expression: string, dialect: Dialect = ABSOLUTE): ConditionParse {
  if (!NAME.test(name)) return { ok: false, problem: `the name '${name}' should be letters, digits, '-', '_' or '.'` }
  const preset = dialect.presets[name]
  const presetNames = Object.keys(dialect.presets).join(', ')
  const text = expression.trim()
  if (text === '') {
    if (!preset) return { ok: false, problem: `'${name}' is not a built-in preset (${presetNames}); write 'name: <PromQL> <condition>'` }
    return { ok: true, condition: { name, query: preset.query, thresholds: preset.thresholds, preset: true } }
  }
  const split = splitConditions(text, dialect.relative)
  if (!split) return { ok: false, problem: missingCondition(text, dialect) }
  if (split.query === '') {
    if (presetNames === '') return { ok: false, problem: missingCondition(text, dialect) }
    if (!preset) return { ok: false, problem: `'${name}' has a condition but no query, and is not a built-in preset (${presetNames})` }
    return { ok: true, condition: { name, query: preset.query, thresholds: split.thresholds, preset: true } }
  }
  if (dialect.placeholders) {
    for (const m of split.query.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
      if (!dialect.placeholders.includes(m[1]!)) return { ok: false, problem: `unknown placeholder {{${m[1]}}} (use ${dialect.placeholders.map((p) => `{{${p}}}`).join(', ')})` }
    }
    if (!balanced(split.query)) return { ok: false, problem: `the query '${split.query}' has unbalanced brackets or quotes` }
    const open = OPEN_POD_PATTERN.exec(split.query)
    if (open) return { ok: false, problem: `'=~"${open[1]}' also matches the canary's pods (<deployment>-canary-…) when stable is measured, so stable and canary would be compared with a mix of both: match the pods with {{pods}} (e.g. pod=~"{{pods}}"), the measured side's pods anchored` }
  }
  return { ok: true, condition: { name, query: split.query, thresholds: split.thresholds, preset: false } }
}

/** A regex match that starts with a Deployment's name and then takes anything: `=~"{{canary}}-.*"`, `=~"{{stable}}.+"`. */
const OPEN_POD_PATTERN = /=~\s*"(\{\{\s*(?:canary|stable)\s*\}\}-?\.[*+])/

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

export const isRelative = (condition: MetricCondition): boolean => condition.thresholds.some((t) => t.factor !== 0)

export function describeThreshold(t: Threshold): string {
  if (t.factor === 0) return `${t.operator} ${t.offset}`
  const factor = t.factor === 1 ? '' : `${t.factor} * `
  const offset = t.offset === 0 ? '' : ` + ${t.offset}`
  return `${t.operator} ${factor}stable${offset}`
}

export const describeThresholds = (thresholds: Threshold[]): string => thresholds.map(describeThreshold).join(' and ')

export function compare(value: number, operator: ComparisonOperator, threshold: number): boolean {
  switch (operator) {
    case '<':
      return value < threshold
    case '<=':
      return value <= threshold
    case '>':
      return value > threshold
    case '>=':
      return value >= threshold
    case '==':
      return value === threshold
    case '!=':
      return value !== threshold
  }
}

/** The absolute bound of a threshold given the stable value (undefined when it needs a stable value it lacks). */
export function boundOf(t: Threshold, stable: number | undefined): number | undefined {
  if (t.factor === 0) return t.offset
  return stable === undefined ? undefined : t.factor * stable + t.offset
}

export function meets(value: number, t: Threshold, stable: number | undefined): boolean | undefined {
  const bound = boundOf(t, stable)
  return bound === undefined ? undefined : compare(value, t.operator, bound)
}

/** What {{canary}}, {{stable}}, {{pods}} and {{namespace}} stand for in a query. */
export interface Targets {
  canary: string
  stable: string
  namespace: string
}

/**
 * The pods of a Deployment as an anchored PromQL regex: `<name>-<pod-template-hash>-<suffix>`. Neither part after the
 * name contains a '-', so `web-…` never matches `web-canary-…` (PromQL anchors =~ at both ends).
 */
export function podPattern(deployment: string): string {
  return `${deployment}-[a-z0-9]+-[a-z0-9]+`
}

/**
 * The query text for one side: {{canary}} names the side measured ('canary' or 'stable'), {{pods}} is the anchored
 * pattern of that side's pods.
 */
export function resolveQuery(query: string, targets: Targets, side: 'canary' | 'stable'): string {
  const subject = side === 'canary' ? targets.canary : targets.stable
  return query
    .replace(/\{\{\s*pods\s*\}\}/g, podPattern(subject))
    .replace(/\{\{\s*canary\s*\}\}/g, subject)
    .replace(/\{\{\s*stable\s*\}\}/g, targets.stable)
    .replace(/\{\{\s*namespace\s*\}\}/g, targets.namespace)
}
