/**
 * Requests with stream bodies (a blob's GET, an upload's PUT). A GET asked to `pipe` goes over a socket of its own
 * (socket-pipe.ts), and a PUT of such a body pipes it socket to socket. The rest go through undici's `request()`:
 * backpressure holds from the socket read to the socket write, and a byte costs less CPU than through node:http or
 * fetch (bench/README.md, promote). undici is loaded by the first stream, so a promotion that moves no bytes never
 * loads it.
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { Readable } from 'node:stream'
import type { Dispatcher, request as undiciRequest } from 'undici'
import type { StreamResponse } from './http1.js'
import { SocketBody, socketGet, socketPut } from './socket-pipe.js'

/**
 * A stream that moves no data for this long is dropped, and callers retry: a response that stops arriving, or an
 * upload the registry stops reading (undici's body and header timeouts, which pause while the other side of the
 * pipe holds the stream back).
 */
const DEFAULT_IDLE_TIMEOUT_MS = 120_000

interface Undici {
  request: typeof undiciRequest
  dispatcher: Dispatcher
}
let loaded: Promise<Undici> | undefined

/**
 * Starts loading undici without waiting for it: a copy that will stream calls this first, so the load overlaps the
 * manifest round trips before the first blob moves.
 */
export function preloadStreams(): void {
  undici().catch(() => undefined) // a failed load surfaces at the first stream
}

function undici(): Promise<Undici> {
  // One connection pool per process, apart from fetch's (a different undici), so neither sees the other's options.
  loaded ??= import('undici').then(({ Agent, request }) => ({ request, dispatcher: new Agent() }))
  return loaded
}

export async function sendStream(
  url: URL,
  req: { method: 'GET' | 'PUT'; headers?: Record<string, string>; body?: Readable; pipe?: boolean },
  authorization: string | undefined,
  userAgent = 'pipeline-actions',
  idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS
): Promise<StreamResponse> {
  const headers: Record<string, string> = { 'user-agent': userAgent, ...req.headers, ...(authorization && { authorization }) }
  if (req.method === 'GET' && req.pipe) return socketGet(url, headers, idleTimeoutMs)
  if (req.method === 'PUT' && req.body instanceof SocketBody && req.body.length !== undefined) return socketPut(url, headers, req.body, idleTimeoutMs)
  const { request, dispatcher } = await undici()
  const response = await request(url, {
    method: req.method,
    headers,
    ...(req.body && { body: req.body }),
    dispatcher,
    headersTimeout: idleTimeoutMs,
    bodyTimeout: idleTimeoutMs
  })
  return { status: response.statusCode, headers: joinRepeated(response.headers), body: response.body }
}

/** undici gives a repeated header as an array; node:http joins it with commas (RFC 9110 5.3), as readers here expect. */
function joinRepeated(headers: Record<string, string | string[] | undefined>): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) && name !== 'set-cookie' ? value.join(', ') : value]))
}

export async function readText(body: Readable): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      if (size < 64 * 1024) chunks.push(chunk)
      size += chunk.length
    }
  } catch {
    // an error body cut short still explains enough
  }
  return Buffer.concat(chunks).toString('utf8')
}
