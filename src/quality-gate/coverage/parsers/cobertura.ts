/** Parser of Cobertura XML coverage reports (cobertura, coverage.py, istanbul, gcovr...). */
import type { FileCoverageBuilder } from '../file-coverage.js'
import type { PathResolver } from '../paths.js'
import type { FileCoverage } from '../types.js'
import { FileCollector } from './parser.js'
import type { XmlAttributes, XmlContext, XmlHandler } from './xml.js'

const CONDITION_COVERAGE = /\((\d+)\/(\d+)\)/

/**
 * Cobertura XML (coverage-04 DTD, as written by cobertura, coverage.py, istanbul, gcovr...). Class filenames are
 * relative to one of the <source> directories. Branches are known only as "covered/total" per line, so they are
 * kept as positions 0..total-1 of that line, the covered ones first.
 */
export class CoberturaHandler implements XmlHandler {
  readonly root = 'coverage'
  private readonly collector = new FileCollector()
  private readonly sources: string[] = []
  private sourceText: string | undefined
  private file: FileCoverageBuilder | undefined
  private method: { hits: number | undefined; line: number; maxLineHits: number } | undefined

  constructor(private readonly paths: PathResolver) {}

  open(name: string, attributes: XmlAttributes, xml: XmlContext): void {
    switch (name) {
      case 'line':
        if (this.method !== undefined) this.methodLine(attributes, xml)
        else if (this.file !== undefined) this.line(this.file, attributes, xml)
        return
      case 'class': {
        const filename = xml.attribute(attributes, 'filename', 'class')
        this.file = this.collector.open(this.paths.resolve(filename, this.sources.length > 0 ? this.sources : undefined))
        return
      }
      case 'method':
        if (this.file === undefined) return
        this.method = {
          hits: attributes.number('hits') === undefined ? undefined : xml.count(attributes, 'hits', 'method'),
          line: Number.POSITIVE_INFINITY,
          maxLineHits: 0
        }
        return
      case 'source':
        this.sourceText = ''
        xml.wantText(true)
        return
      default:
        return
    }
  }

  text(text: string): void {
    if (this.sourceText !== undefined) this.sourceText += text
  }

  close(name: string, xml: XmlContext): void {
    switch (name) {
      case 'source': {
        xml.wantText(false)
        const source = this.sourceText?.trim()
        if (source) this.sources.push(source)
        this.sourceText = undefined
        return
      }
      case 'method': {
        const method = this.method
        if (method === undefined || this.file === undefined) return
        const line = Number.isFinite(method.line) ? method.line : 0
        this.file.function(line, method.hits ?? method.maxLineHits)
        this.method = undefined
        return
      }
      case 'class':
        this.collector.close()
        this.file = undefined
        return
      default:
        return
    }
  }

  end(): Map<string, FileCoverage> {
    return this.collector.build()
  }

  private methodLine(attributes: XmlAttributes, xml: XmlContext): void {
    const method = this.method!
    method.line = Math.min(method.line, xml.count(attributes, 'number', 'line'))
    method.maxLineHits = Math.max(method.maxLineHits, xml.count(attributes, 'hits', 'line'))
  }

  private line(file: FileCoverageBuilder, attributes: XmlAttributes, xml: XmlContext): void {
    const line = xml.count(attributes, 'number', 'line')
    file.line(line, xml.count(attributes, 'hits', 'line'))
    const conditions = attributes.get('condition-coverage')
    if (conditions === undefined || attributes.get('branch') === 'false') return
    const match = CONDITION_COVERAGE.exec(conditions)
    if (match === null) xml.fail(`<line number="${line}"> condition-coverage="${conditions}" is not "P% (covered/total)"`)
    const covered = Number(match[1])
    const total = Number(match[2])
    if (covered > total) xml.fail(`<line number="${line}"> covers more conditions than it has: ${conditions}`)
    for (let i = 0; i < total; i++) file.branch(line, 0, i, i < covered ? 1 : 0)
  }
}
