/** Parser of Clover XML coverage reports (as Clover and istanbul write them). */
import type { FileCoverageBuilder } from '../file-coverage.js'
import type { PathResolver } from '../paths.js'
import type { FileCoverage } from '../types.js'
import { FileCollector } from './parser.js'
import type { XmlAttributes, XmlContext, XmlHandler } from './xml.js'

interface OpenFile {
  builder: FileCoverageBuilder
  /** num, truecount, falsecount of each type="cond" line */
  conditions: number[]
  methodLines: number
  metrics: { conditionals: number; coveredConditionals: number; methods: number; coveredMethods: number } | undefined
}

/**
 * Clover XML. Lines of type stmt and cond are lines; type method lines are functions.
 * A cond line's truecount/falsecount mean two different things depending on the producer: in Clover they count
 * how often the condition was true and false (two branches); istanbul writes covered and uncovered branch counts
 * instead. The file's <metrics conditionals> tells which reading adds up.
 * istanbul writes no method lines, only the file's methods/coveredmethods: those are kept as functions at line 0.
 */
export class CloverHandler implements XmlHandler {
  readonly root = 'coverage'
  private readonly collector = new FileCollector()
  private packageName = ''
  private file: OpenFile | undefined
  private classDepth = 0

  constructor(private readonly paths: PathResolver) {}

  open(name: string, attributes: XmlAttributes, xml: XmlContext): void {
    const file = this.file
    switch (name) {
      case 'line':
        if (file !== undefined) this.line(file, attributes, xml)
        return
      case 'file': {
        const raw = attributes.get('path') ?? joinPackage(this.packageName, xml.attribute(attributes, 'name', 'file'))
        this.file = { builder: this.collector.open(this.paths.resolve(raw)), conditions: [], methodLines: 0, metrics: undefined }
        this.classDepth = 0
        return
      }
      case 'class':
        this.classDepth++
        return
      case 'metrics':
        if (file !== undefined && this.classDepth === 0 && file.metrics === undefined) {
          file.metrics = {
            conditionals: xml.count(attributes, 'conditionals', 'metrics', 0),
            coveredConditionals: xml.count(attributes, 'coveredconditionals', 'metrics', 0),
            methods: xml.count(attributes, 'methods', 'metrics', 0),
            coveredMethods: xml.count(attributes, 'coveredmethods', 'metrics', 0)
          }
        }
        return
      case 'package':
        this.packageName = attributes.get('name') ?? ''
        return
      default:
        return
    }
  }

  close(name: string): void {
    if (name === 'class') this.classDepth--
    else if (name === 'package') this.packageName = ''
    else if (name === 'file' && this.file !== undefined) {
      finishFile(this.file)
      this.collector.close()
      this.file = undefined
    }
  }

  end(): Map<string, FileCoverage> {
    return this.collector.build()
  }

  private line(file: OpenFile, attributes: XmlAttributes, xml: XmlContext): void {
    const line = xml.count(attributes, 'num', 'line')
    const type = attributes.get('type') ?? 'stmt'
    if (type === 'method') {
      file.methodLines++
      file.builder.function(line, xml.count(attributes, 'count', 'line', 0))
      return
    }
    if (type === 'cond') {
      const trueCount = xml.count(attributes, 'truecount', 'line', 0)
      const falseCount = xml.count(attributes, 'falsecount', 'line', 0)
      file.conditions.push(line, trueCount, falseCount)
      file.builder.line(line, xml.count(attributes, 'count', 'line', trueCount + falseCount))
      return
    }
    file.builder.line(line, xml.count(attributes, 'count', 'line'))
  }
}

function finishFile(file: OpenFile): void {
  const { builder, conditions, metrics } = file
  // Both readings are checked against the file's own conditionals/coveredconditionals; the closer one wins.
  // istanbul's own count can fall short: it leaves out branches on lines without a statement (a default parameter
  // on a function's line), so an exact match is not required.
  let asCounts = { total: 0, covered: 0 }
  let asOutcomes = { total: 0, covered: 0 }
  for (let at = 0; at < conditions.length; at += 3) {
    const trueCount = conditions[at + 1]!
    const falseCount = conditions[at + 2]!
    asCounts = { total: asCounts.total + trueCount + falseCount, covered: asCounts.covered + trueCount }
    asOutcomes = {
      total: asOutcomes.total + 2,
      covered: asOutcomes.covered + (trueCount > 0 ? 1 : 0) + (falseCount > 0 ? 1 : 0)
    }
  }
  const distance = (reading: { total: number; covered: number }): number =>
    metrics === undefined
      ? 0
      : Math.abs(reading.total - metrics.conditionals) + Math.abs(reading.covered - metrics.coveredConditionals)
  const countsBranches = metrics !== undefined && distance(asCounts) <= distance(asOutcomes)
  for (let at = 0; at < conditions.length; at += 3) {
    const line = conditions[at]!
    const trueCount = conditions[at + 1]!
    const falseCount = conditions[at + 2]!
    if (countsBranches) {
      for (let i = 0; i < trueCount + falseCount; i++) builder.branch(line, 0, i, i < trueCount ? 1 : 0)
    } else {
      builder.branch(line, 0, 0, trueCount)
      builder.branch(line, 0, 1, falseCount)
    }
  }
  if (file.methodLines === 0 && metrics !== undefined) {
    for (let i = 0; i < metrics.methods; i++) builder.function(0, i < metrics.coveredMethods ? 1 : 0)
  }
}

function joinPackage(packageName: string, name: string): string {
  return packageName === '' ? name : `${packageName.replaceAll('.', '/')}/${name}`
}
