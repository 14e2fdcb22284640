import { StringDecoder } from 'node:string_decoder'
import { SaxesParser } from 'saxes'
import { MalformedReport } from '../malformed.js'
import type { FileCoverage } from '../types.js'
import type { ReportParser } from './parser.js'

export type Attributes = Record<string, string>

/** What a format needs from a streaming XML parse: elements as they open and close, and text when it asks. */
export interface XmlHandler {
  readonly root: string
  open(name: string, attributes: Attributes, xml: XmlContext): void
  close(name: string, xml: XmlContext): void
  text?(text: string): void
  end(): Map<string, FileCoverage>
}

export interface XmlContext {
  fail(message: string): never
  /** A required attribute. */
  attribute(attributes: Attributes, name: string, element: string): string
  /** A non-negative number attribute; `fallback` when absent (undefined: required). */
  count(attributes: Attributes, name: string, element: string, fallback?: number): number
}

/** Drives saxes over the report's chunks; no DTD is fetched (saxes never resolves external entities). */
export class XmlReportParser implements ReportParser, XmlContext {
  private readonly decoder = new StringDecoder('utf8')
  private readonly sax = new SaxesParser()
  private sawRoot = false

  constructor(private readonly handler: XmlHandler) {
    this.sax.on('opentag', (tag) => {
      if (!this.sawRoot) {
        this.sawRoot = true
        if (tag.name !== handler.root) this.fail(`expected a <${handler.root}> root element, got <${tag.name}>`)
      }
      handler.open(tag.name, tag.attributes as Attributes, this)
    })
    this.sax.on('closetag', (tag) => handler.close(tag.name, this))
    const onText = handler.text?.bind(handler)
    if (onText !== undefined) this.sax.on('text', onText)
    this.sax.on('error', (error) => {
      throw new MalformedReport(`invalid XML: ${error.message}`)
    })
  }

  write(chunk: Buffer): void {
    this.sax.write(this.decoder.write(chunk))
  }

  end(): Map<string, FileCoverage> {
    this.sax.write(this.decoder.end())
    this.sax.close()
    return this.handler.end()
  }

  fail(message: string): never {
    throw new MalformedReport(`line ${this.sax.line}: ${message}`)
  }

  attribute(attributes: Attributes, name: string, element: string): string {
    const value = attributes[name]
    if (value === undefined) this.fail(`<${element}> has no ${name} attribute`)
    return value
  }

  count(attributes: Attributes, name: string, element: string, fallback?: number): number {
    const value = attributes[name]
    if (value === undefined) {
      if (fallback === undefined) this.fail(`<${element}> has no ${name} attribute`)
      return fallback
    }
    const number = Number(value)
    if (value.trim() === '' || !Number.isFinite(number) || number < 0) {
      this.fail(`<${element}> ${name}="${value}" is not a non-negative number`)
    }
    return number
  }
}
