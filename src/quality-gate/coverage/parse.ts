/** Picks the streaming parser for a coverage format. */
import { CloverHandler } from './parsers/clover.js'
import { CoberturaHandler } from './parsers/cobertura.js'
import { IstanbulFinalParser } from './parsers/istanbul-final.js'
import { IstanbulSummaryParser } from './parsers/istanbul-summary.js'
import { JacocoHandler } from './parsers/jacoco.js'
import { LcovParser } from './parsers/lcov.js'
import type { ReportParser } from './parsers/parser.js'
import { XmlReportParser } from './parsers/xml.js'
import type { PathResolver } from './paths.js'
import type { CoverageFormat } from './types.js'

export function createParser(format: CoverageFormat, paths: PathResolver): ReportParser {
  switch (format) {
    case 'lcov':
      return new LcovParser(paths)
    case 'cobertura':
      return new XmlReportParser(new CoberturaHandler(paths))
    case 'clover':
      return new XmlReportParser(new CloverHandler(paths))
    case 'jacoco':
      return new XmlReportParser(new JacocoHandler(paths))
    case 'istanbul-final':
      return new IstanbulFinalParser(paths)
    case 'istanbul-summary':
      return new IstanbulSummaryParser(paths)
  }
}

