import { FileCoverageBuilder } from '../file-coverage.js'
import type { FileCoverage } from '../types.js'

/** Fed a report's bytes chunk by chunk, so a large report is never held as one string. */
export interface ReportParser {
  write(chunk: Buffer): void
  end(): Map<string, FileCoverage>
}

/** The files of one report by resolved path; a file the report names twice is collected once. */
export class FileCollector {
  private readonly builders = new Map<string, FileCoverageBuilder>()

  file(path: string): FileCoverageBuilder {
    let builder = this.builders.get(path)
    if (builder === undefined) {
      builder = new FileCoverageBuilder(path)
      this.builders.set(path, builder)
    }
    return builder
  }

  build(): Map<string, FileCoverage> {
    const files = new Map<string, FileCoverage>()
    for (const [path, builder] of this.builders) files.set(path, builder.build())
    this.builders.clear()
    return files
  }
}
