/**
 * A large blob's GET and PUT over sockets of their own, its bytes going from one socket into the other through a
 * few reused buffers. Through an HTTP client every 64 KB read allocates a buffer, and the chunk then passes through
 * two stream layers. In a 200 MB copy that cost 4-6x the user CPU of this pipe, and it competes for the cores with
 * the registries (bench/README.md, promote).
 *
 * The GET's body is a Readable like any other (an error body, a redirect's, a consumer that is not the PUT here):
 * it reads into fresh buffers until `pipeTo` claims it. Each exchange has a connection of its own, closed when it
 * ends, so no pooling is needed. A handshake is nothing next to megabytes, which is why callers use this only for
 * large blobs.
 */
import net from 'node:net'
import { Readable } from 'node:stream'
import tls from 'node:tls'
import { bodyFraming, ChunkedDecoder, headEnd, MAX_HEAD_BYTES, parseResponseHead, requestHead, type Framing, type ResponseHead, type StreamResponse } from './http1.js'

const CHUNK = 64 * 1024
/** Buffers handed to the PUT's socket and not yet written before the GET's socket stops reading. */
const IN_FLIGHT = 8

/** A failure of the connection itself, coded as the retry policy knows it (retryable.ts). */
function connectionError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code })
}

interface OnRead {
  buffer: () => Buffer
  callback: (bytes: number, buffer: Buffer) => boolean
}

function connect(url: URL, onread?: OnRead): net.Socket {
  const host = url.hostname.replace(/^\[|\]$/g, '')
  const secure = url.protocol === 'https:'
  const port = Number(url.port || (secure ? 443 : 80))
  const socket = secure
    ? tls.connect({ host, port, ...(net.isIP(host) === 0 && { servername: host }), ...(onread && { onread }) } as tls.ConnectionOptions)
    : net.connect({ host, port, ...(onread && { onread }) } as net.NetConnectOpts)
  socket.setNoDelay(true)
  return socket
}

/** GET `url` on a connection of its own; the body is a SocketBody. */
export function socketGet(url: URL, headers: Record<string, string>, idleTimeoutMs: number): Promise<StreamResponse> {
  return new Promise((resolve, reject) => {
    const body = new SocketBody(url, idleTimeoutMs, (head) => resolve({ ...head, body }), reject)
    body.socket.write(requestHead('GET', url, { ...headers, connection: 'close' }))
  })
}

/**
 * The body of a socketGet response. Read as a Readable, each read lands in a fresh buffer; claimed by `pipeTo`,
 * reads land in buffers that are reused once the other socket has written them.
 */
export class SocketBody extends Readable {
  readonly socket: net.Socket
  private head: Buffer | undefined = Buffer.alloc(0)
  private framing: Framing = { kind: 'close' }
  private remaining = 0
  private decoder: ChunkedDecoder | undefined
  /** Body bytes that came with the head, delivered before the next read. */
  private early: Buffer | undefined
  private mode: 'head' | 'undecided' | 'readable' | 'pipe' = 'head'
  private readonly pool: Buffer[] = []
  private inFlight = 0
  private paused = false
  private finished = false
  /** A failure while nobody holds the body yet, surfaced to whoever claims it. */
  private pendingError: Error | undefined
  private sink: { socket: net.Socket; resolve: () => void; reject: (error: Error) => void } | undefined

  constructor(
    url: URL,
    private readonly idleTimeoutMs: number,
    private readonly onHead: (head: ResponseHead) => void,
    private readonly onHeadError: (error: Error) => void
  ) {
    super({ highWaterMark: CHUNK })
    this.socket = connect(url, { buffer: () => this.nextBuffer(), callback: (bytes, buffer) => this.received(bytes, buffer) })
    this.socket.setTimeout(idleTimeoutMs, () => this.fail(connectionError(`no data from ${url.host} for ${idleTimeoutMs} ms`, 'ETIMEDOUT')))
    this.socket.on('error', (error) => this.fail(error))
    this.socket.on('end', () => this.socketEnded())
    // Flowing, so that 'end' is emitted: with `onread` no data goes through the socket's own stream.
    this.socket.resume()
  }

