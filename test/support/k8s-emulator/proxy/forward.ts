/**
 * Forwards one proxied request to a pod as k8s.io/apimachinery's UpgradeAwareHandler and proxy Transport do:
 * request and response streamed both ways (never buffered), hop-by-hop headers and the caller's Authorization
 * dropped (the authentication filter removes it), X-Forwarded-* added, redirects rewritten to stay behind the proxy,
 * a bare `/proxy` GET redirected to `/proxy/`, and dial failures answered with the API server's 503 Status
 * "error trying to reach service: dial tcp …".
 */
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import type { Socket } from 'node:net'
import { ApiError, serverError } from '../status.js'
import type { ProxyRoute, ProxyTarget } from './locate.js'

/** Go's net/http ReverseProxy hopHeaders. */
const HOP_BY_HOP = ['connection', 'proxy-connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']

/** Port names Go's resolver knows without /etc/services (net/lookup.go): the pod proxy passes a named port to it. */
const GO_SERVICE_PORTS: Record<string, number> = { ftp: 21, ftps: 990, gopher: 70, http: 80, https: 443, imap2: 143, imap3: 220, imaps: 993, pop3: 110, pop3s: 995, smtp: 25, submissions: 465, ssh: 22, telnet: 23 }

/** The kube-apiserver's proxy dialer gives up after 30 s. */
const DIAL_TIMEOUT_MS = 30_000

export interface ForwardRequest {
  request: IncomingMessage
  response: ServerResponse
  route: ProxyRoute
  target: ProxyTarget
  /** The raw query string without '?', forwarded unchanged. */
  rawQuery: string
  /** Called once with the status sent to the client. */
  onStatus: (status: number) => void
}

const unreachable = (detail: string): ApiError => serverError(503, `error trying to reach service: ${detail}`)

/** Escapes a decoded path as Go's url.URL.EscapedPath does (sub-delimiters and ':' '@' stay as they are). */
function escapePath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%(24|26|2B|2C|3A|3B|3D|40)/g, (escaped) => decodeURIComponent(escaped)))
    .join('/')
}

function forwardedHeaders(incoming: IncomingHttpHeaders, remove: string[]): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || remove.includes(name)) continue
    headers[name] = value
  }
  return headers
}

