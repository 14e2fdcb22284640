/**
 * Requests that switch protocols (exec, attach, port-forward over WebSocket or SPDY): after the 101 the two
 * connections are spliced byte for byte. Faults that answer with a Status apply before; the others do not.
 */
import { STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { endToEndHeaders, openUpstream } from './forward.js'
import { admit, ANSWERS, statusFor, type HandlerContext } from './handler.js'
import { requestInfo } from './request-info.js'

function head(code: number, headers: IncomingHttpHeaders | Record<string, string>): string {
  const lines = Object.entries(headers).flatMap(([name, value]) => [value ?? []].flat().map((v) => `${name}: ${v}`))
  return [`HTTP/1.1 ${code} ${STATUS_CODES[code] ?? ''}`, ...lines, '', ''].join('\r\n')
}

export async function handleUpgrade(context: HandlerContext, request: IncomingMessage, socket: Duplex, early: Buffer): Promise<void> {
  socket.on('error', () => socket.destroy())
  const { url, record, effects } = await admit(context, request)
  const answering = effects.find((effect) => ANSWERS.has(effect.type))
  const info = requestInfo(record.method, url.pathname, url.searchParams)
  const status = answering && (await statusFor(context, answering, info, request.headers.authorization))
  if (answering && status) {
    record.fault = answering.type
    record.status = status.code
    const text = JSON.stringify(status)
    socket.end(head(status.code, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)), Connection: 'close' }) + text)
    return
  }
  const connection = await context.upstream.connection(request.headers.authorization !== undefined)
  const upstream = openUpstream(connection, context.agent, { method: record.method, url: request.url ?? '/', headers: endToEndHeaders(request.headers, ['connection', 'upgrade']) })
  upstream.on('error', () => socket.destroy())
  upstream.on('upgrade', (response: IncomingMessage, upstreamSocket: Duplex, upstreamEarly: Buffer) => {
    record.status = response.statusCode ?? 101
    socket.write(head(record.status, response.headers))
    if (upstreamEarly.length > 0) socket.write(upstreamEarly)
    if (early.length > 0) upstreamSocket.write(early)
    upstreamSocket.on('error', () => socket.destroy())
    socket.on('close', () => upstreamSocket.destroy())
    upstreamSocket.pipe(socket).pipe(upstreamSocket)
  })
  upstream.on('response', (response: IncomingMessage) => {
    record.status = response.statusCode ?? 502
    socket.write(head(record.status, { ...endToEndHeaders(response.headers), connection: 'close' } as IncomingHttpHeaders))
    response.pipe(socket)
  })
  upstream.end()
}
