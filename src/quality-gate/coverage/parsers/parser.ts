/** What every report parser implements, and the collector of a report's files. */
import { FileCoverageBuilder } from '../file-coverage.js'
import { relistedFile } from '../merge.js'
import type { FileCoverage } from '../types.js'

/** Fed a report's bytes chunk by chunk, so a large report is never held as one string. */
export interface ReportParser {
  write(chunk: Buffer): void
  end(): Map<string, FileCoverage>
}

/**
 * The files of one report by resolved path. A parser opens a file, adds its entries and closes it; the file is
 * built right away. A file the report names twice is combined with what was built before.
 */
export class FileCollector {
  private readonly files = new Map<string, FileCoverage>()
  private readonly builder = new FileCoverageBuilder()
  private isOpen = false

  open(path: string): FileCoverageBuilder {
    this.close()
    this.isOpen = true
    return this.builder.reset(path)
  }

  close(): void {
    if (!this.isOpen) return
    this.isOpen = false
    const file = this.builder.build()
    const earlier = this.files.get(file.path)
    this.files.set(file.path, earlier === undefined ? file : relistedFile(earlier, file))
  }

  build(): Map<string, FileCoverage> {
    this.close()
    return this.files
  }
}
