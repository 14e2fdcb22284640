/**
 * Kept-alive connections for the socket pipe (socket-pipe.ts), per origin, and the 64 KB read buffers they share.
 * A connection reads into buffers it is given (`onread`), never allocating per read; whoever holds the connection
 * (an exchange) receives its reads and its end. Between exchanges a connection waits a short while for the next
 * one, so a copy of many large blobs pays one handshake per stream slot, not one per blob.
 */
import net from 'node:net'
import tls from 'node:tls'

export const CHUNK = 64 * 1024
/** Free read buffers kept for reuse (4 MB); more are left to the garbage collector. */
const MAX_FREE_BUFFERS = 64
/** Idle connections kept per origin. */
const MAX_IDLE_PER_ORIGIN = 8
/** An idle connection is closed after this long: well inside the keep-alive timeouts servers use (Go: none; nginx: 75 s). */
const IDLE_MS = 4_000

const freeBuffers: Buffer[] = []

/** A 64 KB buffer for reading into; give it back with `freeBuffer` once nothing refers to it. */
export function takeBuffer(): Buffer {
  return freeBuffers.pop() ?? Buffer.allocUnsafe(CHUNK)
}

export function freeBuffer(buffer: Buffer): void {
  if (freeBuffers.length < MAX_FREE_BUFFERS) freeBuffers.push(buffer)
}

/** What an exchange handles while it holds a connection. */
export interface ConnectionHolder {
  /** The buffer the next read lands in. */
  nextBuffer(): Buffer
  /** A read of `bytes` into `buffer`; false stops reading until `resume`. */
  received(bytes: number, buffer: Buffer): boolean
  ended(): void
  failed(error: Error): void
}

export class Connection {
  readonly socket: net.Socket
  private holder: ConnectionHolder | undefined
  private idleTimer: NodeJS.Timeout | undefined
  /** Whether an exchange ran on it before: a reused connection may have been closed by the server meanwhile. */
  reused = false
  /** Called when the holder's idle timeout (`socket.setTimeout`) passes without data. */
  onTimeout: (() => void) | undefined

  constructor(readonly origin: string, url: URL) {
    const host = url.hostname.replace(/^\[|\]$/g, '')
    const secure = url.protocol === 'https:'
    const port = Number(url.port || (secure ? 443 : 80))
    const onread = { buffer: () => this.holder?.nextBuffer() ?? takeBuffer(), callback: (bytes: number, buffer: Buffer) => this.received(bytes, buffer) }
    this.socket = secure
      ? tls.connect({ host, port, ...(net.isIP(host) === 0 && { servername: host }), onread } as tls.ConnectionOptions)
      : net.connect({ host, port, onread } as net.NetConnectOpts)
    this.socket.setNoDelay(true)
    this.socket.on('error', (error) => (this.holder ? this.holder.failed(error) : this.close()))
    this.socket.on('end', () => (this.holder ? this.holder.ended() : this.close()))
    this.socket.on('timeout', () => this.onTimeout?.())
    // Flowing, so that 'end' is emitted: with `onread` no data goes through the socket's own stream.
    this.socket.resume()
  }

  hold(holder: ConnectionHolder): void {
    clearTimeout(this.idleTimer)
    this.holder = holder
    this.onTimeout = undefined
  }

  resume(): void {
    this.socket.resume()
  }

  close(): void {
    clearTimeout(this.idleTimer)
    this.holder = undefined
    this.onTimeout = undefined
    this.socket.destroy()
    pool.forget(this)
  }

  /** The exchange is over and left the connection ready for another: it waits in the pool. */
  release(): void {
    this.holder = undefined
    this.onTimeout = undefined
    this.reused = true
    this.socket.setTimeout(0)
    if (!pool.keep(this)) return this.close()
    this.idleTimer = setTimeout(() => this.close(), IDLE_MS).unref()
    this.socket.unref()
  }

  private received(bytes: number, buffer: Buffer): boolean {
    if (this.holder) return this.holder.received(bytes, buffer)
    // Bytes nobody asked for (a server talking out of turn): the connection cannot be trusted any more.
    this.close()
    return false
  }
}

class Pool {
  private readonly idle = new Map<string, Connection[]>()

  /** An idle connection to `url`'s origin, else a new one. */
  take(url: URL): Connection {
    const waiting = this.idle.get(url.origin)
    for (let connection = waiting?.pop(); connection; connection = waiting?.pop()) {
      if (connection.socket.destroyed || connection.socket.readyState !== 'open') {
        connection.close()
        continue
      }
      connection.socket.ref()
      return connection
    }
    return new Connection(url.origin, url)
  }

  keep(connection: Connection): boolean {
    const waiting = this.idle.get(connection.origin) ?? []
    if (waiting.length >= MAX_IDLE_PER_ORIGIN || connection.socket.destroyed) return false
    waiting.push(connection)
    this.idle.set(connection.origin, waiting)
    return true
  }

  forget(connection: Connection): void {
    const waiting = this.idle.get(connection.origin)
    const at = waiting?.indexOf(connection) ?? -1
    if (at >= 0) waiting!.splice(at, 1)
  }
}

const pool = new Pool()

export function takeConnection(url: URL): Connection {
  return pool.take(url)
}
