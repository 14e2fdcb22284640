/** The HTTPS front of the emulator: bearer-token authentication (401) and per-namespace authorization (403),
 * fault injection, discovery, and dispatch to the REST handlers or a watch stream. */
import { createServer, type Server } from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { ResourceApi } from './api.js'
import type { EmulatorClock } from './clock.js'
import type { FaultEffect, Faults } from './faults.js'
import type { ProxyForwarder } from './proxy/forward.js'
import { parseProxyRoute } from './proxy/locate.js'
import { serveProxy } from './proxy/serve.js'
import { discovery, parseRoute, type ResourceRoute } from './routes.js'
import { ApiError, badRequest, conflict, forbidden, serverError, tooManyRequests, unauthorized, unsupportedMediaType } from './status.js'
import type { Store } from './store.js'
import type { Certificates } from './tls.js'
import { serveWatch } from './watch.js'

export interface TokenGrant {
  /** Namespaces the token may touch; '*' for all, cluster-scoped resources included. */
  namespaces: '*' | string[]
  user?: string
}

export interface RequestRecord {
  method: string
  path: string
  query: Record<string, string>
  contentType?: string
  body?: unknown
  watch: boolean
  /** Emulated time of the request. */
  at: number
  status?: number
}

export interface ServerContext {
  store: Store
  clock: EmulatorClock
  faults: Faults
  api: ResourceApi
  tokens: Map<string, TokenGrant>
  requests: RequestRecord[]
  bookmarkIntervalMs: number
  watchGoneAs: 'error-event' | 'http-410'
  proxy: ProxyForwarder
}

export const VERBS: Record<string, string> = { GET: 'get', HEAD: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  response.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers })
  response.end(text)
}

function authorize(grant: TokenGrant, route: ResourceRoute, method: string, isWatch: boolean): void {
  if (grant.namespaces === '*') return
  const namespace = route.type.namespaced ? route.namespace : route.type.kind === 'Namespace' ? route.name : undefined
  if (namespace !== undefined && grant.namespaces.includes(namespace)) return
  const verb = isWatch ? 'watch' : method === 'GET' && route.name === undefined ? 'list' : VERBS[method] ?? method.toLowerCase()
  throw forbidden(grant.user ?? 'system:serviceaccount:default:limited', verb, route.type, route.namespace, route.name, route.subresource)
}

/** The bearer token's grant (401 without a known one). */
export function authenticate(context: ServerContext, request: IncomingMessage): TokenGrant {
  const header = request.headers.authorization ?? ''
  const grant = header.startsWith('Bearer ') ? context.tokens.get(header.slice('Bearer '.length).trim()) : undefined
  if (!grant) throw unauthorized()
  return grant
}

/** Applies the injected faults that act before a request is served (latency, errors, throttling); returns them all. */
export async function applyFaults(context: ServerContext, method: string, path: string, isWatch: boolean): Promise<FaultEffect[]> {
  const effects = context.faults.take(method, path, isWatch)
  const delay = effects.reduce((ms, e) => ms + (e.type === 'latency' ? e.ms : 0), 0)
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay))
  for (const effect of effects) {
    if (effect.type === 'error') throw serverError(effect.status, effect.message)
    if (effect.type === 'throttle') throw tooManyRequests(effect.retryAfterSeconds)
  }
  return effects
}

export function sendStatus(response: ServerResponse, error: ApiError): void {
  sendJson(response, error.code, error.toStatus(), error.headers)
}

export function startServer(certificates: Certificates, context: ServerContext): Promise<Server> {
  const server = createServer({ key: certificates.keyPem, cert: certificates.certPem }, (request, response) => {
    handle(context, request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, serverError(500, String(error)).toStatus())
      else response.destroy()
    })
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(server))
  })
}

async function handle(context: ServerContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'https://127.0.0.1')
  // Proxied requests stream their bodies: they must be routed before anything reads the body.
  const proxyRoute = parseProxyRoute(url.pathname)
  if (proxyRoute) return serveProxy(context, request, response, url, proxyRoute)
  const method = (request.method ?? 'GET').toUpperCase()
  const isWatch = ['true', '1'].includes(url.searchParams.get('watch') ?? '')
  const contentType = request.headers['content-type']
  const text = await readBody(request)
  const record: RequestRecord = {
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    ...(contentType ? { contentType } : {}),
    watch: isWatch,
    at: context.clock.now()
  }
  if (text !== '') {
    try {
      record.body = JSON.parse(text)
    } catch {
      record.body = text
    }
  }
  context.requests.push(record)
  const fail = (error: ApiError): void => {
    record.status = error.code
    sendStatus(response, error)
  }
  try {
    const grant = authenticate(context, request)
    const effects = await applyFaults(context, method, url.pathname, isWatch)

    const route = parseRoute(url.pathname)
    if (!route) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource')
    if (route.kind === 'discovery') {
      if (['/healthz', '/readyz', '/livez'].includes(route.path)) return void sendJson(response, (record.status = 200), 'ok')
      const document = discovery(route.path)
      if (document === undefined) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource')
      record.status = 200
      return sendJson(response, 200, document)
    }
    authorize(grant, route, method, isWatch)
    if (effects.some((e) => e.type === 'conflict')) throw conflict(route.type, route.name ?? '')

    if (isWatch && method === 'GET') {
      const drop = effects.find((e) => e.type === 'drop-watch')
      response.on('finish', () => (record.status = response.statusCode))
      record.status = 200
      return serveWatch(response, {
        store: context.store,
        faults: context.faults,
        route,
        query: url.searchParams,
        path: url.pathname,
        bookmarkIntervalMs: context.bookmarkIntervalMs,
        goneAs: context.watchGoneAs,
        ...(drop?.type === 'drop-watch' ? { dropAfterEvents: { count: drop.afterEvents ?? 0, abrupt: drop.abrupt ?? false } } : {})
      })
    }

    let body: unknown
    if (text !== '') {
      const mediaType = (contentType ?? 'application/json').split(';')[0]!.trim()
      if (!/^application\/(json|json-patch\+json|merge-patch\+json|strategic-merge-patch\+json)$/.test(mediaType)) throw unsupportedMediaType(mediaType)
      try {
        body = JSON.parse(text)
      } catch {
        throw badRequest(`the body of the request could not be decoded as JSON`)
      }
    }
    const result = context.api.handle({ method, route, query: url.searchParams, body, contentType: contentType ?? 'application/json' })
    record.status = result.status
    if (result.contentType === 'text/plain') {
      response.writeHead(result.status, { 'Content-Type': 'text/plain' })
      response.end(result.body as string)
    } else sendJson(response, result.status, result.body)
  } catch (error) {
    if (error instanceof ApiError) return fail(error)
    throw error
  }
}
