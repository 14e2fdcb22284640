/**
 * One request to the real API server, streamed both ways: the request body is piped up as it arrives and the
 * response piped down as it arrives (a watch is a chunked response that lasts minutes).
 */
import type { ClientRequest, IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest, type Agent } from 'node:https'
import type { UpstreamConnection } from './upstream.js'

/** Headers that describe one connection, not the message (RFC 9110 §7.6.1), plus the ones we set ourselves. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host'])

export function endToEndHeaders(headers: IncomingHttpHeaders, keep: string[] = []): OutgoingHttpHeaders {
  const named = new Set((headers.connection ?? '').split(',').map((h) => h.trim().toLowerCase()))
  return Object.fromEntries(
    Object.entries(headers).filter(([name, value]) => value !== undefined && (keep.includes(name) || (!HOP_BY_HOP.has(name) && !named.has(name))))
  ) as OutgoingHttpHeaders
}

export interface UpstreamRequest {
  method: string
  /** Path and query as the client sent them. */
  url: string
  headers: OutgoingHttpHeaders
}

/** Opens the request upstream; the caller writes or pipes the body and listens for 'response' / 'upgrade'. */
export function openUpstream(connection: UpstreamConnection, agent: Agent, target: UpstreamRequest): ClientRequest {
  const headers = { ...target.headers, ...connection.headers, host: connection.port === 443 ? connection.hostname : `${connection.hostname}:${connection.port}` }
  const common = { method: target.method, hostname: connection.hostname, port: connection.port, path: connection.basePath + target.url, headers }
  if (connection.protocol === 'http:') return httpRequest(common)
  return httpsRequest({
    ...common,
    agent,
    ...(connection.ca !== undefined && { ca: connection.ca }),
    ...(connection.cert !== undefined && { cert: connection.cert }),
    ...(connection.key !== undefined && { key: connection.key }),
    ...(connection.servername !== undefined && { servername: connection.servername }),
    ...(connection.rejectUnauthorized !== undefined && { rejectUnauthorized: connection.rejectUnauthorized })
  })
}

/** Sends a request with a small body and reads the whole answer (for the proxy's own questions to the server). */
export function callUpstream(connection: UpstreamConnection, agent: Agent, target: UpstreamRequest, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const upstream = openUpstream(connection, agent, target)
    upstream.on('error', reject)
    upstream.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('error', reject)
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }))
    })
    upstream.end(body)
  })
}
