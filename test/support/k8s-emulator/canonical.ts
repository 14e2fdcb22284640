/** JSON with object keys sorted: two objects are semantically equal when their canonical forms are equal
 * (clients reorder keys, e.g. client-node serializes them alphabetically). */
import type { Loose } from './types.js'

export function canonicalJson(value: Loose): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value)
}
