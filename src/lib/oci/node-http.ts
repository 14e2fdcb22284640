/** node:http(s) requests with stream bodies: unlike fetch, backpressure holds from the socket read to the socket write. */
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { Readable } from 'node:stream'

/** A connection silent this long (no bytes either way) is dropped as ETIMEDOUT, which callers retry. */
export const DEFAULT_IDLE_TIMEOUT_MS = 120_000

export function nodeSend(
  url: URL,
  req: { method: string; headers?: Record<string, string>; body?: Readable },
  authorization: string | undefined,
  userAgent = 'pipeline-actions',
  idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest
    const headers: Record<string, string> = { 'user-agent': userAgent, ...req.headers, ...(authorization && { authorization }) }
    const outgoing = send(url, { method: req.method, headers }, resolve)
    outgoing.on('error', reject)
    outgoing.setTimeout(idleTimeoutMs, () => outgoing.destroy(Object.assign(new Error(`no data for ${idleTimeoutMs} ms`), { code: 'ETIMEDOUT' })))
    if (!req.body) {
      outgoing.end()
      return
    }
    req.body.on('error', (error) => outgoing.destroy(error))
    req.body.pipe(outgoing)
  })
}

export async function readText(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      if (size < 64 * 1024) chunks.push(chunk)
      size += chunk.length
    }
  } catch {
    // an error body cut short still explains enough
  }
  return Buffer.concat(chunks).toString('utf8')
}
