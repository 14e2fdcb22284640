import { posix } from 'node:path'
import { MalformedReport } from '../malformed.js'
import type { PathResolver } from '../paths.js'
import type { FileCoverageBuilder } from '../file-coverage.js'
import type { FileCoverage } from '../types.js'
import { FileCollector, type ReportParser } from './parser.js'

const NEWLINE = 0x0a
const CARRIAGE_RETURN = 0x0d
const COMMA = 0x2c
const DASH = 0x2d

/**
 * lcov tracefile (geninfo(1) format, including lcov 2's FNL/FNA records), parsed line by line straight from the
 * bytes: only paths and function names become strings.
 */
export class LcovParser implements ReportParser {
  private readonly collector = new FileCollector()
  private readonly bases: string[]
  private carry: Buffer | undefined
  private lineNumber = 0
  private file: FileCoverageBuilder | undefined
  /**
   * name -> [line, hits] of the current record's functions, in FN order. Names can repeat (two classes' constructors
   * in one file): FNDA records then go to same-named functions in the order FN listed them.
   */
  private functions = new Map<string, FunctionEntry[]>()
  private readonly fields: number[] = [0, 0, 0, 0]
  private text: Buffer | undefined // the current line, for error messages
  private textStart = 0
  private textEnd = 0

  constructor(private readonly paths: PathResolver) {
    // geninfo writes SF paths absolute; other tools write them relative to the directory they ran in: the repository
    // root, or the package that holds the report (pkg/coverage/lcov.info or pkg/lcov.info).
    this.bases = ['.', posix.dirname(paths.reportDir), paths.reportDir]
  }

