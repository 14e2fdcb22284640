/**
 * JSON patches (RFC 6902) for writes that change an object read a moment before: only the paths that differ between
 * what was read and what is wanted, behind a `test` of the resourceVersion read, so a write never sends back fields
 * it did not mean to change and never lands on an object someone else changed meanwhile. Pure: no I/O.
 */

export type JsonPatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }

/** A JSON pointer segment (RFC 6901): `~` as `~0`, `/` as `~1` (annotation keys such as `example.com/team`). */
export const pointerSegment = (key: string | number): string => String(key).replaceAll('~', '~0').replaceAll('/', '~1')

/** The object as it goes over the wire: undefined members dropped, Dates as strings (client-node's models use the wire names). */
export const wireJson = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T))

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/**
 * The operations that turn `before` into `after`, both plain JSON (see wireJson): members compared one by one, lists
 * of the same length element by element, a list whose length changed replaced whole (as a merge patch would).
 */
export function jsonPatchDiff(before: unknown, after: unknown, path = ''): JsonPatchOperation[] {
  if (equal(before, after)) return []
  if (isPlainObject(before) && isPlainObject(after)) {
    const ops: JsonPatchOperation[] = []
    for (const key of Object.keys(before)) {
      if (!(key in after)) ops.push({ op: 'remove', path: `${path}/${pointerSegment(key)}` })
    }
    for (const [key, value] of Object.entries(after)) {
      const at = `${path}/${pointerSegment(key)}`
      if (!(key in before)) ops.push({ op: 'add', path: at, value })
      else ops.push(...jsonPatchDiff(before[key], value, at))
    }
    return ops
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, index) => jsonPatchDiff(item, after[index], `${path}/${index}`))
  }
  return [{ op: 'replace', path, value: after }]
}

/** `test` that the object is still at the resourceVersion it was read at: the API server refuses the patch otherwise. */
export const testResourceVersion = (resourceVersion: string): JsonPatchOperation => ({ op: 'test', path: '/metadata/resourceVersion', value: resourceVersion })
