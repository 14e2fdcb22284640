/** A streaming XML scanner over bytes, for large machine-written coverage reports. */
import { MalformedReport } from '../malformed.js'

/**
 * A streaming XML scanner for machine-written reports, working on the bytes: element names are interned, and an
 * attribute becomes a string or a number only when a handler asks for it. It exists because a general parser
 * (saxes, htmlparser2: 4.4 to 5 s for a 327 MB Cobertura report on this project's machines) turns every tag,
 * attribute and whitespace run into strings; this one scans the same file in under 1 s.
 * It checks what a coverage reader needs to trust a report (tags nest and close, attributes are quoted, entities
 * are known, the document is complete) and skips the prolog, comments, processing instructions and the DOCTYPE
 * (no entity of a DTD is ever expanded or fetched). It does not validate names or encodings beyond UTF-8.
 */
export interface XmlEvents {
  open(name: string, attributes: XmlAttributes): void
  close(name: string): void
  /** Text (and CDATA), in pieces; only called while the scanner's textWanted is set. */
  text?(text: string): void
}

export interface XmlAttributes {
  get(name: string): string | undefined
  /** The attribute as a number: undefined when absent, NaN when it is not a number. */
  number(name: string): number | undefined
}

const LT = 0x3c
const GT = 0x3e
const SLASH = 0x2f
const QUESTION = 0x3f
const BANG = 0x21
const EQUALS = 0x3d
const QUOTE = 0x22
const APOSTROPHE = 0x27
const AMPERSAND = 0x26
const NEWLINE = 0x0a
const DASH = 0x2d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d

const INCOMPLETE = -1

export class XmlScanner implements XmlAttributes {
  /** Set by a handler around the elements whose text it reads; other text is only skipped. */
  textWanted = false
  private carry: Buffer | undefined
  private buffer: Buffer = Buffer.alloc(0)
  private lineCount = 1
  private readonly stack: string[] = []
  private sawRoot = false
  private started = false
  // attribute ranges of the current start tag: name start/end, value start/end
  private attributeRanges = new Int32Array(64)
  private attributeCount = 0
  private readonly names: (string | undefined)[] = new Array<string | undefined>(1024).fill(undefined)

  constructor(private readonly events: XmlEvents) {}

  get line(): number {
    return this.lineCount
  }

  write(chunk: Buffer): void {
    let from = 0
    if (this.carry !== undefined) {
      // Finish the cut token with the head of this chunk, rather than copying the whole chunk behind it.
      const carry = this.carry
      this.carry = undefined
      for (let take = Math.min(chunk.length, 64 * 1024); ; take = Math.min(chunk.length, take * 4)) {
        const whole = take === chunk.length
        const reached = this.scan(Buffer.concat([carry, chunk.subarray(0, take)]), 0, carry.length, whole)
        if (reached !== INCOMPLETE) {
          from = reached - carry.length
          break
        }
        if (whole) return // scan() kept the rest as the new carry
      }
    }
    if (from < chunk.length) this.scan(chunk, from, chunk.length, true)
  }

  /**
   * Scans tokens from `from` until one ends at or after `stopAt`; returns that position. A token cut by the end of
   * the buffer is kept as the carry when `all` (the buffer holds every byte received), else INCOMPLETE is returned.
   */
  private scan(buffer: Buffer, from: number, stopAt: number, all: boolean): number {
    let at = from
    if (!this.started) {
      if (buffer.length - at < 3) {
        if (all) this.carry = Buffer.from(buffer.subarray(at))
        return all ? buffer.length : INCOMPLETE
      }
      this.started = true
      if (buffer[at] === 0xef && buffer[at + 1] === 0xbb && buffer[at + 2] === 0xbf) at += 3
    }
    this.buffer = buffer
    const length = buffer.length
    while (at < stopAt) {
      const lineBefore = this.lineCount
      const next = buffer[at] === LT ? this.markup(buffer, at, length) : this.skipText(buffer, at, length)
      if (next === INCOMPLETE) {
        this.lineCount = lineBefore
        if (!all) return INCOMPLETE
        this.carry = Buffer.from(buffer.subarray(at))
        return length
      }
      at = next
    }
    return at
  }

