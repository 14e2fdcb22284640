/**
 * A large blob's GET and PUT over connections of the pipe's own, its bytes going from one socket into the other
 * through a few reused buffers. Through an HTTP client every 64 KB read allocates a buffer, and the chunk then passes through
 * two stream layers. In a 200 MB copy that cost 4-6x the user CPU of this pipe, and it competes for the cores with
 * the registries (bench/README.md, promote).
 *
 * The GET's body is a Readable like any other (an error body, a redirect's, a consumer that is not the PUT here):
 * it reads into fresh buffers until `pipeTo` claims it. Connections are kept alive between exchanges
 * (socket-connections.ts).
 */
import type net from 'node:net'
import { Readable } from 'node:stream'
import { CHUNK, freeBuffer, takeBuffer, takeConnection, Connection, type ConnectionHolder } from './socket-connections.js'
import { ChunkedDecoder, HeadReader, MAX_HEAD_BYTES, requestHead, type Framing, type ResponseHead, type StreamResponse } from './http1.js'

/** Buffers handed to the PUT's socket and not yet written before the GET's socket stops reading. */
const IN_FLIGHT = 8

/** A failure of the connection itself, coded as the retry policy knows it (retryable.ts). */
function connectionError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code })
}

/** Whether a connection may carry another exchange after this answer (RFC 9112 9.3). */
function keepsAlive(head: ResponseHead, framing: Framing): boolean {
  return framing.kind !== 'close' && !/(?:^|,)\s*close\s*(?:,|$)/i.test(head.headers.connection ?? '')
}

/**
 * GET `url`; the body is a SocketBody. A kept-alive connection the server closed meanwhile fails before any byte
 * of the answer: the GET is then sent once more on a new connection.
 */
export async function socketGet(url: URL, headers: Record<string, string>, idleTimeoutMs: number): Promise<StreamResponse> {
  const connection = takeConnection(url)
  try {
    return await getOn(connection, url, headers, idleTimeoutMs)
  } catch (error) {
    if (!connection.reused || !(error as { beforeAnswer?: boolean }).beforeAnswer) throw error
    return getOn(new Connection(url.origin, url), url, headers, idleTimeoutMs)
  }
}

function getOn(connection: Connection, url: URL, headers: Record<string, string>, idleTimeoutMs: number): Promise<StreamResponse> {
  return new Promise((resolve, reject) => {
    const body = new SocketBody(connection, url, idleTimeoutMs, (head) => resolve({ ...head, body }), reject)
    connection.socket.write(requestHead('GET', url, headers))
    connection.resume()
  })
}

/**
 * The body of a socketGet response. Read as a Readable, each read lands in a fresh buffer; claimed by `pipeTo`,
 * reads land in shared buffers that are reused once the other socket has written them.
 */
export class SocketBody extends Readable implements ConnectionHolder {
  private readonly headReader = new HeadReader('GET')
  private parsed: ResponseHead | undefined
  private framing: Framing = { kind: 'close' }
  private remaining = 0
  private decoder: ChunkedDecoder | undefined
  /** Body bytes that came with the head, delivered before the next read. */
  private early: Buffer | undefined
  /** Bytes after the body: the server did not keep to its framing, so the connection is not reused. */
  private overrun = false
  private mode: 'head' | 'undecided' | 'readable' | 'pipe' = 'head'
  private inFlight = 0
  private paused = false
  private finished = false
  /** A failure while nobody holds the body yet, surfaced to whoever claims it. */
  private pendingError: Error | undefined
  private sink: { socket: net.Socket; resolve: () => void; reject: (error: Error) => void } | undefined

  constructor(
    private readonly connection: Connection,
    url: URL,
    private readonly idleTimeoutMs: number,
    private readonly onHead: (head: ResponseHead) => void,
    private readonly onHeadError: (error: Error) => void
  ) {
    super({ highWaterMark: CHUNK })
    connection.hold(this)
    connection.socket.setTimeout(idleTimeoutMs)
    connection.onTimeout = () => this.fail(connectionError(`no data from ${url.host} for ${idleTimeoutMs} ms`, 'ETIMEDOUT'))
  }

  get socket(): net.Socket {
    return this.connection.socket
  }

  /** True when the length is known up front, which a PUT with Content-Length needs. */
  get length(): number | undefined {
    return this.framing.kind === 'length' ? this.framing.length : undefined
  }

  /** Writes the whole body into `socket`; resolves once the last byte is handed to it. */
  pipeTo(socket: net.Socket): Promise<void> {
    if (this.mode !== 'undecided' || this.framing.kind !== 'length') throw new Error(`only an unread body of known length can be piped, not one ${this.mode} with ${this.framing.kind} framing`)
    this.mode = 'pipe'
    return new Promise((resolve, reject) => {
      if (this.pendingError) return reject(this.pendingError)
      this.sink = { socket, resolve, reject }
      const early = this.early
      this.early = undefined
      if (early && !this.deliver(early, undefined)) return
      if (this.remaining === 0) this.complete()
      else this.resumeSocket()
    })
  }

