/** Parser of lcov tracefiles, line by line straight from the bytes. */
import { posix } from 'node:path'
import { MalformedReport } from '../malformed.js'
import type { PathResolver } from '../paths.js'
import type { FileCoverageBuilder } from '../file-coverage.js'
import type { FileCoverage } from '../types.js'
import { FileCollector, type ReportParser } from './parser.js'

const NEWLINE = 0x0a
const CARRIAGE_RETURN = 0x0d
const COLON = 0x3a
const COMMA = 0x2c
const DASH = 0x2d

/**
 * lcov tracefile (geninfo(1) format, including lcov 2's FNL/FNA records), parsed line by line straight from the
 * bytes: record tags are matched as bytes and numbers read from them; only paths and function names become
 * strings.
 */
export class LcovParser implements ReportParser {
  private readonly collector = new FileCollector()
  private readonly bases: string[]
  private carry: Buffer | undefined
  private lineNumber = 0
  private file: FileCoverageBuilder | undefined
  /**
   * The current record's functions in FN order. Names can repeat (two classes' constructors in one file): FNDA
   * records go to same-named functions in the order FN listed them, which is also the order geninfo and istanbul
   * write FNDA in, so the next expected name is tried first.
   */
  private names = Buffer.alloc(4096) // the current record's function names, back to back
  private namesUsed = 0
  private readonly functionNameStarts: number[] = []
  private readonly functionNameEnds: number[] = []
  private readonly functionLines: number[] = []
  private readonly functionHits: number[] = []
  private readonly functionCounted: boolean[] = []
  private nextFunction = 0
  private first = 0 // fields read by numbers()
  private second = 0
  private text: Buffer | undefined // the current line, for error messages
  private textStart = 0
  private textEnd = 0

  constructor(private readonly paths: PathResolver) {
    // geninfo writes SF paths absolute; other tools write them relative to the directory they ran in: the repository
    // root, or the package that holds the report (pkg/coverage/lcov.info or pkg/lcov.info).
    this.bases = ['.', posix.dirname(paths.reportDir), paths.reportDir]
  }

  write(chunk: Buffer): void {
    let buffer = chunk
    if (this.carry !== undefined) {
      buffer = Buffer.concat([this.carry, chunk])
      this.carry = undefined
    }
    const length = buffer.length
    let start = 0
    for (let at = 0; at < length; at++) {
      if (buffer[at] !== NEWLINE) continue
      this.line(buffer, start, at)
      start = at + 1
    }
    if (start < length) this.carry = Buffer.from(buffer.subarray(start))
  }

  end(): Map<string, FileCoverage> {
    if (this.carry !== undefined) {
      const line = this.carry
      this.carry = undefined
      this.line(line, 0, line.length)
    }
    this.endRecord() // a last record without end_of_record
    return this.collector.build()
  }

  private line(buffer: Buffer, start: number, end: number): void {
    this.lineNumber++
    if (end > start && buffer[end - 1] === CARRIAGE_RETURN) end--
    while (start < end && (buffer[start] === 0x20 || buffer[start] === 0x09)) start++
    if (start === end) return
    this.text = buffer
    this.textStart = start
    this.textEnd = end
    const tag = tagOf(buffer, start, end)
    const value = start + TAG_LENGTH[tag]! + 1
    switch (tag) {
      case Tag.DA:
        this.numbers(buffer, value, end, 'DA:<line>,<hits>')
        this.current('DA').line(this.first, this.second)
        return
      case Tag.BRDA:
        this.branch(buffer, value, end)
        return
      case Tag.SF:
        this.endRecord()
        this.file = this.collector.open(this.paths.resolve(buffer.toString('utf8', value, end), this.bases))
        return
      case Tag.FN:
        this.functionDefinition(buffer, value, end)
        return
      case Tag.FNDA:
        this.functionData(buffer, value, end)
        return
      case Tag.FNL:
        // lcov 2: FNL:<index>,<line>[,<end line>]
        this.numbers(buffer, value, end, 'FNL:<index>,<line>[,<end line>]')
        this.current('FNL')
        this.indexedFunction(this.first).line = this.second
        return
      case Tag.FNA: {
        // lcov 2: FNA:<index>,<hits>,<alias name>
        const indexEnd = indexOf(buffer, COMMA, value, end)
        const alias = indexEnd < 0 ? -1 : indexOf(buffer, COMMA, indexEnd + 1, end)
        this.numbers(buffer, value, alias > 0 && alias < end ? alias : end, 'FNA:<index>,<hits>,<name>')
        this.current('FNA')
        const entry = this.indexedFunction(this.first)
        entry.hits = Math.max(entry.hits, this.second)
        return
      }
      case Tag.END:
        this.endRecord()
        return
      default:
        return // TN, VER, LF/LH, FNF/FNH, BRF/BRH (recomputed), and records of newer lcov versions
    }
  }

