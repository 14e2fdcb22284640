/**
 * A reverse proxy in front of a registry (or any HTTP server, e.g. Prometheus) that records every request and can
 * inject faults: an HTTP status (429 with Retry-After, 503, 403 ...), a connection reset, or a stall (no answer
 * until the client gives up). It can add a fixed latency to every request (a registry that is not on loopback) and
 * counts the blob bodies in flight at once. The Host header passes through, so the registry's upload Locations
 * point back at the proxy.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { freePort } from '../process.js'

export interface SeenRequest {
  method: string
  path: string
  status: number | 'reset' | 'stall'
  /** Its place (0-based) in the order requests arrived; `requests` is in the order they were answered. */
  arrival: number
}

export type Fault =
  /** An error answer; `code` is the OCI error code in its body (TOOMANYREQUESTS for 429, DENIED otherwise by default). */
  | { status: number; headers?: Record<string, string>; code?: string }
  | 'reset'
  /** No answer at all (nothing forwarded) until the client closes the connection. */
  | 'stall'
  /** Forward the registry's answer but drop the connection after this many body bytes. */
  | { cutAfterBytes: number }

/** Decides, per request (0-based index among all requests), whether to inject a fault. */
export type FaultRule = (request: { method: string; path: string; index: number }) => Fault | undefined

export interface FaultProxy {
  host: string
  port: number
  requests: SeenRequest[]
  rule: FaultRule
  /** Requests touching blobs (HEAD/GET/POST/PATCH/PUT under /blobs/). */
  blobRequests: () => SeenRequest[]
  /** Added before every request is forwarded (0 by default): a round trip to a registry that is not on loopback. */
  latencyMs: number
  /** The most blob bodies (GET of a blob, PATCH or PUT of an upload) in flight at once since the last reset. */
  maxBlobStreams: number
  /** TCP connections accepted since the last reset (a client that keeps connections alive opens few). */
  connections: number
  /** Closes every open connection now, as a server ending idle keep-alive connections does. */
  dropConnections: () => void
  reset: () => void
  stop: () => Promise<void>
}

export async function startFaultProxy(upstreamPort: number): Promise<FaultProxy> {
  const port = await freePort()
  let blobStreams = 0
  let arrivals = 0
  const proxy: FaultProxy = {
    host: `127.0.0.1:${port}`,
    port,
    requests: [],
    rule: () => undefined,
    blobRequests: () => proxy.requests.filter((r) => r.path.includes('/blobs/')),
    latencyMs: 0,
    maxBlobStreams: 0,
    connections: 0,
    dropConnections: () => server.closeAllConnections(),
    reset: () => {
      proxy.requests.length = 0
      arrivals = 0
      proxy.rule = () => undefined
      proxy.maxBlobStreams = 0
      proxy.connections = 0
    },
    stop: async () => {}
  }
  const server: Server = createServer((req: IncomingMessage, res) => {
    if (proxy.latencyMs > 0) {
      req.pause()
      setTimeout(() => handle(req, res), proxy.latencyMs)
    } else {
      handle(req, res)
    }
  })
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? 'GET'
    const path = req.url ?? '/'
    const arrival = arrivals++
    const fault = proxy.rule({ method, path, index: proxy.requests.length })
    if (fault === 'reset') {
      proxy.requests.push({ method, path, status: 'reset', arrival })
      req.socket.destroy()
      return
    }
    if (fault === 'stall') {
      proxy.requests.push({ method, path, status: 'stall', arrival })
      req.resume()
      return
    }
    if (fault && 'status' in fault) {
      proxy.requests.push({ method, path, status: fault.status, arrival })
      req.resume()
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers })
      res.end(JSON.stringify({ errors: [{ code: fault.code ?? (fault.status === 429 ? 'TOOMANYREQUESTS' : 'DENIED'), message: 'injected fault' }] }))
      return
    }
    if (/\/blobs\/(?:uploads\/.+|sha256:)/.test(path) && ['GET', 'PATCH', 'PUT'].includes(method)) {
      proxy.maxBlobStreams = Math.max(proxy.maxBlobStreams, ++blobStreams)
      res.on('close', () => blobStreams--)
    }
    const upstream = httpRequest(
      { host: '127.0.0.1', port: upstreamPort, method, path, headers: req.headers },
      (answer) => {
        proxy.requests.push({ method, path, status: fault ? 'reset' : (answer.statusCode ?? 0), arrival })
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        if (!fault) return void answer.pipe(res)
        let sent = 0
        answer.on('data', (chunk: Buffer) => {
          if (sent >= fault.cutAfterBytes) return
          res.write(chunk.subarray(0, fault.cutAfterBytes - sent))
          sent += chunk.length
          if (sent >= fault.cutAfterBytes) {
            answer.destroy()
            res.socket?.destroy()
          }
        })
        answer.on('end', () => res.end())
      }
    )
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  }
  server.on('connection', () => proxy.connections++)
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  proxy.stop = () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()) })
  return proxy
}