  override _read(): void {
    if (this.mode === 'undecided') {
      this.mode = 'readable'
      if (this.pendingError) return void this.destroy(this.pendingError)
      const early = this.early
      this.early = undefined
      if (early && !this.deliver(early, undefined)) return
      if (this.finished) return
    }
    this.resumeSocket()
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.finished) {
      this.finished = true
      this.connection.close()
    }
    callback(error)
  }

  nextBuffer(): Buffer {
    // A buffer pushed to a Readable's consumer is theirs: only the head and the pipe reuse buffers.
    return this.mode === 'readable' ? Buffer.allocUnsafe(CHUNK) : takeBuffer()
  }

  /** Takes one read; false stops the socket reading until resumeSocket. */
  received(bytes: number, buffer: Buffer): boolean {
    if (this.finished) return false
    const data = buffer.subarray(0, bytes)
    if (this.mode === 'head') return this.receivedHead(data, buffer)
    if (this.mode === 'undecided') {
      // A TLS socket delivers what it has already decrypted even after reading stopped: kept for whoever claims the body.
      this.early = this.early ? Buffer.concat([this.early, data]) : Buffer.from(data)
      freeBuffer(buffer)
      return false
    }
    return this.deliver(data, this.mode === 'pipe' ? buffer : undefined)
  }

  ended(): void {
    if (this.finished) return
    if (this.mode !== 'head' && this.framing.kind === 'close') return this.finishBody()
    this.failed(connectionError('the server closed the connection before the response ended', 'ECONNRESET'))
  }

  failed(error: Error): void {
    this.fail(Object.assign(error, { beforeAnswer: this.mode === 'head' && this.headReader.received === 0 }))
  }

  private receivedHead(data: Buffer, buffer: Buffer): boolean {
    let read
    try {
      read = this.headReader.push(data)
    } catch (error) {
      this.fail(error as Error)
      return false
    } finally {
      freeBuffer(buffer) // copied by the reader: the buffer is free again
    }
    if (!read) return true
    this.parsed = read.head
    this.framing = read.framing
    if (this.framing.kind === 'length') this.remaining = this.framing.length
    if (this.framing.kind === 'chunked') this.decoder = new ChunkedDecoder()
    if (read.rest.length > 0) this.early = read.rest
    this.mode = 'undecided'
    this.pauseSocket()
    if (this.framing.kind === 'length' && this.remaining === 0) this.finishBody()
    this.onHead(this.parsed)
    return false
  }

  /**
   * Passes body bytes on (pushed, or written to the sink); false when the socket should stop reading. `buffer` is
   * the shared buffer `data` lies in, freed once written; undefined for bytes that are not in one.
   */
  private deliver(data: Buffer, buffer: Buffer | undefined): boolean {
    if (this.mode === 'pipe') return this.forward(data, buffer)
    let more = true
    if (this.framing.kind === 'chunked') {
      let parts: Buffer[]
      try {
        parts = this.decoder!.push(data)
      } catch (error) {
        this.fail(error as Error)
        return false
      }
      for (const part of parts) more = this.push(part) && more
      if (this.decoder!.done) this.finishBody()
    } else if (this.framing.kind === 'length') {
      const part = this.bodyPart(data)
      more = this.push(part)
      if (this.remaining === 0) this.finishBody()
    } else {
      more = this.push(data)
    }
    if (!more) this.pauseSocket()
    return more && !this.finished
  }

  private bodyPart(data: Buffer): Buffer {
    const part = data.subarray(0, this.remaining)
    if (data.length > part.length) this.overrun = true
    this.remaining -= part.length
    return part
  }

  private forward(data: Buffer, buffer: Buffer | undefined): boolean {
    const part = this.bodyPart(data)
    this.inFlight++
    this.sink!.socket.write(part, () => this.written(buffer))
    if (this.remaining === 0) {
      this.complete()
      return false
    }
    if (this.inFlight >= IN_FLIGHT) {
      this.pauseSocket()
      return false
    }
    return true
  }

  private written(buffer: Buffer | undefined): void {
    this.inFlight--
    if (buffer) freeBuffer(buffer)
    if (this.paused && this.mode === 'pipe' && !this.finished && this.inFlight < IN_FLIGHT) this.resumeSocket()
  }

  /** The whole body was handed to the sink. */
  private complete(): void {
    this.finished = true
    this.releaseConnection()
    this.sink?.resolve()
  }

  private finishBody(): void {
    this.finished = true
    this.releaseConnection()
    this.push(null)
  }

  private releaseConnection(): void {
    this.paused = true
    if (this.parsed && !this.overrun && keepsAlive(this.parsed, this.framing)) this.connection.release()
    else this.connection.close()
  }

  private pauseSocket(): void {
    this.paused = true
    this.socket.setTimeout(0) // a consumer that is not reading is not a stalled server
  }

  private resumeSocket(): void {
    if (!this.paused || this.finished) return
    this.paused = false
    this.socket.setTimeout(this.idleTimeoutMs)
    this.connection.resume()
  }

  private fail(error: Error): void {
    if (this.finished) return
    this.finished = true
    this.connection.close()
    // Only a Readable consumer listens for 'error'; the others learn of it through their promise.
    if (this.mode === 'head') this.onHeadError(error)
    else if (this.mode === 'undecided') this.pendingError = error
    else if (this.mode === 'pipe') this.sink!.reject(error)
    else this.destroy(error)
  }
}