  /** True when the length is known up front, which a PUT with Content-Length needs. */
  get length(): number | undefined {
    return this.framing.kind === 'length' ? this.framing.length : undefined
  }

  /** Writes the whole body into `socket`; resolves once the last byte is handed to it. */
  pipeTo(socket: net.Socket): Promise<void> {
    if (this.mode !== 'undecided' || this.framing.kind !== 'length') throw new Error('only an unread body of known length can be piped')
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
    this.socket.destroy()
    callback(error)
  }

  private nextBuffer(): Buffer {
    // A buffer pushed to a Readable's consumer is theirs: only the head and the pipe reuse buffers.
    return this.mode === 'readable' ? Buffer.allocUnsafe(CHUNK) : (this.pool.pop() ?? Buffer.allocUnsafe(CHUNK))
  }

  /** Takes one read; false stops the socket reading until resumeSocket. */
  private received(bytes: number, buffer: Buffer): boolean {
    if (this.finished) return false
    const data = buffer.subarray(0, bytes)
    if (this.mode === 'head') return this.receivedHead(data, buffer)
    return this.deliver(data, buffer)
  }

  private receivedHead(data: Buffer, buffer: Buffer): boolean {
    const head = Buffer.concat([this.head!, data])
    this.pool.push(buffer) // copied: the buffer is free again
    const end = headEnd(head)
    if (end < 0) {
      if (head.length > MAX_HEAD_BYTES) {
        this.fail(new Error(`a response head longer than ${MAX_HEAD_BYTES} bytes`))
        return false
      }
      this.head = head
      return true
    }
    this.head = undefined
    let parsed: ResponseHead
    try {
      parsed = parseResponseHead(head.toString('latin1', 0, end - 4))
      this.framing = bodyFraming('GET', parsed)
    } catch (error) {
      this.fail(error as Error)
      return false
    }
    if (this.framing.kind === 'length') this.remaining = this.framing.length
    if (this.framing.kind === 'chunked') this.decoder = new ChunkedDecoder()
    if (head.length > end) this.early = head.subarray(end)
    this.mode = 'undecided'
    this.paused = true
    if (this.framing.kind === 'length' && this.remaining === 0) this.finishBody()
    this.onHead(parsed)
    return false
  }