  end(): void {
    if (!this.started && this.carry !== undefined) {
      // a document of fewer than 3 bytes: too short for a BOM
      this.started = true
      const rest = this.carry
      this.carry = undefined
      this.scan(rest, 0, rest.length, true)
    }
    const rest = this.carry
    this.carry = undefined
    if (rest !== undefined && rest.indexOf(LT) >= 0) this.fail('the document ends inside a tag, comment or declaration')
    const open = this.stack[this.stack.length - 1]
    if (open !== undefined) this.fail(`the document ends before <${open}> is closed`)
    if (!this.sawRoot) this.fail('the document has no root element')
  }

  fail(message: string): never {
    throw new MalformedReport(`line ${this.lineCount}: ${message}`)
  }

  // XmlAttributes of the current start tag

  get(name: string): string | undefined {
    const index = this.findAttribute(name)
    if (index < 0) return undefined
    return this.decode(this.attributeRanges[index * 4 + 2]!, this.attributeRanges[index * 4 + 3]!)
  }

  number(name: string): number | undefined {
    const index = this.findAttribute(name)
    if (index < 0) return undefined
    const buffer = this.buffer
    const start = this.attributeRanges[index * 4 + 2]!
    const end = this.attributeRanges[index * 4 + 3]!
    let value = 0
    for (let i = start; i < end; i++) {
      const digit = buffer[i]! - 0x30
      if (digit < 0 || digit > 9) {
        const text = this.decode(start, end).trim()
        return text === '' ? Number.NaN : Number(text)
      }
      value = value * 10 + digit
    }
    return start === end ? Number.NaN : value
  }

  private findAttribute(name: string): number {
    const buffer = this.buffer
    const ranges = this.attributeRanges
    const length = name.length
    const first = name.charCodeAt(0)
    for (let index = 0, at = 0; index < this.attributeCount; index++, at += 4) {
      const start = ranges[at]!
      if (ranges[at + 1]! - start !== length || buffer[start] !== first) continue
      let k = 1
      while (k < length && buffer[start + k] === name.charCodeAt(k)) k++
      if (k === length) return index
    }
    return -1
  }

  /** Skips text up to the next '<', counting lines; hands it to the handler when it wants text. */
  private skipText(buffer: Buffer, start: number, length: number): number {
    let at = start
    let lines = 0
    for (; at < length; at++) {
      const byte = buffer[at]!
      if (TEXT_SPECIAL[byte] === 0) continue
      if (byte === LT) break
      lines++
    }
    const wants = this.textWanted
    // wanted text may go on in the next chunk (and end in a cut character or entity): it is kept whole
    if (at === length && wants) return INCOMPLETE
    this.lineCount += lines
    if (wants && at > start) this.events.text?.(this.decode(start, at))
    return at
  }

  /** Handles the markup at `at` ('<'); returns where it ends, or INCOMPLETE when the buffer ends first. */
  private markup(buffer: Buffer, at: number, length: number): number {
    const second = buffer[at + 1]
    if (second === undefined) return INCOMPLETE
    if (second === SLASH) return this.closeTag(buffer, at, length)
    if (second === QUESTION) return this.skipPast(buffer, at + 2, length, '?>')
    if (second === BANG) {
      if (at + 4 > length) return INCOMPLETE
      if (buffer[at + 2] === DASH && buffer[at + 3] === DASH) return this.skipPast(buffer, at + 4, length, '-->')
      if (at + 9 > length) return INCOMPLETE
      if (buffer.toString('latin1', at + 2, at + 9) === '[CDATA[') return this.cdata(buffer, at + 9, length)
      return this.declaration(buffer, at + 2, length)
    }
    return this.startTag(buffer, at, length)
  }