export class ProxyForwarder {
  private readonly active = new Set<ClientRequest>()
  private readonly httpAgent = new HttpAgent({ keepAlive: true })
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true, rejectUnauthorized: false })

  constructor(private readonly dialTimeoutMs = DIAL_TIMEOUT_MS) {}

  /** Throws an ApiError for what is refused before anything is sent to the client. */
  forward({ request, response, route, target, rawQuery, onStatus }: ForwardRequest): void {
    const method = (request.method ?? 'GET').toUpperCase()
    let path = route.path
    // PodProxyOptions.path / ServiceProxyOptions.path: the `path` query parameter when the URL has no subpath.
    if (path === '') path = new URLSearchParams(rawQuery).get('path') ?? ''
    if (path === '' && (method === 'GET' || method === 'HEAD')) {
      onStatus(301)
      request.resume()
      response.writeHead(301, { Location: `${route.prefix}/${rawQuery ? `?${rawQuery}` : ''}` })
      response.end()
      return
    }
    if (!path.startsWith('/')) path = `/${path}`

    const defaultPort = target.scheme === 'https' ? 443 : 80
    let port: number
    if (target.port === '') port = defaultPort
    else if (/^\d+$/.test(target.port)) port = Number(target.port)
    else if (GO_SERVICE_PORTS[target.port] !== undefined) port = GO_SERVICE_PORTS[target.port]!
    else throw unreachable(`dial tcp: lookup tcp/${target.port}: unknown port`)
    const address = `${target.ip}:${port}`

    const escaped = escapePath(path)
    const headers = forwardedHeaders(request.headers, [...HOP_BY_HOP, 'authorization'])
    const clientIp = request.socket.remoteAddress ?? ''
    const priorFor = request.headers['x-forwarded-for']
    headers['x-forwarded-for'] = priorFor ? `${String(priorFor)}, ${clientIp}` : clientIp
    headers['x-forwarded-uri'] = route.prefix + escaped
    if (request.headers.host) headers['x-forwarded-host'] = request.headers.host
    headers['x-forwarded-proto'] = 'https'
    // A chunked body stays chunked: Node frames a DELETE or GET body only when told to.
    if (request.headers['transfer-encoding'] !== undefined && request.headers['content-length'] === undefined) headers['transfer-encoding'] = 'chunked'

    const send = target.scheme === 'https' ? httpsRequest : httpRequest
    const upstream = send({
      host: target.ip,
      port,
      method,
      path: escaped + (rawQuery ? `?${rawQuery}` : ''),
      headers,
      agent: target.scheme === 'https' ? this.httpsAgent : this.httpAgent
    })
    this.active.add(upstream)

    let dialTimer: NodeJS.Timeout | undefined
    upstream.on('socket', (socket: Socket) => {
      if (!socket.connecting) return
      dialTimer = setTimeout(() => upstream.destroy(Object.assign(new Error('dial timeout'), { code: 'EDIALTIMEOUT' })), this.dialTimeoutMs)
      socket.once('connect', () => clearTimeout(dialTimer))
    })

    upstream.on('response', (answer: IncomingMessage) => {
      const status = answer.statusCode ?? 502
      const out = forwardedHeaders(answer.headers, HOP_BY_HOP)
      const location = answer.headers.location
      if (location !== undefined) out.location = this.rewriteLocation(location, route, address, request.headers.host)
      onStatus(status)
      response.writeHead(status, out)
      answer.pipe(response)
      answer.on('error', () => response.destroy())
      answer.on('close', () => {
        // The pod closed the stream before its end: the client must see a broken response, not a complete one.
        if (!answer.complete) response.destroy()
      })
    })

    upstream.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(dialTimer)
      if (response.headersSent) return void response.destroy()
      const failure = unreachable(this.describe(error, address, upstream))
      onStatus(failure.code)
      response.writeHead(failure.code, { 'Content-Type': 'application/json' })
      response.end(JSON.stringify(failure.toStatus()))
    })
    upstream.on('close', () => {
      clearTimeout(dialTimer)
      this.active.delete(upstream)
    })
    // The client went away (or the emulator stopped): stop talking to the pod too.
    response.on('close', () => {
      if (!response.writableFinished) upstream.destroy()
    })
    request.pipe(upstream)
  }

  /** Go's net.OpError texts for the failures a dial or a read can meet. */
  private describe(error: NodeJS.ErrnoException, address: string, upstream: ClientRequest): string {
    switch (error.code) {
      case 'ECONNREFUSED':
        return `dial tcp ${address}: connect: connection refused`
      case 'EDIALTIMEOUT':
      case 'ETIMEDOUT':
        return `dial tcp ${address}: i/o timeout`
      case 'EHOSTUNREACH':
        return `dial tcp ${address}: connect: no route to host`
      case 'ENETUNREACH':
        return `dial tcp ${address}: connect: network is unreachable`
      case 'EADDRNOTAVAIL':
        return `dial tcp ${address}: connect: cannot assign requested address`
      case 'ECONNRESET': {
        if (error.message === 'socket hang up') return 'EOF'
        const socket = upstream.socket
        return `read tcp ${socket?.localAddress ?? '127.0.0.1'}:${socket?.localPort ?? 0}->${address}: read: connection reset by peer`
      }
      default:
        return error.message
    }
  }

  /** proxy.Transport.rewriteURL: a redirect to the pod itself (or a relative one) stays behind the proxy prefix. */
  private rewriteLocation(location: string, route: ProxyRoute, backend: string, apiHost: string | undefined): string {
    let target: URL
    try {
      target = new URL(location, `http://${backend}`)
    } catch {
      return location
    }
    if (target.host !== backend) return location
    if (target.pathname.startsWith(route.prefix)) return location
    const rewritten = route.prefix + target.pathname + target.search + target.hash
    return /^[a-z][a-z0-9+.-]*:/i.test(location) && apiHost ? `https://${apiHost}${rewritten}` : rewritten
  }

  /** Closes every proxied connection (the emulator is stopping). */
  close(): void {
    for (const upstream of this.active) upstream.destroy()
    this.active.clear()
    this.httpAgent.destroy()
    this.httpsAgent.destroy()
  }
}