  private current(tag: string): FileCoverageBuilder {
    if (this.file === undefined) this.fail(`${tag} record before any SF (source file) record`)
    return this.file
  }

  private endRecord(): void {
    const file = this.file
    if (file !== undefined) {
      for (let i = 0; i < this.functionLines.length; i++) file.function(this.functionLines[i]!, this.functionHits[i]!)
      for (const entry of this.indexed.values()) file.function(entry.line, entry.hits)
      this.collector.close()
    }
    this.namesUsed = 0
    this.functionNameStarts.length = 0
    this.functionNameEnds.length = 0
    this.functionLines.length = 0
    this.functionHits.length = 0
    this.functionCounted.length = 0
    this.nextFunction = 0
    this.indexed.clear()
    this.file = undefined
  }

  private functionDefinition(buffer: Buffer, start: number, end: number): void {
    this.current('FN')
    // FN:<line>,<name> or lcov 2's FN:<line>,<end line>,<name>; names may contain commas (C++ signatures).
    const comma = indexOf(buffer, COMMA, start, end)
    if (comma < 0 || comma >= end) this.fail('FN expects <line>,<name>')
    const line = this.integer(buffer, start, comma, 'FN:<line>,<name>')
    let nameStart = comma + 1
    const second = indexOf(buffer, COMMA, nameStart, end)
    if (second > 0 && second < end && isDigits(buffer, nameStart, second)) nameStart = second + 1
    this.addFunction(buffer, nameStart, end, line)
  }

  private addFunction(buffer: Buffer, nameStart: number, nameEnd: number, line: number): void {
    const length = nameEnd - nameStart
    if (this.namesUsed + length > this.names.length) {
      const grown = Buffer.alloc(Math.max(this.names.length * 2, this.namesUsed + length))
      this.names.copy(grown, 0, 0, this.namesUsed)
      this.names = grown
    }
    buffer.copy(this.names, this.namesUsed, nameStart, nameEnd)
    this.functionNameStarts.push(this.namesUsed)
    this.namesUsed += length
    this.functionNameEnds.push(this.namesUsed)
    this.functionLines.push(line)
    this.functionHits.push(0)
    this.functionCounted.push(false)
  }

  private isNamed(index: number, buffer: Buffer, start: number, end: number): boolean {
    const nameStart = this.functionNameStarts[index]!
    if (this.functionNameEnds[index]! - nameStart !== end - start) return false
    const names = this.names
    for (let i = 0; i < end - start; i++) if (names[nameStart + i] !== buffer[start + i]) return false
    return true
  }

  private functionData(buffer: Buffer, start: number, end: number): void {
    this.current('FNDA')
    const comma = indexOf(buffer, COMMA, start, end)
    if (comma < 0 || comma >= end) this.fail('FNDA expects <hits>,<name>')
    const hits = this.integer(buffer, start, comma, 'FNDA:<hits>,<name>')
    const count = this.functionLines.length
    let index = this.nextFunction
    if (index >= count || !this.isNamed(index, buffer, comma + 1, end)) {
      index = -1
      for (let i = 0; i < count && index < 0; i++) {
        if (!this.functionCounted[i] && this.isNamed(i, buffer, comma + 1, end)) index = i
      }
      for (let i = count - 1; i >= 0 && index < 0; i--) {
        if (this.isNamed(i, buffer, comma + 1, end)) index = i // FNDA repeated for one function
      }
      if (index < 0) {
        // FNDA without FN: a function whose line is unknown
        this.addFunction(buffer, comma + 1, end, 0)
        index = count
      }
    }
    this.functionHits[index] = Math.max(this.functionHits[index]!, hits)
    this.functionCounted[index] = true
    this.nextFunction = index + 1
  }

  private readonly indexed = new Map<number, { line: number; hits: number }>()

  private indexedFunction(index: number): { line: number; hits: number } {
    let entry = this.indexed.get(index)
    if (entry === undefined) {
      entry = { line: 0, hits: 0 }
      this.indexed.set(index, entry)
    }
    return entry
  }

