/**
 * The JSONPath subset health endpoints need: `$.status`, `$.checks[0].state`, `$['dotted.key']`, `status` (the `$.`
 * is optional). No filters or wildcards: a health check compares one value. Pure.
 */

export type PathSegment = string | number
export type JsonPathParse = { ok: true; segments: PathSegment[] } | { ok: false; problem: string }

const TOKEN = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/y

export function parseJsonPath(text: string): JsonPathParse {
  let source = text.trim()
  if (source === '') return { ok: false, problem: 'it is empty' }
  if (source === '$') return { ok: true, segments: [] }
  if (source.startsWith('$')) source = source.slice(1)
  else if (!source.startsWith('[')) source = `.${source}`
  const segments: PathSegment[] = []
  let index = 0
  while (index < source.length) {
    TOKEN.lastIndex = index
    const match = TOKEN.exec(source)
    if (!match) return { ok: false, problem: `it cannot be read at '${source.slice(index)}' (supported: $.a.b, $.a[0], $['a.b'])` }
    if (match[1] !== undefined) segments.push(match[1])
    else if (match[2] !== undefined) segments.push(Number(match[2]))
    else segments.push((match[3] ?? match[4]!).replace(/\\(.)/g, '$1'))
    index = TOKEN.lastIndex
  }
  return { ok: true, segments }
}

/** The value at the path, or undefined when the document has nothing there. */
export function selectJsonPath(document: unknown, segments: PathSegment[]): unknown {
  let current: unknown = document
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined
      current = current[segment]
    } else {
      if (Array.isArray(current)) return undefined
      current = (current as Record<string, unknown>)[segment]
    }
  }
  return current
}

/** Compares a selected value with `json-expected` text: strings as they are, other values as their JSON. */
export function jsonValueEquals(value: unknown, expected: string): boolean {
  if (value === undefined) return false
  if (typeof value === 'string') return value === expected
  return JSON.stringify(value) === expected.trim()
}
