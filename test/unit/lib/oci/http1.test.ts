import { describe, expect, test } from '@jest/globals'
import { bodyFraming, ChunkedDecoder, headEnd, HeadReader, MAX_HEAD_BYTES, parseResponseHead, requestHead } from '../../../../src/lib/oci/http1.js'

describe('requestHead', () => {
  test('writes the request line with path and query, the host, and each header', () => {
    const head = requestHead('PUT', new URL('https://registry.example:8443/v2/team/app/blobs/uploads/abc?_state=x&digest=sha256%3A00'), { 'content-length': '12' })
    expect(head).toBe('PUT /v2/team/app/blobs/uploads/abc?_state=x&digest=sha256%3A00 HTTP/1.1\r\nhost: registry.example:8443\r\ncontent-length: 12\r\n\r\n')
  })

  test('refuses a header value that would start a new header (a token with a line break)', () => {
    expect(() => requestHead('GET', new URL('http://r/'), { authorization: 'Bearer x\r\nx-evil: 1' })).toThrow('refusing a header with a line break: authorization')
  })
})

describe('parseResponseHead and headEnd', () => {
  test('finds the blank line, parses the status and lower-cases names, joining a repeated header', () => {
    const bytes = Buffer.from('HTTP/1.1 307 Temporary Redirect\r\nLocation: https://s/x\r\nWWW-Authenticate: Bearer a\r\nwww-authenticate: Basic b\r\n\r\nbody')
    const end = headEnd(bytes)
    expect(bytes.subarray(end).toString()).toBe('body')
    expect(parseResponseHead(bytes.toString('latin1', 0, end - 4))).toEqual({ status: 307, headers: { location: 'https://s/x', 'www-authenticate': 'Bearer a, Basic b' } })
  })

  test('says the head has not all arrived', () => {
    expect(headEnd(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n'))).toBe(-1)
  })

  test('refuses what is not an HTTP/1.x response, and a header line without a colon', () => {
    expect(() => parseResponseHead('SSH-2.0-OpenSSH_9.6')).toThrow('not an HTTP/1.1 response: "SSH-2.0-OpenSSH_9.6"')
    expect(() => parseResponseHead('HTTP/1.1 200 OK\r\nbroken')).toThrow('a malformed response header: "broken"')
  })
})

describe('HeadReader', () => {
  test('gathers a head split across reads and hands back the body bytes that came with it', () => {
    const reader = new HeadReader('GET')
    expect(reader.push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Le'))).toBeUndefined()
    expect(reader.received).toBe(27)
    const read = reader.push(Buffer.from('ngth: 5\r\n\r\nhel'))
    expect(read).toMatchObject({ head: { status: 200, headers: { 'content-length': '5' } }, framing: { kind: 'length', length: 5 } })
    expect(read!.rest.toString()).toBe('hel')
  })

  test('refuses a head longer than the limit before it ends', () => {
    const reader = new HeadReader('PUT')
    expect(() => reader.push(Buffer.alloc(MAX_HEAD_BYTES + 1, 'a'))).toThrow(`a response head longer than ${MAX_HEAD_BYTES} bytes`)
  })
})

describe('bodyFraming', () => {
  const head = (status: number, headers: Record<string, string>) => ({ status, headers })
  test('Content-Length, chunked, or until the connection closes', () => {
    expect(bodyFraming('GET', head(200, { 'content-length': '1048576' }))).toEqual({ kind: 'length', length: 1048576 })
    expect(bodyFraming('GET', head(200, { 'transfer-encoding': 'chunked', 'content-length': '5' }))).toEqual({ kind: 'chunked' })
    expect(bodyFraming('GET', head(200, {}))).toEqual({ kind: 'close' })
  })

  test('no body for HEAD, 204 and 304, whatever the headers say', () => {
    expect(bodyFraming('HEAD', head(200, { 'content-length': '10' }))).toEqual({ kind: 'length', length: 0 })
    expect(bodyFraming('PUT', head(204, {}))).toEqual({ kind: 'length', length: 0 })
    expect(bodyFraming('GET', head(304, {}))).toEqual({ kind: 'length', length: 0 })
  })

  test('refuses a Content-Length that is not a number', () => {
    expect(() => bodyFraming('GET', head(200, { 'content-length': '10, 12' }))).toThrow('an invalid Content-Length: "10, 12"')
  })
})

describe('ChunkedDecoder', () => {
  const encoded = Buffer.from('5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nx-trailer: 1\r\n\r\n')

  test('decodes a body that arrives in one piece', () => {
    const decoder = new ChunkedDecoder()
    expect(Buffer.concat(decoder.push(encoded)).toString()).toBe('hello, world')
    expect(decoder.done).toBe(true)
  })

  test('decodes the same body split at every byte, and is not done before the last line', () => {
    const decoder = new ChunkedDecoder()
    const parts: Buffer[] = []
    for (let i = 0; i < encoded.length; i++) {
      expect(decoder.done).toBe(false)
      parts.push(...decoder.push(encoded.subarray(i, i + 1)).map((part) => Buffer.from(part)))
    }
    expect(Buffer.concat(parts).toString()).toBe('hello, world')
    expect(decoder.done).toBe(true)
  })

  test('refuses a size line that is not hex, and a chunk longer than its size', () => {
    expect(() => new ChunkedDecoder().push(Buffer.from('zz\r\n'))).toThrow('an invalid chunk size line: "zz"')
    expect(() => new ChunkedDecoder().push(Buffer.from('2\r\nabc\r\n'))).toThrow('a chunk longer than its size line says')
  })
})