  write(chunk: Buffer): void {
    let start = 0
    if (this.carry !== undefined) {
      const newline = chunk.indexOf(NEWLINE)
      if (newline < 0) {
        this.carry = Buffer.concat([this.carry, chunk])
        return
      }
      const line = Buffer.concat([this.carry, chunk.subarray(0, newline)])
      this.carry = undefined
      this.line(line, 0, line.length)
      start = newline + 1
    }
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, start)
      if (newline < 0) break
      this.line(chunk, start, newline)
      start = newline + 1
    }
    if (start < chunk.length) this.carry = Buffer.from(chunk.subarray(start))
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
    // DA is most of a tracefile: recognise it without making a string
    if (buffer[start] === 0x44 && buffer[start + 1] === 0x41 && buffer[start + 2] === 0x3a) {
      this.numbers(buffer, start + 3, end, 2, 'DA:<line>,<hits>')
      this.current('DA').line(this.fields[0]!, this.fields[1]!)
      return
    }
    const colon = buffer.indexOf(0x3a, start)
    const tag = colon > start && colon < end ? buffer.toString('latin1', start, colon) : buffer.toString('latin1', start, end)
    const value = colon + 1
    switch (tag) {
      case 'BRDA':
        this.branch(buffer, value, end)
        return
      case 'SF':
        this.endRecord()
        this.file = this.collector.file(this.paths.resolve(buffer.toString('utf8', value, end), this.bases))
        return
      case 'FN':
        this.functionDefinition(buffer, value, end)
        return
      case 'FNDA':
        this.functionHits(buffer, value, end)
        return
      case 'FNL':
        this.numbers(buffer, value, end, 2, 'FNL:<index>,<line>[,<end line>]')
        this.current('FNL')
        this.lcov2Function(String(this.fields[0]), this.fields[1]!, undefined)
        return
      case 'FNA': {
        const comma = buffer.indexOf(COMMA, value)
        this.numbers(buffer, value, comma > 0 && comma < end ? buffer.indexOf(COMMA, comma + 1) : end, 2, 'FNA:<index>,<hits>,<name>')
        this.current('FNA')
        this.lcov2Function(String(this.fields[0]), undefined, this.fields[1]!)
        return
      }
      case 'end_of_record':
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
    if (this.file !== undefined) {
      for (const [name, entries] of this.functions) {
        for (const entry of entries) this.file.function(entry.line, entry.hits, `${name}@${entry.line}`)
      }
    }
    this.functions = new Map()
    this.file = undefined
  }

  private functionDefinition(buffer: Buffer, start: number, end: number): void {
    this.current('FN')
    // FN:<line>,<name> or lcov 2's FN:<line>,<end line>,<name>; names may contain commas (C++ signatures).
    const comma = buffer.indexOf(COMMA, start)
    if (comma < 0 || comma >= end) this.fail(`FN expects <line>,<name>`)
    const line = this.integer(buffer, start, comma, 'FN:<line>,<name>')
    let nameStart = comma + 1
    const second = buffer.indexOf(COMMA, nameStart)
    if (second > 0 && second < end && isDigits(buffer, nameStart, second)) nameStart = second + 1
    this.entries(buffer.toString('utf8', nameStart, end)).push({ line, hits: 0, counted: false })
  }

  private entries(name: string): FunctionEntry[] {
    let entries = this.functions.get(name)
    if (entries === undefined) {
      entries = []
      this.functions.set(name, entries)
    }
    return entries
  }

  private functionHits(buffer: Buffer, start: number, end: number): void {
    this.current('FNDA')
    const comma = buffer.indexOf(COMMA, start)
    if (comma < 0 || comma >= end) this.fail('FNDA expects <hits>,<name>')
    const hits = this.integer(buffer, start, comma, 'FNDA:<hits>,<name>')
    const entries = this.entries(buffer.toString('utf8', comma + 1, end))
    const entry = entries.find((e) => !e.counted)
    if (entry === undefined) entries.push({ line: 0, hits, counted: true })
    else Object.assign(entry, { hits, counted: true })
  }

  /** lcov 2 keys a function by index: FNL gives its line, FNA its hits (once per alias name). */
  private lcov2Function(index: string, line: number | undefined, hits: number | undefined): void {
    const entries = this.entries(`#${index}`)
    const entry = entries[0] ?? { line: 0, hits: 0, counted: true }
    if (line !== undefined) entry.line = line
    if (hits !== undefined) entry.hits = Math.max(entry.hits, hits)
    entries[0] = entry
  }

  private branch(buffer: Buffer, start: number, end: number): void {
    // BRDA:<line>,[e]<block>,<branch>,<taken or ->; lcov 2 marks exception blocks with "e" and may name branches.
    const file = this.current('BRDA')
    const first = buffer.indexOf(COMMA, start)
    const second = first < 0 ? -1 : buffer.indexOf(COMMA, first + 1)
    const last = buffer.lastIndexOf(COMMA, end - 1)
    if (first < 0 || second < 0 || last <= second || last >= end) this.fail('BRDA expects <line>,<block>,<branch>,<taken>')
    const line = this.integer(buffer, start, first, 'BRDA:<line>')
    const blockStart = buffer[first + 1] === 0x65 ? first + 2 : first + 1
    const block = isDigits(buffer, blockStart, second) ? this.integer(buffer, blockStart, second, 'BRDA block') : 0
    const branch = isDigits(buffer, second + 1, last) ? this.integer(buffer, second + 1, last, 'BRDA branch') : 0
    const taken = last + 2 === end && buffer[last + 1] === DASH ? 0 : this.integer(buffer, last + 1, end, 'BRDA taken')
    file.branch(line, block, branch, taken)
  }

  /** Reads `count` comma-separated non-negative integers into this.fields; extra fields (checksums) are ignored. */
  private numbers(buffer: Buffer, start: number, end: number, count: number, shape: string): void {
    let at = start
    for (let i = 0; i < count; i++) {
      let comma = buffer.indexOf(COMMA, at)
      if (comma < 0 || comma > end) comma = end
      if (i < count - 1 && comma === end) this.fail(`expected ${shape}`)
      this.fields[i] = this.integer(buffer, at, comma, shape)
      at = comma + 1
    }
  }

  private integer(buffer: Buffer, start: number, end: number, shape: string): number {
    let value = 0
    if (start >= end) this.fail(`expected ${shape}`)
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

interface FunctionEntry {
  line: number
  hits: number
  counted: boolean
}

function isDigits(buffer: Buffer, start: number, end: number): boolean {
  if (start >= end) return false
  for (let i = start; i < end; i++) {
    const byte = buffer[i]!
    if (byte < 0x30 || byte > 0x39) return false
  }
  return true
}