  /**
   * Passes body bytes on (pushed, or written to the sink); false when the socket should stop reading. `buffer` is
   * the read buffer `data` lies in, reused once written; undefined for bytes that are not in one.
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
      const part = data.subarray(0, this.remaining)
      this.remaining -= part.length
      more = this.push(part)
      if (this.remaining === 0) this.finishBody()
    } else {
      more = this.push(data)
    }
    if (!more) this.pauseSocket()
    return more && !this.finished
  }

  private forward(data: Buffer, buffer: Buffer | undefined): boolean {
    const part = data.subarray(0, this.remaining)
    this.remaining -= part.length
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
    if (buffer) this.pool.push(buffer)
    if (this.paused && this.mode === 'pipe' && !this.finished && this.inFlight < IN_FLIGHT) this.resumeSocket()
  }

  private complete(): void {
    this.finished = true
    this.socket.destroy()
    this.sink?.resolve()
  }

  private finishBody(): void {
    this.finished = true
    this.socket.destroy()
    this.push(null)
  }

  private pauseSocket(): void {
    this.paused = true
    this.socket.setTimeout(0) // a consumer that is not reading is not a stalled server
  }

  private resumeSocket(): void {
    if (!this.paused || this.finished) return
    this.paused = false
    this.socket.setTimeout(this.idleTimeoutMs)
    this.socket.resume()
  }

  private socketEnded(): void {
    if (this.finished) return
    if (this.mode !== 'head' && this.framing.kind === 'close') return this.finishBody()
    this.fail(connectionError('the server closed the connection before the response ended', 'ECONNRESET'))
  }

  private fail(error: Error): void {
    if (this.finished) return
    this.finished = true
    this.socket.destroy()
    // Only a Readable consumer listens for 'error'; the others learn of it through their promise.
    if (this.mode === 'head') this.onHeadError(error)
    else if (this.mode === 'undecided') this.pendingError = error
    else if (this.mode === 'pipe') this.sink!.reject(error)
    else this.destroy(error)
  }
}

/**
 * PUT `body` (a SocketBody of known length) to `url` on a connection of its own. An answer that comes before the
 * body is all sent (a refusal) is returned as it is, and the source is dropped.
 */
export function socketPut(url: URL, headers: Record<string, string>, body: SocketBody, idleTimeoutMs: number): Promise<StreamResponse> {
  const length = body.length
  if (length === undefined) return Promise.reject(new Error('socketPut needs a body of known length'))
  return new Promise((resolve, reject) => {
    const socket = connect(url)
    const answer = new AnswerReader('PUT')
    let settled = false
    const settle = (outcome: { answer: Answer } | { error: unknown }): void => {
      if (settled) return
      settled = true
      socket.destroy()
      if ('error' in outcome) {
        body.destroy()
        reject(outcome.error)
        return
      }
      if (!body.readableEnded) body.destroy()
      resolve({ ...outcome.answer.head, body: Readable.from([outcome.answer.body]) })
    }
    const answerOr = (error: unknown): { answer: Answer } | { error: unknown } => {
      const whole = answer.ended()
      return whole ? { answer: whole } : { error }
    }
    socket.setTimeout(idleTimeoutMs, () => settle({ error: connectionError(`no answer from ${url.host} for ${idleTimeoutMs} ms`, 'ETIMEDOUT') }))
    socket.on('data', (data: Buffer) => {
      try {
        const whole = answer.push(data)
        if (whole) settle({ answer: whole })
      } catch (error) {
        settle({ error })
      }
    })
    socket.on('end', () => settle(answerOr(connectionError(`${url.host} closed the connection without an answer`, 'ECONNRESET'))))
    // A registry that refuses the upload may answer and close while the body is still being written: the answer wins.
    socket.on('error', (error) => settle(answerOr(error)))
    // No `connection: close`: a server that answers early (a refusal) and drains the body stays readable until its
    // answer is in; this end closes the connection once it has it.
    socket.write(requestHead('PUT', url, { ...headers, 'content-length': String(length) }))
    body.pipeTo(socket).catch((error: unknown) => settle({ error }))
  })
}

interface Answer {
  head: ResponseHead
  body: Buffer
}

/** Reads a short answer (a PUT's): its head, and up to 64 KB of its body (enough to explain a refusal). */
class AnswerReader {
  private bytes = Buffer.alloc(0)
  private head: ResponseHead | undefined
  private framing: Framing | undefined
  private readonly body: Buffer[] = []
  private kept = 0
  private received = 0
  private decoder: ChunkedDecoder | undefined

  constructor(private readonly method: string) {}

  /** The whole answer once it has arrived, else undefined. */
  push(data: Buffer): Answer | undefined {
    if (!this.head) {
      this.bytes = Buffer.concat([this.bytes, data])
      const end = headEnd(this.bytes)
      if (end < 0) {
        if (this.bytes.length > MAX_HEAD_BYTES) throw new Error(`a response head longer than ${MAX_HEAD_BYTES} bytes`)
        return undefined
      }
      this.head = parseResponseHead(this.bytes.toString('latin1', 0, end - 4))
      this.framing = bodyFraming(this.method, this.head)
      if (this.framing.kind === 'chunked') this.decoder = new ChunkedDecoder()
      data = this.bytes.subarray(end)
    }
    const parts = this.decoder ? this.decoder.push(data) : [data]
    for (const part of parts) this.keep(part)
    if (this.decoder?.done || (this.framing?.kind === 'length' && this.received >= this.framing.length)) return this.whole()
    return undefined
  }

  /** The answer so far when the connection ended: whole if its framing lets it end here. */
  ended(): Answer | undefined {
    if (!this.head || !this.framing) return undefined
    const whole = this.framing.kind === 'close' || (this.framing.kind === 'length' && this.received >= this.framing.length) || this.decoder?.done
    return whole ? this.whole() : undefined
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
    return { head: this.head!, body: this.framing?.kind === 'length' ? body.subarray(0, this.framing.length) : body }
  }
}
