/** Writing the answers the proxy makes up instead of forwarding, in the API server's wire format. */
import { randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import type { Status } from './status.js'

export function sendStatus(response: ServerResponse, body: Status): void {
  const text = JSON.stringify(body)
  const retryAfter = body.details?.retryAfterSeconds
  response.writeHead(body.code, {
    'Audit-Id': randomUUID(),
    // responsewriters.ErrorNegotiated: a Status with retryAfterSeconds also sets the header.
    ...(retryAfter !== undefined && retryAfter > 0 && { 'Retry-After': String(retryAfter) }),
    'Cache-Control': 'no-cache, private',
    'Content-Type': 'application/json',
    ...(body.code === 403 && { 'X-Content-Type-Options': 'nosniff' }),
    'Content-Length': Buffer.byteLength(text)
  })
  response.end(text)
}

/** The priority-and-fairness filter's rejection: Go's http.Error, plain text. */
export function sendPriorityAndFairnessRejection(response: ServerResponse, retryAfterSeconds: number): void {
  const text = 'Too many requests, please try again later.\n'
  response.writeHead(429, {
    'Audit-Id': randomUUID(),
    'Retry-After': String(retryAfterSeconds),
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': Buffer.byteLength(text)
  })
  response.end(text)
}

/** A watch answered at once with one ERROR event, as the watch cache answers a too old resourceVersion. */
export function sendWatchError(response: ServerResponse, status: Status): void {
  response.writeHead(200, { 'Audit-Id': randomUUID(), 'Cache-Control': 'no-cache, private', 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' })
  response.end(JSON.stringify({ type: 'ERROR', object: status }) + '\n')
}
