/**
 * What the API server's authorizer sees in a request: verb, API group, resource, subresource, namespace and name.
 * A port of k8s.io/apiserver/pkg/endpoints/request/requestinfo.go (NewRequestInfo), so injected 403 and 409 name the
 * same things the real server would.
 */

export interface RequestInfo {
  isResourceRequest: boolean
  path: string
  verb: string
  apiGroup: string
  apiVersion: string
  namespace: string
  resource: string
  subresource: string
  name: string
}

const API_PREFIXES = new Set(['api', 'apis'])
const GROUPLESS_PREFIXES = new Set(['api'])
const SPECIAL_VERBS = new Set(['proxy', 'watch'])
const SPECIAL_VERBS_NO_SUBRESOURCES = new Set(['proxy'])
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize'])
const METHOD_VERBS: Record<string, string> = { POST: 'create', GET: 'get', HEAD: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }

/** The name a `metadata.name=X` (or `==`) field selector pins, as RequiresExactMatch finds it. */
function nameFromFieldSelector(selector: string | null): string {
  for (const term of (selector ?? '').split(',')) {
    const match = /^metadata\.name==?(.*)$/.exec(term.trim())
    if (match && /^[^/%]+$/.test(match[1]!) && match[1] !== '.' && match[1] !== '..') return match[1]!
  }
  return ''
}

export function isWatchRequest(method: string, path: string, query: URLSearchParams): boolean {
  if (method !== 'GET') return false
  const watch = query.get('watch')
  if (watch !== null && !['false', '0'].includes(watch.toLowerCase())) return true
  return /^\/(api|apis\/[^/]+)\/[^/]+\/watch\//.test(path)
}

export function requestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const info: RequestInfo = { isResourceRequest: false, path, verb: method.toLowerCase(), apiGroup: '', apiVersion: '', namespace: '', resource: '', subresource: '', name: '' }
  let parts = path.replace(/^\/+|\/+$/g, '').split('/')
  if (parts.length < 3 || !API_PREFIXES.has(parts[0]!)) return info
  const prefix = parts[0]!
  parts = parts.slice(1)
  if (!GROUPLESS_PREFIXES.has(prefix)) {
    if (parts.length < 3) return info
    info.apiGroup = parts[0]!
    parts = parts.slice(1)
  }
  info.isResourceRequest = true
  info.apiVersion = parts[0]!
  parts = parts.slice(1)

  if (SPECIAL_VERBS.has(parts[0]!)) {
    if (parts.length < 2) return info
    info.verb = parts[0]!
    parts = parts.slice(1)
  } else {
    info.verb = METHOD_VERBS[method] ?? ''
  }
  if (parts[0] === 'namespaces' && parts.length > 1) {
    info.namespace = parts[1]!
    if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2]!)) parts = parts.slice(2)
  }
  if (parts.length >= 3 && !SPECIAL_VERBS_NO_SUBRESOURCES.has(info.verb)) info.subresource = parts[2]!
  if (parts.length >= 2) info.name = parts[1]!
  if (parts.length >= 1) info.resource = parts[0]!

  if (info.name === '' && info.verb === 'get') {
    info.verb = isWatchRequest(method, path, query) ? 'watch' : 'list'
    info.name = nameFromFieldSelector(query.get('fieldSelector'))
  }
  if (info.name === '' && info.verb === 'delete') info.verb = 'deletecollection'
  return info
}

/** GroupResource.String(): `deployments.apps`, or `pods` for the core group. */
export const qualifiedResource = (info: RequestInfo): string => (info.apiGroup ? `${info.resource}.${info.apiGroup}` : info.resource)
