/** JSON Patch, RFC 6902 (`application/json-patch+json`), with JSON Pointer paths (RFC 6901). */
import { badRequest, ApiError } from '../status.js'
import type { Loose } from '../types.js'

interface Operation {
  op: string
  path: string
  from?: string
  value?: Loose
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return []
  if (!pointer.startsWith('/')) throw badRequest(`invalid JSON pointer ${JSON.stringify(pointer)}`)
  return pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
}

/** The API server reports a patch that cannot apply as 422 (e.g. replacing a missing path). */
const unprocessable = (message: string): ApiError => new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${message}`)

function parentOf(document: Loose, tokens: string[], pointer: string): { parent: Loose; key: string } {
  let parent = document
  for (const token of tokens.slice(0, -1)) {
    parent = Array.isArray(parent) ? parent[Number(token)] : parent?.[token]
    if (parent === undefined || parent === null || typeof parent !== 'object') throw unprocessable(`path ${pointer} does not exist`)
  }
  return { parent, key: tokens[tokens.length - 1]! }
}

function get(document: Loose, pointer: string): Loose {
  let value = document
  for (const token of parsePointer(pointer)) {
    value = Array.isArray(value) ? value[Number(token)] : value?.[token]
    if (value === undefined) throw unprocessable(`path ${pointer} does not exist`)
  }
  return value
}

function add(document: Loose, pointer: string, value: Loose): Loose {
  const tokens = parsePointer(pointer)
  if (tokens.length === 0) return structuredClone(value)
  const { parent, key } = parentOf(document, tokens, pointer)
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : Number(key)
    if (!Number.isInteger(index) || index < 0 || index > parent.length) throw unprocessable(`index ${key} out of range in ${pointer}`)
    parent.splice(index, 0, structuredClone(value))
  } else parent[key] = structuredClone(value)
  return document
}

function remove(document: Loose, pointer: string): Loose {
  const tokens = parsePointer(pointer)
  const { parent, key } = parentOf(document, tokens, pointer)
  if (Array.isArray(parent)) {
    const index = Number(key)
    if (!(index >= 0 && index < parent.length)) throw unprocessable(`index ${key} out of range in ${pointer}`)
    parent.splice(index, 1)
  } else {
    if (!Object.hasOwn(parent, key)) throw unprocessable(`path ${pointer} does not exist`)
    delete parent[key]
  }
  return document
}

export function applyJsonPatch(target: Loose, operations: unknown): Loose {
  if (!Array.isArray(operations)) throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch')
  let document = structuredClone(target)
  for (const operation of operations as Operation[]) {
    switch (operation.op) {
      case 'add':
        document = add(document, operation.path, operation.value)
        break
      case 'remove':
        document = remove(document, operation.path)
        break
      case 'replace':
        get(document, operation.path)
        document = operation.path === '' ? structuredClone(operation.value) : add(remove(document, operation.path), operation.path, operation.value)
        break
      case 'move': {
        const value = get(document, operation.from ?? '')
        document = add(remove(document, operation.from ?? ''), operation.path, value)
        break
      }
      case 'copy':
        document = add(document, operation.path, get(document, operation.from ?? ''))
        break
      case 'test':
        if (JSON.stringify(get(document, operation.path)) !== JSON.stringify(operation.value)) throw unprocessable(`testing value ${operation.path} failed`)
        break
      default:
        throw badRequest(`Unexpected kind: ${operation.op}`)
    }
  }
  return document
}
