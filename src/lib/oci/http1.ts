/**
 * The few HTTP/1.1 rules the socket pipe (socket-pipe.ts) needs, as plain functions: a request head, a response
 * head, how the body that follows is framed, and a chunked-body decoder.
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { Readable } from 'node:stream'

/** A response whose body is read as a stream (a blob's GET, an upload's PUT). */
export interface StreamResponse {
  status: number
  headers: IncomingHttpHeaders
  body: Readable
}

/** A response head longer than this is refused (registries answer with a few hundred bytes). */
export const MAX_HEAD_BYTES = 64 * 1024

export function requestHead(method: string, url: URL, headers: Record<string, string>): string {
  const lines = [`${method} ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`]
  for (const [name, value] of Object.entries(headers)) {
    if (/[\r\n]/.test(name) || /[\r\n]/.test(value)) throw new Error(`refusing a header with a line break: ${name}`)
    lines.push(`${name}: ${value}`)
  }
  return `${lines.join('\r\n')}\r\n\r\n`
}

export interface ResponseHead {
  status: number
  headers: IncomingHttpHeaders
}

/** Where the head ends in `bytes` (the index after its blank line), or -1 when it has not all arrived. */
export function headEnd(bytes: Buffer): number {
  const at = bytes.indexOf('\r\n\r\n')
  return at < 0 ? -1 : at + 4
}

/** Parses a response head (without its blank line); repeated headers are joined with commas as node:http does. */
export function parseResponseHead(text: string): ResponseHead {
  const [statusLine = '', ...lines] = text.split('\r\n')
  const match = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(statusLine)
  if (!match) throw new Error(`not an HTTP/1.1 response: ${JSON.stringify(statusLine.slice(0, 80))}`)
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon <= 0) throw new Error(`a malformed response header: ${JSON.stringify(line.slice(0, 80))}`)
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value
  }
  return { status: Number(match[1]), headers }
}

/** A response head gathered as it arrives, with how its body is framed and the bytes after it. */
export interface ReadHead {
  head: ResponseHead
  framing: Framing
  rest: Buffer
}

/** Gathers a response head from reads that may split it anywhere; refuses one longer than MAX_HEAD_BYTES. */
export class HeadReader {
  private bytes = Buffer.alloc(0)

  constructor(private readonly method: string) {}

  /** Bytes of the answer gathered so far (0: nothing has arrived). */
  get received(): number {
    return this.bytes.length
  }

  /** Takes a read (copied); the head once it is whole, else undefined. */
  push(data: Buffer): ReadHead | undefined {
    this.bytes = Buffer.concat([this.bytes, data])
    const end = headEnd(this.bytes)
    if (end < 0) {
      if (this.bytes.length > MAX_HEAD_BYTES) throw new Error(`a response head longer than ${MAX_HEAD_BYTES} bytes`)
      return undefined
    }
    const head = parseResponseHead(this.bytes.toString('latin1', 0, end - 4))
    return { head, framing: bodyFraming(this.method, head), rest: this.bytes.subarray(end) }
  }
}

export type Framing = { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'close' }

/** How the body after `head` ends (RFC 9112 6.3), for a response to `method`. */
export function bodyFraming(method: string, head: ResponseHead): Framing {
  const { status, headers } = head
  if (method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200)) return { kind: 'length', length: 0 }
  const encoding = headers['transfer-encoding']
  if (encoding !== undefined) {
    if (/(?:^|,)\s*chunked\s*$/i.test(encoding)) return { kind: 'chunked' }
    return { kind: 'close' }
  }
  const length = headers['content-length']
  if (length === undefined) return { kind: 'close' }
  if (!/^\d+$/.test(length)) throw new Error(`an invalid Content-Length: ${JSON.stringify(length)}`)
  return { kind: 'length', length: Number(length) }
}

/**
 * Decodes a chunked body as it arrives: `push` takes raw bytes and returns the data they hold; `done` turns true
 * after the last chunk and its trailers. Data is returned as views of the input, so callers copy what they keep.
 */
export class ChunkedDecoder {
  private state: 'size' | 'data' | 'data-end' | 'trailers' | 'done' = 'size'
  private line = ''
  private remaining = 0

  get done(): boolean {
    return this.state === 'done'
  }

  push(bytes: Buffer): Buffer[] {
    const out: Buffer[] = []
    let at = 0
    while (at < bytes.length && this.state !== 'done') {
      if (this.state === 'data') {
        const take = Math.min(this.remaining, bytes.length - at)
        out.push(bytes.subarray(at, at + take))
        at += take
        this.remaining -= take
        if (this.remaining === 0) this.state = 'data-end'
        continue
      }
      const newline = bytes.indexOf(0x0a, at)
      const end = newline < 0 ? bytes.length : newline + 1
      this.line += bytes.toString('latin1', at, end)
      at = end
      if (newline < 0) {
        if (this.line.length > 4096) throw new Error('a chunked body line longer than 4 KB')
        continue
      }
      const line = this.line.replace(/\r?\n$/, '')
      this.line = ''
      if (this.state === 'size') {
        const size = /^([0-9a-fA-F]+)(?:;.*)?$/.exec(line.trim())
        if (!size) throw new Error(`an invalid chunk size line: ${JSON.stringify(line.slice(0, 40))}`)
        this.remaining = parseInt(size[1]!, 16)
        this.state = this.remaining === 0 ? 'trailers' : 'data'
      } else if (this.state === 'data-end') {
        if (line !== '') throw new Error('a chunk longer than its size line says')
        this.state = 'size'
      } else if (line === '') {
        this.state = 'done'
      }
    }
    return out
  }
}
