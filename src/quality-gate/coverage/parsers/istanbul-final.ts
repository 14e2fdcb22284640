/** Parser of istanbul's coverage-final.json (nyc, jest's json reporter). */
import { MalformedReport } from '../malformed.js'
import type { PathResolver } from '../paths.js'
import type { FileCoverage } from '../types.js'
import { count, isObject, JsonReportParser } from './json.js'
import { FileCollector } from './parser.js'

/**
 * istanbul coverage-final.json (what nyc and jest's "json" reporter write): statement, function and branch maps
 * with their counters. Lines are derived as istanbul derives them (a line's hits are its statements' highest
 * count), so totals match istanbul's own lcov and summary.
 */
export class IstanbulFinalParser extends JsonReportParser {
  constructor(private readonly paths: PathResolver) {
    super()
  }

  protected files(document: Record<string, unknown>): Map<string, FileCoverage> {
    const collector = new FileCollector()
    for (const [key, value] of Object.entries(document)) {
      if (!isObject(value)) throw new MalformedReport(`entry '${key}' is not a file coverage object`)
      const where = (field: string): string => `'${key}' ${field}`
      const statementMap = field(value, 'statementMap', key)
      const statements = field(value, 's', key)
      const fnMap = field(value, 'fnMap', key)
      const functions = field(value, 'f', key)
      const branchMap = field(value, 'branchMap', key)
      const branches = field(value, 'b', key)
      const file = collector.open(this.paths.resolve(typeof value['path'] === 'string' ? value['path'] : key))

      for (const [id, hits] of Object.entries(statements)) {
        const location = statementMap[id]
        if (location === undefined) continue // istanbul skips counters without a location too
        file.line(startLine(location, where(`statementMap[${id}]`)), count(hits, where(`s[${id}]`)))
      }
      for (const [id, meta] of Object.entries(fnMap)) {
        if (!isObject(meta)) throw new MalformedReport(`${where(`fnMap[${id}]`)} is not an object`)
        const line = startLine(meta['decl'] ?? meta['loc'], where(`fnMap[${id}].decl`))
        file.function(line, count(functions[id] ?? 0, where(`f[${id}]`)))
      }
      for (const [id, meta] of Object.entries(branchMap)) {
        if (!isObject(meta)) throw new MalformedReport(`${where(`branchMap[${id}]`)} is not an object`)
        const line = startLine(meta['loc'], where(`branchMap[${id}].loc`))
        const counts = branches[id]
        if (!Array.isArray(counts)) throw new MalformedReport(`${where(`b[${id}]`)} is not an array of counts`)
        const group = Number(id)
        counts.forEach((hits, index) => file.branch(line, Number.isInteger(group) ? group : 0, index, count(hits, where(`b[${id}][${index}]`))))
      }
    }
    return collector.build()
  }
}

function field(value: Record<string, unknown>, name: string, key: string): Record<string, unknown> {
  const found = value[name]
  if (!isObject(found)) throw new MalformedReport(`'${key}' has no ${name} object`)
  return found
}

function startLine(location: unknown, where: string): number {
  const start = isObject(location) ? location['start'] : undefined
  const line = isObject(start) ? start['line'] : undefined
  if (typeof line !== 'number' || !Number.isInteger(line) || line < 0) {
    throw new MalformedReport(`${where} has no start line`)
  }
  return line
}
