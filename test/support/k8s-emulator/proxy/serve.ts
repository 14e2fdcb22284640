/**
 * The `pods/proxy` and `services/proxy` subresources: authenticated, fault-injected, authorized and recorded like
 * every other request, then located (locate.ts) and streamed to the pod (forward.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { resourceByKind } from '../resources.js'
import { applyFaults, authenticate, sendStatus, VERBS, type RequestRecord, type ServerContext, type TokenGrant } from '../server.js'
import { ApiError, forbidden } from '../status.js'
import { locatePod, locateService, type ProxyRoute } from './locate.js'

/** Request bodies up to this size are kept in `requests` (larger ones are streamed through unrecorded). */
const RECORDED_BODY_LIMIT = 64 * 1024

function authorizeProxy(grant: TokenGrant, route: ProxyRoute, method: string): void {
  if (grant.namespaces === '*' || grant.namespaces.includes(route.namespace)) return
  const type = resourceByKind(route.resource === 'pods' ? 'Pod' : 'Service')
  throw forbidden(grant.user ?? 'system:serviceaccount:default:limited', VERBS[method] ?? method.toLowerCase(), type, route.namespace, route.id, 'proxy')
}

function recordBody(request: IncomingMessage, record: RequestRecord): void {
  const chunks: Buffer[] = []
  let size = 0
  request.on('data', (chunk: Buffer) => {
    size += chunk.length
    if (size <= RECORDED_BODY_LIMIT) chunks.push(chunk)
  })
  request.on('end', () => {
    if (size === 0 || size > RECORDED_BODY_LIMIT) return
    const text = Buffer.concat(chunks).toString('utf8')
    try {
      record.body = JSON.parse(text)
    } catch {
      record.body = text
    }
  })
}

export async function serveProxy(context: ServerContext, request: IncomingMessage, response: ServerResponse, url: URL, route: ProxyRoute): Promise<void> {
  const method = (request.method ?? 'GET').toUpperCase()
  const contentType = request.headers['content-type']
  const record: RequestRecord = {
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    ...(contentType ? { contentType } : {}),
    watch: false,
    at: context.clock.now()
  }
  context.requests.push(record)
  // Hold the body back until the pod is reached: nothing flows before the request is authorized and located.
  request.pause()
  recordBody(request, record)
  try {
    const grant = authenticate(context, request)
    await applyFaults(context, method, url.pathname, false)
    authorizeProxy(grant, route, method)
    const target = route.resource === 'pods' ? locatePod(context.store, route.namespace, route.id) : locateService(context.store, route.namespace, route.id)
    context.proxy.forward({
      request,
      response,
      route,
      target,
      rawQuery: url.search.slice(1),
      onStatus: (status) => (record.status = status)
    })
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    record.status = error.code
    request.resume()
    sendStatus(response, error)
  }
}