  private startTag(buffer: Buffer, at: number, length: number): number {
    let i = at + 1
    while (i < length && NAME_END[buffer[i]!] === 0) i++
    if (i >= length) return INCOMPLETE
    if (i === at + 1) this.fail(`'<' is not followed by an element name`)
    const nameEnd = i
    this.attributeCount = 0
    for (;;) {
      if (i < length && SPACE[buffer[i]!] !== 0) i = this.skipSpace(buffer, i, length)
      if (i >= length) return INCOMPLETE
      const byte = buffer[i]!
      if (byte === GT || byte === SLASH) {
        if (byte === SLASH) {
          if (i + 1 >= length) return INCOMPLETE
          if (buffer[i + 1] !== GT) this.fail(`expected '/>' in <${this.name(buffer, at + 1, nameEnd)}>`)
          i++
        }
        const name = this.name(buffer, at + 1, nameEnd)
        this.openElement(name)
        if (byte === SLASH) this.closeElement(name)
        return i + 1
      }
      const attributeStart = i
      while (i < length && ATTRIBUTE_NAME_END[buffer[i]!] === 0) i++
      const attributeEnd = i
      if (i < length && buffer[i] !== EQUALS) i = this.skipSpace(buffer, i, length)
      if (i + 1 >= length) return INCOMPLETE
      if (buffer[i] !== EQUALS || attributeEnd === attributeStart) {
        this.fail(`attribute without a value in <${this.name(buffer, at + 1, nameEnd)}>`)
      }
      i++
      if (SPACE[buffer[i]!] !== 0) i = this.skipSpace(buffer, i, length)
      if (i >= length) return INCOMPLETE
      const quote = buffer[i]
      if (quote !== QUOTE && quote !== APOSTROPHE) this.fail(`unquoted attribute value in <${this.name(buffer, at + 1, nameEnd)}>`)
      const valueStart = i + 1
      i = valueStart
      for (; i < length; i++) {
        const byte = buffer[i]!
        if (VALUE_SPECIAL[byte] === 0) continue
        if (byte === quote) break
        if (byte === LT) this.fail(`'<' in an attribute value of <${this.name(buffer, at + 1, nameEnd)}>`)
        if (byte === NEWLINE) this.lineCount++
      }
      if (i >= length) return INCOMPLETE
      this.addAttribute(attributeStart, attributeEnd, valueStart, i)
      i++
      if (i < length && !isSpace(buffer[i]!) && buffer[i] !== GT && buffer[i] !== SLASH) {
        this.fail(`attributes of <${this.name(buffer, at + 1, nameEnd)}> must be separated by white space`)
      }
    }
  }

  private closeTag(buffer: Buffer, at: number, length: number): number {
    let i = at + 2
    while (i < length && !isNameEnd(buffer[i]!)) i++
    const nameEnd = i
    i = this.skipSpace(buffer, i, length)
    if (i >= length) return INCOMPLETE
    if (buffer[i] !== GT) this.fail(`malformed closing tag`)
    this.closeElement(this.name(buffer, at + 2, nameEnd))
    return i + 1
  }

  private openElement(name: string): void {
    if (this.stack.length === 0) {
      if (this.sawRoot) this.fail(`<${name}> after the root element was closed`)
      this.sawRoot = true
    }
    this.stack.push(name)
    this.events.open(name, this)
  }

  private closeElement(name: string): void {
    const open = this.stack.pop()
    if (open !== name) this.fail(open === undefined ? `</${name}> closes nothing` : `</${name}> closes <${open}>`)
    this.events.close(name)
  }

  private addAttribute(nameStart: number, nameEnd: number, valueStart: number, valueEnd: number): void {
    if ((this.attributeCount + 1) * 4 > this.attributeRanges.length) {
      const grown = new Int32Array(this.attributeRanges.length * 2)
      grown.set(this.attributeRanges)
      this.attributeRanges = grown
    }
    const at = this.attributeCount++ * 4
    this.attributeRanges[at] = nameStart
    this.attributeRanges[at + 1] = nameEnd
    this.attributeRanges[at + 2] = valueStart
    this.attributeRanges[at + 3] = valueEnd
  }

