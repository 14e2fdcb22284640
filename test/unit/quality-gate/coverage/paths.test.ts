import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { readCoverageFile } from '../../../../src/quality-gate/coverage/index.js'
import { report } from './fixtures.js'

let root: string

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'coverage-paths-'))
})

afterAll(() => {
  rmSync(root, { recursive: true, force: true })
})

function write(relative: string, content = ''): string {
  const path = join(root, relative)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, content)
  return path
}

async function pathsOf(reportPath: string): Promise<string[]> {
  return [...(await readCoverageFile(reportPath, root)).files.keys()]
}

const lcovRecord = (sf: string): string => `TN:\nSF:${sf}\nDA:1,1\nend_of_record\n`

describe('lcov', () => {
  test('absolute SF paths inside the root become relative; outside it they stay as given', async () => {
    const reportPath = write('lcov-abs/lcov.info', lcovRecord(join(root, 'src/app.ts')) + lcovRecord('/opt/elsewhere/lib.ts'))
    expect(await pathsOf(reportPath)).toEqual(['src/app.ts', '/opt/elsewhere/lib.ts'])
  })

  test('a relative SF path is found in the package that holds coverage/lcov.info', async () => {
    write('packages/web/src/view.ts')
    const reportPath = write('packages/web/coverage/lcov.info', lcovRecord('src/view.ts'))
    expect(await pathsOf(reportPath)).toEqual(['packages/web/src/view.ts'])
  })

  test('a relative SF path that exists from the root is taken from the root', async () => {
    write('src/root-level.ts')
    const reportPath = write('packages/api/coverage/lcov.info', lcovRecord('src/root-level.ts'))
    expect(await pathsOf(reportPath)).toEqual(['src/root-level.ts'])
  })

  test('Windows separators and ./ prefixes are normalised', async () => {
    const reportPath = write('lcov-win/lcov.info', lcovRecord('.\\src\\win\\a.ts'))
    expect(await pathsOf(reportPath)).toEqual(['src/win/a.ts'])
  })
})

describe('Cobertura', () => {
  test('a class filename is resolved against the <source> that holds it', async () => {
    write('backend/app/models.py')
    const reportPath = write(
      'cobertura/coverage.xml',
      `<?xml version="1.0" ?>
<coverage version="7.4" line-rate="1" branch-rate="0" lines-covered="1" lines-valid="1">
  <sources><source>${root}/frontend</source><source>${root}/backend</source></sources>
  <packages><package name="app"><classes>
    <class name="models.py" filename="app/models.py"><methods/><lines><line number="3" hits="1"/></lines></class>
  </classes></package></packages>
</coverage>`
    )
    expect(await pathsOf(reportPath)).toEqual(['backend/app/models.py'])
  })

  test('a relative <source> is taken from the root', async () => {
    const reportPath = write(
      'cobertura-rel/coverage.xml',
      `<coverage line-rate="1"><sources><source>lib</source></sources><packages><package><classes>
<class filename="x/y.py"><lines><line number="1" hits="0"/></lines></class></classes></package></packages></coverage>`
    )
    expect(await pathsOf(reportPath)).toEqual(['lib/x/y.py'])
  })
})

describe('JaCoCo', () => {
  test('package/file names are found under the module source root of a Maven report location', async () => {
    write('services/billing/src/main/java/com/example/Clamp.java')
    const reportPath = join(root, 'services/billing/target/site/jacoco/jacoco.xml')
    mkdirSync(dirname(reportPath), { recursive: true })
    copyFileSync(report('jacoco', 'jacoco.xml'), reportPath)
    // Grades.java is not on disk: it keeps its package path
    expect((await pathsOf(reportPath)).sort()).toEqual(['com/example/Grades.java', 'services/billing/src/main/java/com/example/Clamp.java'])
  })

  test('a Gradle report location points at the module too', async () => {
    write('app/src/main/kotlin/com/example/Grades.java')
    const reportPath = join(root, 'app/build/reports/jacoco/test/jacocoTestReport.xml')
    mkdirSync(dirname(reportPath), { recursive: true })
    copyFileSync(report('jacoco', 'jacoco.xml'), reportPath)
    expect(await pathsOf(reportPath)).toContain('app/src/main/kotlin/com/example/Grades.java')
  })
})

test('Clover path attributes and istanbul JSON keys are absolute and become relative', async () => {
  const clover = write(
    'clover/clover.xml',
    `<?xml version="1.0" encoding="UTF-8"?><coverage generated="1" clover="3.2.0"><project timestamp="1" name="All files">
<file name="a.js" path="${root}/lib/a.js"><metrics statements="1" coveredstatements="1" conditionals="0" coveredconditionals="0" methods="0" coveredmethods="0"/>
<line num="1" count="1" type="stmt"/></file></project></coverage>`
  )
  expect(await pathsOf(clover)).toEqual(['lib/a.js'])
  const summary = write(
    'summary/coverage-summary.json',
    JSON.stringify({
      total: { lines: { total: 1, covered: 1, skipped: 0, pct: 100 } },
      [`${root}/lib/b.js`]: { lines: { total: 1, covered: 1 }, branches: { total: 0, covered: 0 }, functions: { total: 0, covered: 0 } }
    })
  )
  expect(await pathsOf(summary)).toEqual(['lib/b.js'])
})
