/**
 * A watch passing through the proxy: its newline-delimited JSON events are counted as they stream by (each event
 * is forwarded as soon as its line is complete; the API server flushes whole events), and it can be cut after a
 * number of events or on demand, cleanly (the chunked body ends) or abruptly (the connection breaks).
 */
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { Transform, type TransformCallback } from 'node:stream'
import type { ActiveWatch, Faults } from './faults.js'

class EventLines extends Transform {
  events = 0
  /** Set when the watch is cut: what is still to come is dropped. */
  stopped = false
  private pending = Buffer.alloc(0)

  constructor(private readonly onEvent: (events: number) => void) {
    super()
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk
    for (let end = data.indexOf(10); end !== -1 && !this.stopped; end = data.indexOf(10)) {
      const line = data.subarray(0, end + 1)
      data = data.subarray(end + 1)
      this.push(line)
      if (!/^\s*\{\s*"type"\s*:\s*"BOOKMARK"/.test(line.toString('utf8', 0, Math.min(line.length, 64)))) this.onEvent(++this.events)
    }
    this.pending = Buffer.from(data)
    done()
  }

  override _flush(done: TransformCallback): void {
    done(null, this.pending.length > 0 ? this.pending : undefined)
  }
}

/**
 * Closes the connection mid-body, once what was written has left: no chunked terminator, no TLS close_notify, so
 * clients see a broken stream (Node cannot send a TCP RST on a TLS socket: resetAndDestroy throws there).
 */
function abort(socket: Socket | null): void {
  if (!socket || socket.destroyed) return
  socket.write(Buffer.alloc(0), () => socket.destroy())
}

export interface WatchStreamOptions {
  faults: Faults
  path: string
  query: Record<string, string>
  upstreamRequest: ClientRequest
  upstreamResponse: IncomingMessage
  response: ServerResponse
  /** Cut after this many events (0: right after the response head). */
  dropAfter?: { events: number; abrupt: boolean }
}

export function streamWatch(options: WatchStreamOptions): void {
  const { faults, upstreamRequest, upstreamResponse, response, dropAfter } = options
  let closed = false
  const lines = new EventLines((events) => {
    if (dropAfter && events >= dropAfter.events) close(dropAfter.abrupt)
  })
  const active: ActiveWatch = {
    path: options.path,
    query: options.query,
    get events() {
      return lines.events
    },
    close: (abrupt) => close(abrupt)
  }
  function close(abrupt: boolean): void {
    if (closed) return
    closed = true
    faults.watches.delete(active)
    lines.stopped = true
    upstreamResponse.unpipe(lines)
    lines.unpipe(response)
    upstreamRequest.destroy()
    // Events already passed on but still queued in `lines` go out before the cut.
    let chunk: Buffer | null
    while ((chunk = lines.read() as Buffer | null) !== null) response.write(chunk)
    if (abrupt) abort(response.socket)
    else response.end()
  }
  faults.watches.add(active)
  response.on('close', () => {
    closed = true
    faults.watches.delete(active)
    upstreamRequest.destroy()
  })
  // The server went away mid-stream: the client sees the connection break too, not a clean end.
  upstreamResponse.on('error', () => close(true))
  upstreamResponse.pipe(lines).pipe(response)
  if (dropAfter?.events === 0) close(dropAfter.abrupt)
}
