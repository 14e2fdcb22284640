/** The base of the JSON report parsers: gathers the chunks, parses once, checks the counts. */
import { MalformedReport } from '../malformed.js'
import type { FileCoverage } from '../types.js'
import type { ReportParser } from './parser.js'

/** istanbul writes each JSON report in one piece; it is parsed once the last chunk arrived. */
export abstract class JsonReportParser implements ReportParser {
  private readonly chunks: Buffer[] = []

  write(chunk: Buffer): void {
    this.chunks.push(Buffer.from(chunk)) // the reader reuses its buffer
  }

  end(): Map<string, FileCoverage> {
    const text = Buffer.concat(this.chunks).toString('utf8')
    this.chunks.length = 0
    let document: unknown
    try {
      document = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
    } catch (error) {
      throw new MalformedReport(`invalid JSON: ${(error as Error).message}`)
    }
    if (!isObject(document)) throw new MalformedReport('expected a JSON object keyed by file path')
    return this.files(document)
  }

  protected abstract files(document: Record<string, unknown>): Map<string, FileCoverage>
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function count(value: unknown, where: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value
  throw new MalformedReport(`${where} is ${JSON.stringify(value)}, not a non-negative number`)
}
