/**
 * Metric conditions as users write them, one per line: `name: <PromQL> <op> <number>`, e.g.
 * `error-rate: sum(rate(http_requests_total{code=~"5.."}[1m])) / sum(rate(http_requests_total[1m])) < 0.01`.
 * The condition states what a HEALTHY value looks like. The comparison is the last operator followed by a number at
 * the end of the line, so the query itself may contain comparisons (`x > 0 < 0.01`). Pure.
 */

export type ComparisonOperator = '<' | '<=' | '>' | '>=' | '==' | '!='

export interface MetricCondition {
  name: string
  query: string
  operator: ComparisonOperator
  threshold: number
}

export type ConditionParse = { ok: true; condition: MetricCondition } | { ok: false; problem: string }

const TAIL = /^(.*?\S)\s*(<=|>=|==|!=|<|>)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$/s
const NAME = /^[A-Za-z0-9][\w.-]*$/

export function parseCondition(name: string, expression: string): ConditionParse {
  if (!NAME.test(name)) return { ok: false, problem: `the name '${name}' should be letters, digits, '-', '_' or '.'` }
  const match = TAIL.exec(expression.trim())
  if (!match) return { ok: false, problem: `'${expression}' does not end with a comparison such as '< 0.01' (operators <, <=, >, >=, ==, !=)` }
  return { ok: true, condition: { name, query: match[1]!.trim(), operator: match[2] as ComparisonOperator, threshold: Number(match[3]) } }
}

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

export const describeCondition = (c: MetricCondition): string => `${c.operator} ${c.threshold}`
