/** Parser of istanbul's coverage-summary.json (totals per file, no lines). */
import { MalformedReport } from '../malformed.js'
import { metric } from '../metric.js'
import type { PathResolver } from '../paths.js'
import type { CoverageTotals, FileCoverage, Metric } from '../types.js'
import { count, isObject, JsonReportParser } from './json.js'
import { FileCollector } from './parser.js'

/**
 * istanbul coverage-summary.json: totals per file and nothing per line, so these files merge at file level and
 * cannot take part in patch coverage. The "total" entry is recomputed from the files, not read.
 */
export class IstanbulSummaryParser extends JsonReportParser {
  constructor(private readonly paths: PathResolver) {
    super()
  }

  protected files(document: Record<string, unknown>): Map<string, FileCoverage> {
    const collector = new FileCollector()
    for (const [key, value] of Object.entries(document)) {
      if (key === 'total') continue
      if (!isObject(value)) throw new MalformedReport(`entry '${key}' is not a summary object`)
      const totals: CoverageTotals = {
        lines: summaryMetric(value, 'lines', key),
        branches: summaryMetric(value, 'branches', key),
        functions: summaryMetric(value, 'functions', key)
      }
      collector.open(this.paths.resolve(key)).totalsOnly(totals)
    }
    return collector.build()
  }
}

function summaryMetric(value: Record<string, unknown>, name: string, key: string): Metric {
  const entry = value[name]
  if (!isObject(entry)) throw new MalformedReport(`'${key}' has no ${name} summary`)
  const total = count(entry['total'], `'${key}' ${name}.total`)
  const covered = count(entry['covered'], `'${key}' ${name}.covered`)
  if (covered > total) throw new MalformedReport(`'${key}' ${name} covers ${covered} of ${total}`)
  return metric(covered, total)
}