  private branch(buffer: Buffer, start: number, end: number): void {
    // BRDA:<line>,[e]<block>,<branch>,<taken or ->; lcov 2 marks exception blocks with "e" and may name branches.
    const file = this.current('BRDA')
    const first = indexOf(buffer, COMMA, start, end)
    const second = first < 0 ? -1 : indexOf(buffer, COMMA, first + 1, end)
    const last = lastIndexOf(buffer, COMMA, start, end)
    if (first < 0 || second < 0 || last <= second || last >= end) this.fail('BRDA expects <line>,<block>,<branch>,<taken>')
    const line = this.integer(buffer, start, first, 'BRDA:<line>')
    const blockStart = buffer[first + 1] === 0x65 ? first + 2 : first + 1
    const block = isDigits(buffer, blockStart, second) ? this.integer(buffer, blockStart, second, 'BRDA block') : 0
    const branch = isDigits(buffer, second + 1, last) ? this.integer(buffer, second + 1, last, 'BRDA branch') : 0
    const taken = last + 2 === end && buffer[last + 1] === DASH ? 0 : this.integer(buffer, last + 1, end, 'BRDA taken')
    file.branch(line, block, branch, taken)
  }

  /** Reads two comma-separated non-negative integers into first and second; further fields (checksums) are ignored. */
  private numbers(buffer: Buffer, start: number, end: number, shape: string): void {
    let comma = start
    while (comma < end && buffer[comma] !== COMMA) comma++
    if (comma === end) this.fail(`expected ${shape}`)
    let secondEnd = comma + 1
    while (secondEnd < end && buffer[secondEnd] !== COMMA) secondEnd++
    this.first = this.integer(buffer, start, comma, shape)
    this.second = this.integer(buffer, comma + 1, secondEnd, shape)
  }

  private integer(buffer: Buffer, start: number, end: number, shape: string): number {
    if (start >= end) this.fail(`expected ${shape}`)
    let value = 0
    for (let i = start; i < end; i++) {
      const digit = buffer[i]! - 0x30
      if (digit < 0 || digit > 9) {
        // gcov can write hit counts in exponent notation for huge values ("1.2e+10")
        const text = buffer.toString('latin1', start, end)
        const parsed = Number(text)
        if (text.trim() !== '' && Number.isFinite(parsed) && parsed >= 0) return parsed
        this.fail(`expected ${shape}`)
      }
      value = value * 10 + digit
    }
    return value
  }

  private fail(message: string): never {
    const text = this.text === undefined ? '' : this.text.toString('utf8', this.textStart, this.textEnd)
    const shown = text.length > 120 ? `${text.slice(0, 120)}...` : text
    throw new MalformedReport(`line ${this.lineNumber}: ${message}, got '${shown}'`)
  }
}

enum Tag {
  OTHER,
  DA,
  BRDA,
  SF,
  FN,
  FNDA,
  FNL,
  FNA,
  END
}

const TAG_LENGTH = [0, 2, 4, 2, 2, 4, 3, 3, 12]

/** The record tag of a line, matched on its bytes (a tag is followed by ':', except end_of_record). */
function tagOf(buffer: Buffer, start: number, end: number): Tag {
  const length = end - start
  const a = buffer[start]
  const b = buffer[start + 1]
  const c = buffer[start + 2]
  if (a === 0x44 && b === 0x41 && c === COLON) return Tag.DA // DA:
  if (a === 0x42 && b === 0x52 && c === 0x44 && buffer[start + 3] === 0x41 && buffer[start + 4] === COLON) return Tag.BRDA
  if (a === 0x53 && b === 0x46 && c === COLON) return Tag.SF
  if (a === 0x46 && b === 0x4e) {
    if (c === COLON) return Tag.FN
    const d = buffer[start + 3]
    if (c === 0x44 && d === 0x41 && buffer[start + 4] === COLON) return Tag.FNDA
    if (c === 0x4c && d === COLON) return Tag.FNL
    if (c === 0x41 && d === COLON) return Tag.FNA
    return Tag.OTHER
  }
  if (a === 0x65 && length === 13 && buffer.toString('latin1', start, end) === 'end_of_record') return Tag.END
  return Tag.OTHER
}

/** Buffer.indexOf crosses into C++ per call; lcov fields are a few bytes apart. -1 when not before `end`. */
function indexOf(buffer: Buffer, byte: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (buffer[i] === byte) return i
  return -1
}

function lastIndexOf(buffer: Buffer, byte: number, start: number, end: number): number {
  for (let i = end - 1; i >= start; i--) if (buffer[i] === byte) return i
  return -1
}

function isDigits(buffer: Buffer, start: number, end: number): boolean {
  if (start >= end) return false
  for (let i = start; i < end; i++) {
    const byte = buffer[i]!
    if (byte < 0x30 || byte > 0x39) return false
  }
  return true
}
