/** Parser of JaCoCo XML coverage reports, placing each source file under its module's source roots. */
import { posix } from 'node:path'
import type { FileCoverageBuilder } from '../file-coverage.js'
import type { PathResolver } from '../paths.js'
import type { FileCoverage } from '../types.js'
import { FileCollector } from './parser.js'
import type { XmlAttributes, XmlContext, XmlHandler } from './xml.js'

interface Method {
  line: number
  covered: number
}

const SOURCE_ROOTS = ['src/main/java', 'src/main/kotlin', 'src/main/scala', 'src/main/groovy', 'src']

/**
 * JaCoCo XML (report.dtd 1.1). A source file is named only by package and file name (com/example/Foo.java); its
 * place in the repository is looked up under the usual source roots of the module the report belongs to
 * (module/target/site/jacoco/jacoco.xml for Maven, module/build/reports/jacoco/... for Gradle).
 * A line is covered when it has a covered instruction (ci > 0): JaCoCo records no hit counts, so hits are 1 or 0.
 * Methods are listed per class, before the package's source files; they are attached by sourcefilename.
 */
export class JacocoHandler implements XmlHandler {
  readonly root = 'report'
  private readonly collector = new FileCollector()
  private readonly sourceRoots: string[]
  private packageName = ''
  private methodsBySource = new Map<string, Method[]>()
  private classSource: string | undefined
  private method: Method | undefined
  private file: FileCoverageBuilder | undefined

  constructor(private readonly paths: PathResolver) {
    const module = moduleDirectory(paths.reportDir)
    this.sourceRoots = ['.', ...SOURCE_ROOTS.map((root) => posix.join(module, root)), ...SOURCE_ROOTS]
  }

  open(name: string, attributes: XmlAttributes, xml: XmlContext): void {
    switch (name) {
      case 'line':
        if (this.file !== undefined) this.line(this.file, attributes, xml)
        return
      case 'counter':
        if (this.method !== undefined && attributes.get('type') === 'METHOD') {
          this.method.covered = xml.count(attributes, 'covered', 'counter')
        }
        return
      case 'method':
        if (this.classSource === undefined) return
        this.method = {
          line: xml.count(attributes, 'line', 'method', 0),
          covered: 0
        }
        return
      case 'class':
        this.classSource = attributes.get('sourcefilename')
        return
      case 'sourcefile': {
        const fileName = xml.attribute(attributes, 'name', 'sourcefile')
        const raw = this.packageName === '' ? fileName : `${this.packageName}/${fileName}`
        this.file = this.collector.open(this.paths.resolve(raw, this.sourceRoots))
        for (const method of this.methodsBySource.get(fileName) ?? []) {
          this.file.function(method.line, method.covered > 0 ? 1 : 0)
        }
        return
      }
      case 'package':
        this.packageName = xml.attribute(attributes, 'name', 'package')
        this.methodsBySource = new Map()
        return
      default:
        return
    }
  }

  close(name: string): void {
    switch (name) {
      case 'method':
        if (this.method !== undefined && this.classSource !== undefined) {
          const methods = this.methodsBySource.get(this.classSource) ?? []
          methods.push(this.method)
          this.methodsBySource.set(this.classSource, methods)
        }
        this.method = undefined
        return
      case 'class':
        this.classSource = undefined
        return
      case 'sourcefile':
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

  private line(file: FileCoverageBuilder, attributes: XmlAttributes, xml: XmlContext): void {
    const line = xml.count(attributes, 'nr', 'line')
    file.line(line, xml.count(attributes, 'ci', 'line', 0) > 0 ? 1 : 0)
    const missedBranches = xml.count(attributes, 'mb', 'line', 0)
    const coveredBranches = xml.count(attributes, 'cb', 'line', 0)
    for (let i = 0; i < missedBranches + coveredBranches; i++) file.branch(line, 0, i, i < coveredBranches ? 1 : 0)
  }
}

/** The module directory a JaCoCo report was written in, from the Maven and Gradle default report locations. */
export function moduleDirectory(reportDir: string): string {
  const maven = /^(.*)\/target\/site\/jacoco[^/]*$/.exec(reportDir)
  if (maven) return maven[1] || '/'
  const gradle = /^(.*)\/build\/reports\/jacoco(?:\/[^/]+)?$/.exec(reportDir)
  if (gradle) return gradle[1] || '/'
  return reportDir
}