/**
 * PUT `body` (a SocketBody of known length) to `url`. An answer that comes before the body is all sent (a refusal)
 * is returned as it is, and the source is dropped.
 */
export function socketPut(url: URL, headers: Record<string, string>, body: SocketBody, idleTimeoutMs: number): Promise<StreamResponse> {
  const length = body.length
  if (length === undefined) return Promise.reject(new Error('socketPut needs a body of known length'))
  return new Promise((resolve, reject) => {
    const connection = takeConnection(url)
    const answer = new AnswerReader()
    let sent = false
    let settled = false
    const settle = (outcome: { answer: Answer } | { error: unknown }): void => {
      if (settled) return
      settled = true
      if ('error' in outcome) {
        connection.close()
        body.destroy()
        reject(outcome.error)
        return
      }
      // An answer before the whole body was sent leaves the request half written: that connection cannot be reused.
      if (sent && keepsAlive(outcome.answer.head, outcome.answer.framing)) connection.release()
      else connection.close()
      if (!sent) body.destroy()
      resolve({ ...outcome.answer.head, body: Readable.from([outcome.answer.body]) })
    }
    const answerOr = (error: unknown): { answer: Answer } | { error: unknown } => {
      const whole = answer.ended()
      return whole ? { answer: whole } : { error }
    }
    connection.hold({
      nextBuffer: takeBuffer,
      received: (bytes, buffer) => {
        try {
          const whole = answer.push(buffer.subarray(0, bytes)) // copies what it keeps
          if (whole) settle({ answer: whole })
        } catch (error) {
          settle({ error })
        } finally {
          freeBuffer(buffer)
        }
        return !settled
      },
      ended: () => settle(answerOr(connectionError(`${url.host} closed the connection without an answer`, 'ECONNRESET'))),
      // A registry that refuses the upload may answer and close while the body is still being written: the answer wins.
      failed: (error) => settle(answerOr(error))
    })
    connection.socket.setTimeout(idleTimeoutMs)
    connection.onTimeout = () => settle({ error: connectionError(`no answer from ${url.host} for ${idleTimeoutMs} ms`, 'ETIMEDOUT') })
    connection.socket.write(requestHead('PUT', url, { ...headers, 'content-length': String(length) }))
    connection.resume()
    body.pipeTo(connection.socket).then(
      () => (sent = true),
      (error: unknown) => settle({ error })
    )
  })
}

interface Answer {
  head: ResponseHead
  framing: Framing
  body: Buffer
}

/** Reads a short answer (a PUT's): its head, and up to 64 KB of its body (enough to explain a refusal). */
class AnswerReader {
  private readonly headReader = new HeadReader('PUT')
  private head: ResponseHead | undefined
  private framing: Framing | undefined
  private readonly body: Buffer[] = []
  private kept = 0
  private received = 0
  private decoder: ChunkedDecoder | undefined

  /** The whole answer once it has arrived, else undefined. */
  push(data: Buffer): Answer | undefined {
    if (!this.head) {
      const read = this.headReader.push(data)
      if (!read) return undefined
      this.head = read.head
      this.framing = read.framing
      if (read.framing.kind === 'chunked') this.decoder = new ChunkedDecoder()
      data = read.rest
    }
    const parts = this.decoder ? this.decoder.push(data) : [data]
    for (const part of parts) this.keep(part)
    return this.bodyDone() ? this.whole() : undefined
  }

  /** The answer so far when the connection ended: whole if its framing lets it end here. */
  ended(): Answer | undefined {
    return this.head && (this.framing?.kind === 'close' || this.bodyDone()) ? this.whole() : undefined
  }

  private bodyDone(): boolean {
    return this.decoder?.done === true || (this.framing?.kind === 'length' && this.received >= this.framing.length)
  }

  private keep(part: Buffer): void {
    this.received += part.length
    if (this.kept >= MAX_HEAD_BYTES) return
    const slice = part.subarray(0, MAX_HEAD_BYTES - this.kept)
    this.body.push(Buffer.from(slice))
    this.kept += slice.length
  }

  private whole(): Answer {
    const body = Buffer.concat(this.body)
    const framing = this.framing!
    return { head: this.head!, framing, body: framing.kind === 'length' ? body.subarray(0, framing.length) : body }
  }
}
