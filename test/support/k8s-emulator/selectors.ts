/**
 * Label and field selectors as the API server parses them from `?labelSelector=` / `?fieldSelector=`
 * (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors), plus the structured
 * LabelSelector of a Deployment's spec.selector.
 */
import { badRequest } from './status.js'
import type { KObject, Loose } from './types.js'

type Requirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!' }

export type Matcher = (labels: Record<string, string> | undefined) => boolean

/** Splits on commas that are not inside parentheses: `a in (x,y),b=c`. */
function splitTerms(text: string): string[] {
  const terms: string[] = []
  let depth = 0
  let current = ''
  for (const char of text) {
    if (char === '(') depth++
    if (char === ')') depth--
    if (char === ',' && depth === 0) {
      terms.push(current)
      current = ''
    } else current += char
  }
  terms.push(current)
  return terms.map((t) => t.trim()).filter((t) => t !== '')
}

function parseRequirement(term: string): Requirement {
  let match = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term)
  if (match) return { key: match[1]!, op: match[2] as 'in' | 'notin', values: match[3]!.split(',').map((v) => v.trim()) }
  match = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(term)
  if (match) return { key: match[1]!, op: match[2] === '!=' ? 'notin' : 'in', values: [match[3]!] }
  match = /^!([\w./-]+)$/.exec(term)
  if (match) return { key: match[1]!, op: '!' }
  match = /^([\w./-]+)$/.exec(term)
  if (match) return { key: match[1]!, op: 'exists' }
  throw badRequest(`unable to parse requirement: found '${term}', expected: in, notin, =, ==, !=, gt, lt`)
}

function matches(requirements: Requirement[], labels: Record<string, string> = {}): boolean {
  return requirements.every((r) => {
    const has = Object.hasOwn(labels, r.key)
    switch (r.op) {
      case 'exists':
        return has
      case '!':
        return !has
      case 'in':
        return has && r.values.includes(labels[r.key]!)
      case 'notin':
        return !has || !r.values.includes(labels[r.key]!)
    }
  })
}

export function parseLabelSelector(text: string | null | undefined): Matcher {
  if (!text) return () => true
  const requirements = splitTerms(text).map(parseRequirement)
  return (labels) => matches(requirements, labels)
}

/** A structured selector (matchLabels + matchExpressions). An empty selector matches everything. */
export function labelSelectorMatcher(selector: Loose): Matcher {
  const requirements: Requirement[] = []
  for (const [key, value] of Object.entries<string>(selector?.matchLabels ?? {})) requirements.push({ key, op: 'in', values: [value] })
  for (const expr of selector?.matchExpressions ?? []) {
    const op = String(expr.operator)
    if (op === 'In') requirements.push({ key: expr.key, op: 'in', values: expr.values ?? [] })
    else if (op === 'NotIn') requirements.push({ key: expr.key, op: 'notin', values: expr.values ?? [] })
    else if (op === 'Exists') requirements.push({ key: expr.key, op: 'exists' })
    else if (op === 'DoesNotExist') requirements.push({ key: expr.key, op: '!' })
  }
  return (labels) => matches(requirements, labels)
}

/** `app=web,pod-template-hash=abc`: the string form kubectl and the Scale subresource use. */
export function selectorString(selector: Loose): string {
  const parts = Object.entries<string>(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`)
  for (const expr of selector?.matchExpressions ?? []) {
    if (expr.operator === 'In' || expr.operator === 'NotIn') parts.push(`${expr.key} ${String(expr.operator).toLowerCase()} (${(expr.values ?? []).join(',')})`)
    else parts.push(expr.operator === 'Exists' ? expr.key : `!${expr.key}`)
  }
  return parts.join(',')
}

function fieldValue(object: KObject, path: string): string {
  let value: Loose = object
  for (const part of path.split('.')) value = value?.[part]
  return value === undefined || value === null ? '' : String(value)
}

/** Field selectors support `=`, `==` and `!=` on dotted paths (metadata.name, involvedObject.uid, status.phase). */
export function parseFieldSelector(text: string | null | undefined): (object: KObject) => boolean {
  if (!text) return () => true
  const terms = text.split(',').map((term) => {
    const match = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(term.trim())
    if (!match) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`)
    return { path: match[1]!, negate: match[2] === '!=', value: match[3]! }
  })
  return (object) => terms.every((t) => (fieldValue(object, t.path) === t.value) !== t.negate)
}