  private cdata(buffer: Buffer, start: number, length: number): number {
    const end = buffer.indexOf(']]>', start, 'latin1')
    if (end < 0 || end + 3 > length) return INCOMPLETE
    this.countLines(buffer, start, end)
    if (this.textWanted) this.events.text?.(buffer.toString('utf8', start, end))
    return end + 3
  }

  /** <!DOCTYPE ...> with an optional internal subset in brackets; nothing in it is used. */
  private declaration(buffer: Buffer, start: number, length: number): number {
    let depth = 0
    let quote = 0
    for (let i = start; i < length; i++) {
      const byte = buffer[i]!
      if (quote !== 0) {
        if (byte === quote) quote = 0
      } else if (byte === QUOTE || byte === APOSTROPHE) quote = byte
      else if (byte === OPEN_BRACKET) depth++
      else if (byte === CLOSE_BRACKET) depth--
      else if (byte === GT && depth <= 0) {
        this.countLines(buffer, start, i)
        return i + 1
      }
    }
    return INCOMPLETE
  }

  private skipPast(buffer: Buffer, start: number, length: number, terminator: string): number {
    const end = buffer.indexOf(terminator, start, 'latin1')
    if (end < 0 || end + terminator.length > length) return INCOMPLETE
    this.countLines(buffer, start, end)
    return end + terminator.length
  }

  private skipSpace(buffer: Buffer, start: number, length: number): number {
    let i = start
    while (i < length) {
      const byte = buffer[i]!
      if (SPACE[byte] === 0) break
      if (byte === NEWLINE) this.lineCount++
      i++
    }
    return i
  }

  private countLines(buffer: Buffer, start: number, end: number): void {
    for (let i = start; i < end; i++) if (buffer[i] === NEWLINE) this.lineCount++
  }

  /** Element names are few: each is made a string once, and found again by length, first and last byte. */
  private name(buffer: Buffer, start: number, end: number): string {
    const length = end - start
    const slot = (length * 961 + buffer[start]! * 31 + buffer[end - 1]!) & 1023
    const cached = this.names[slot]
    if (cached !== undefined && cached.length === length) {
      let same = true
      for (let k = 1; k < length - 1 && same; k++) same = cached.charCodeAt(k) === buffer[start + k]
      if (same && cached.charCodeAt(0) === buffer[start] && cached.charCodeAt(length - 1) === buffer[end - 1]) return cached
    }
    const name = buffer.toString('utf8', start, end)
    this.names[slot] = name
    return name
  }

  private decode(start: number, end: number): string {
    const buffer = this.buffer
    const text = buffer.toString('utf8', start, end)
    let ampersand = start
    while (ampersand < end && buffer[ampersand] !== AMPERSAND) ampersand++
    if (ampersand === end) return text
    return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);|&/g, (match, entity: string | undefined) => {
      if (entity === undefined) this.fail(`a bare '&' (write &amp;)`)
      if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16))
      if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10))
      const known = ENTITIES[entity]
      if (known === undefined) this.fail(`unknown entity ${match}`)
      return known
    })
  }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

const SPACE = new Uint8Array(256)
const NAME_END = new Uint8Array(256)
for (const byte of [0x20, 0x0a, 0x09, 0x0d]) SPACE[byte] = NAME_END[byte] = 1
NAME_END[GT] = NAME_END[SLASH] = 1
const ATTRIBUTE_NAME_END = NAME_END.slice()
ATTRIBUTE_NAME_END[EQUALS] = 1
const TEXT_SPECIAL = new Uint8Array(256)
TEXT_SPECIAL[LT] = TEXT_SPECIAL[NEWLINE] = 1
const VALUE_SPECIAL = new Uint8Array(256)
VALUE_SPECIAL[QUOTE] = VALUE_SPECIAL[APOSTROPHE] = VALUE_SPECIAL[LT] = VALUE_SPECIAL[NEWLINE] = 1

function isSpace(byte: number): boolean {
  return SPACE[byte] === 1
}

function isNameEnd(byte: number): boolean {
  return NAME_END[byte] === 1
}
