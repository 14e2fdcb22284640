/**
 * One request through the proxy: logged, matched against the fault rules, then either answered by a fault (after any
 * injected latency), held unanswered (stall), or forwarded to the real API server with the caller's or the
 * kubeconfig's credentials (lose-response: its answer then withheld and the caller's connection dropped).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Agent } from 'node:https'
import { sendPriorityAndFairnessRejection, sendStatus, sendWatchError } from './answers.js'
import type { FaultEffect, Faults } from './faults.js'
import { endToEndHeaders, openUpstream } from './forward.js'
import type { Identities } from './identity.js'
import { isWatchRequest, requestInfo, type RequestInfo } from './request-info.js'
import { conflictStatus, errorStatus, expiredStatus, forbiddenStatus, tooManyRequestsStatus, type Status } from './status.js'
import type { Upstream } from './upstream.js'
import { streamWatch } from './watch-stream.js'

export interface RequestRecord {
  method: string
  /** The URL path, without the query. */
  path: string
  query: Record<string, string>
  /** The response status; unset while the answer has not started (or when the upstream could not be reached). */
  status?: number
  /** Content-Type of the request. */
  contentType?: string
  watch: boolean
  /** When the request arrived (ms since the epoch). */
  time: number
  /** The fault applied to it, if any: the one that answered instead of the API server, else drop-watch, else latency. */
  fault?: FaultEffect['type']
}

export interface HandlerContext {
  upstream: Upstream
  agent: Agent
  faults: Faults
  identities: Identities
  requests: RequestRecord[]
}

export const ANSWERS = new Set<FaultEffect['type']>(['error', 'throttle', 'conflict', 'forbidden', 'gone'])

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}

/** The name a create's body gives its object: what a 409 on POST names. */
function nameInBody(text: string): string {
  try {
    return String((JSON.parse(text) as { metadata?: { name?: unknown } }).metadata?.name ?? '')
  } catch {
    return ''
  }
}

/** The Status a fault answers with; undefined for the answers that are not one (APF's text, a watch's ERROR event). */
export async function statusFor(context: HandlerContext, effect: FaultEffect, info: RequestInfo, authorization: string | undefined, body = ''): Promise<Status | undefined> {
  switch (effect.type) {
    case 'error':
      return errorStatus(effect.status, effect.message)
    case 'throttle':
      return effect.as === 'priority-and-fairness' ? undefined : tooManyRequestsStatus(effect.retryAfterSeconds, effect.message)
    case 'conflict':
      return conflictStatus(info, info.name || nameInBody(body))
    case 'forbidden':
      return forbiddenStatus(info, effect.user ?? (await context.identities.username(authorization)), effect.reason)
    default:
      return undefined
  }
}

async function answer(context: HandlerContext, effect: FaultEffect, request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
  const info = requestInfo((request.method ?? 'GET').toUpperCase(), url.pathname, url.searchParams)
  const body = await readBody(request)
  if (effect.type === 'throttle' && effect.as === 'priority-and-fairness') return sendPriorityAndFairnessRejection(response, effect.retryAfterSeconds)
  if (effect.type === 'gone') return sendWatchError(response, expiredStatus(url.searchParams.get('resourceVersion'), effect.message))
  const status = await statusFor(context, effect, info, request.headers.authorization, body)
  if (!status) throw new Error(`kube-fault-proxy: ${effect.type} does not answer a request`)
  sendStatus(response, status)
}

interface ForwardFault {
  /** drop-watch: the stream cut after this many events. */
  drop?: { events: number; abrupt: boolean }
  /** lose-response: the server's whole answer read and discarded, then the caller's connection dropped. */
  loseResponse?: boolean
}

async function forward(context: HandlerContext, request: IncomingMessage, response: ServerResponse, record: RequestRecord, fault: ForwardFault = {}): Promise<void> {
  const { drop } = fault
  const asCaller = request.headers.authorization !== undefined
  const connection = await context.upstream.connection(asCaller)
  const upstreamRequest = openUpstream(connection, context.agent, { method: record.method, url: request.url ?? '/', headers: endToEndHeaders(request.headers) })
  upstreamRequest.on('error', (error: Error) => {
    if (!response.headersSent) {
      record.status = 503
      sendStatus(response, errorStatus(503, `kube-fault-proxy: the API server could not be reached: ${error.message}`))
    } else response.destroy()
  })
  upstreamRequest.on('response', (upstreamResponse: IncomingMessage) => {
    const code = upstreamResponse.statusCode ?? 502
    record.status = code
    if (fault.loseResponse) {
      upstreamResponse.resume()
      // Closed without a byte of the answer (a TLS socket cannot send a TCP reset): the client sees the connection drop.
      upstreamResponse.on('end', () => request.socket.destroy())
      upstreamResponse.on('error', () => request.socket.destroy())
      return
    }
    response.writeHead(code, endToEndHeaders(upstreamResponse.headers))
    // The API server sends a watch's head at once; clients wait for it before they consider the watch started.
    response.flushHeaders()
    const json = (upstreamResponse.headers['content-type'] ?? '').startsWith('application/json')
    if (record.watch && code === 200 && json) {
      streamWatch({ faults: context.faults, path: record.path, query: record.query, upstreamRequest, upstreamResponse, response, ...(drop && { dropAfter: drop }) })
      return
    }
    upstreamResponse.on('error', () => response.destroy())
    upstreamResponse.pipe(response)
  })
  response.on('close', () => {
    if (!response.writableFinished) upstreamRequest.destroy()
  })
  request.pipe(upstreamRequest)
}

/** Logs the request, takes the fault rules that match it and waits out their latency. */
export async function admit(context: HandlerContext, request: IncomingMessage): Promise<{ url: URL; record: RequestRecord; effects: FaultEffect[] }> {
  const url = new URL(request.url ?? '/', 'https://127.0.0.1')
  const method = (request.method ?? 'GET').toUpperCase()
  const contentType = request.headers['content-type']
  const record: RequestRecord = {
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    ...(contentType !== undefined && { contentType }),
    watch: isWatchRequest(method, url.pathname, url.searchParams),
    time: Date.now()
  }
  context.requests.push(record)
  const effects = context.faults.take(method, url.pathname, record.watch)
  const delay = effects.reduce((ms, effect) => ms + (effect.type === 'latency' ? effect.ms : 0), 0)
  if (delay > 0) {
    record.fault = 'latency'
    await new Promise((resolve) => setTimeout(resolve, delay))
  }
  return { url, record, effects }
}

export async function handle(context: HandlerContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { url, record, effects } = await admit(context, request)
  const answering = effects.find((effect) => ANSWERS.has(effect.type))
  if (answering) {
    record.fault = answering.type
    await answer(context, answering, request, response, url)
    record.status = response.statusCode
    return
  }
  if (effects.some((effect) => effect.type === 'stall')) {
    record.fault = 'stall'
    request.resume()
    await new Promise<void>((resolve) => response.once('close', () => resolve()))
    return
  }
  const lose = effects.some((effect) => effect.type === 'lose-response')
  const drop = effects.find((effect) => effect.type === 'drop-watch')
  if (lose) record.fault = 'lose-response'
  else if (drop?.type === 'drop-watch') record.fault = drop.type
  await forward(context, request, response, record, {
    ...(drop?.type === 'drop-watch' && { drop: { events: drop.afterEvents ?? 0, abrupt: drop.abrupt ?? false } }),
    ...(lose && { loseResponse: true })
  })
}
