/** JSON Merge Patch, RFC 7386 (`application/merge-patch+json`): objects merge, null deletes, anything else replaces. */
import type { Loose } from '../types.js'

const isObject = (value: unknown): value is Record<string, Loose> => typeof value === 'object' && value !== null && !Array.isArray(value)

export function applyMergePatch(target: Loose, patch: Loose): Loose {
  if (!isObject(patch)) return structuredClone(patch)
  const result: Record<string, Loose> = isObject(target) ? { ...target } : {}
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key]
    else result[key] = applyMergePatch(result[key], value)
  }
  return result
}
