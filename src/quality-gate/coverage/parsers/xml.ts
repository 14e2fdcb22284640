/** Runs a format's handler over a report's chunks through the XML scanner. */
import type { FileCoverage } from '../types.js'
import type { ReportParser } from './parser.js'
import { XmlScanner, type XmlAttributes } from './xml-scanner.js'

export type { XmlAttributes } from './xml-scanner.js'

/** What a format needs from a streaming XML parse: elements as they open and close, and text when it asks. */
export interface XmlHandler {
  readonly root: string
  open(name: string, attributes: XmlAttributes, xml: XmlContext): void
  close(name: string, xml: XmlContext): void
  text?(text: string): void
  end(): Map<string, FileCoverage>
}

export interface XmlContext {
  fail(message: string): never
  /** Asks for the text of the elements that follow (until called with false). */
  wantText(wanted: boolean): void
  /** A required attribute. */
  attribute(attributes: XmlAttributes, name: string, element: string): string
  /** A non-negative number attribute; `fallback` when absent (undefined: required). */
  count(attributes: XmlAttributes, name: string, element: string, fallback?: number): number
}

/** Runs a format's handler over the report's chunks. */
export class XmlReportParser implements ReportParser, XmlContext {
  private readonly scanner: XmlScanner
  private sawRoot = false

  constructor(private readonly handler: XmlHandler) {
    this.scanner = new XmlScanner({
      open: (name, attributes) => {
        if (!this.sawRoot) {
          this.sawRoot = true
          if (name !== handler.root) this.fail(`expected a <${handler.root}> root element, got <${name}>`)
        }
        handler.open(name, attributes, this)
      },
      close: (name) => handler.close(name, this),
      text: (text) => handler.text?.(text)
    })
  }

  write(chunk: Buffer): void {
    this.scanner.write(chunk)
  }

  end(): Map<string, FileCoverage> {
    this.scanner.end()
    return this.handler.end()
  }

  fail(message: string): never {
    return this.scanner.fail(message)
  }

  wantText(wanted: boolean): void {
    this.scanner.textWanted = wanted
  }

  attribute(attributes: XmlAttributes, name: string, element: string): string {
    const value = attributes.get(name)
    if (value === undefined) this.fail(`<${element}> has no ${name} attribute`)
    return value
  }

  count(attributes: XmlAttributes, name: string, element: string, fallback?: number): number {
    const number = attributes.number(name)
    if (number === undefined) {
      if (fallback === undefined) this.fail(`<${element}> has no ${name} attribute`)
      return fallback
    }
    if (!Number.isFinite(number) || number < 0) {
      this.fail(`<${element}> ${name}="${attributes.get(name)}" is not a non-negative number`)
    }
    return number
  }
}
