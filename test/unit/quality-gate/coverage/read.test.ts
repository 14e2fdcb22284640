import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { UserError } from '../../../../src/lib/action/errors.js'
import { coverageTotals, fileTotals, readCoverageFile, type CoverageTotals } from '../../../../src/quality-gate/coverage/index.js'
import { jacocoReportCounter, JEST_REPORTS, jestSummary, MONOREPO_ROOT, PROJECT_ROOT, report, WORK } from './fixtures.js'

const JEST_FIXTURES = [
  ['project', PROJECT_ROOT],
  ['monorepo-checkout', MONOREPO_ROOT],
  ['monorepo-refunds', MONOREPO_ROOT]
] as const

function counts(totals: CoverageTotals): Record<string, { covered: number; total: number }> {
  return {
    lines: { covered: totals.lines.covered, total: totals.lines.total },
    branches: { covered: totals.branches.covered, total: totals.branches.total },
    functions: { covered: totals.functions.covered, total: totals.functions.total }
  }
}

function summaryCounts(entry: Record<'lines' | 'branches' | 'functions', { total: number; covered: number }>) {
  return {
    lines: { covered: entry.lines.covered, total: entry.lines.total },
    branches: { covered: entry.branches.covered, total: entry.branches.total },
    functions: { covered: entry.functions.covered, total: entry.functions.total }
  }
}

/**
 * istanbul's cobertura and clover writers attach branches to the lines of getLineCoverage(), so a branch on a line
 * without a statement (a default parameter on the function's line) is not in those files. This counts, from the
 * coverage-final.json of the same run, the branches that the XML reports do carry.
 */
function branchesOnStatementLines(fixture: string): { covered: number; total: number } {
  const final = JSON.parse(readFileSync(report(fixture, 'coverage-final.json'), 'utf8')) as Record<string, {
    statementMap: Record<string, { start: { line: number } }>
    branchMap: Record<string, { loc: { start: { line: number } } }>
    b: Record<string, number[]>
  }>
  let covered = 0
  let total = 0
  for (const file of Object.values(final)) {
    const statementLines = new Set(Object.values(file.statementMap).map((s) => s.start.line))
    for (const [id, meta] of Object.entries(file.branchMap)) {
      if (!statementLines.has(meta.loc.start.line)) continue
      total += file.b[id]!.length
      covered += file.b[id]!.filter((hits) => hits > 0).length
    }
  }
  return { covered, total }
}

describe.each(JEST_FIXTURES)('jest/istanbul reports of %s', (fixture, root) => {
  const summary = jestSummary(fixture)

  test.each(['lcov', 'istanbul-final', 'istanbul-summary'] as const)('%s totals equal the json-summary of the same run', async (format) => {
    const parsed = await readCoverageFile(report(fixture, JEST_REPORTS[format]), root)
    expect(parsed.sources).toEqual([{ path: report(fixture, JEST_REPORTS[format]), format }])
    expect(counts(coverageTotals(parsed))).toEqual(summaryCounts(summary['total']!))
  })

  test.each(['lcov', 'istanbul-final', 'istanbul-summary', 'cobertura', 'clover'] as const)(
    '%s names the files by repository-relative path, each with the totals jest reported for it',
    async (format) => {
      const parsed = await readCoverageFile(report(fixture, JEST_REPORTS[format]), root)
      const expected = Object.keys(summary)
        .filter((key) => key !== 'total')
        .map((absolute) => absolute.slice(root.length + 1))
        .sort()
      expect([...parsed.files.keys()].sort()).toEqual(expected)
      if (format === 'cobertura' || format === 'clover') return // branches differ, see below
      for (const [path, file] of parsed.files) {
        expect({ path, ...counts(fileTotals(file)) }).toEqual({ path, ...summaryCounts(summary[`${root}/${path}`]!) })
      }
    }
  )

  test.each(['cobertura', 'clover'] as const)(
    '%s: lines and functions equal the json-summary; branches are those istanbul wrote into the XML',
    async (format) => {
      const totals = coverageTotals(await readCoverageFile(report(fixture, JEST_REPORTS[format]), root))
      const expected = summaryCounts(summary['total']!)
      expect(counts(totals)).toEqual({ ...expected, branches: branchesOnStatementLines(fixture) })
    }
  )

  test('lcov, coverage-final.json, Cobertura and Clover agree line by line', async () => {
    const read = (format: keyof typeof JEST_REPORTS) => readCoverageFile(report(fixture, JEST_REPORTS[format]), root)
    const [lcov, final, cobertura, clover] = await Promise.all([read('lcov'), read('istanbul-final'), read('cobertura'), read('clover')])
    for (const [path, file] of lcov.files) {
      expect(Array.from(final.files.get(path)!.lines)).toEqual(Array.from(file.lines))
      expect(Array.from(cobertura.files.get(path)!.lines)).toEqual(Array.from(file.lines))
      expect(Array.from(clover.files.get(path)!.lines)).toEqual(Array.from(file.lines))
      expect(Array.from(final.files.get(path)!.branches)).toEqual(Array.from(file.branches))
      expect(Array.from(final.files.get(path)!.functions)).toEqual(Array.from(file.functions))
      expect(Array.from(cobertura.files.get(path)!.functions)).toEqual(Array.from(file.functions))
    }
  })
})

test('the Cobertura header totals that can be checked from its lines match (lines-valid, lines-covered)', async () => {
  const xml = readFileSync(report('project', JEST_REPORTS.cobertura), 'utf8')
  const header = /<coverage lines-valid="(\d+)" lines-covered="(\d+)"/.exec(xml)!
  const totals = coverageTotals(await readCoverageFile(report('project', JEST_REPORTS.cobertura), PROJECT_ROOT))
  expect([totals.lines.total, totals.lines.covered]).toEqual([Number(header[1]), Number(header[2])])
})

test('an untested file that jest still reports (collectCoverageFrom) counts as fully uncovered', async () => {
  const parsed = await readCoverageFile(report('project', JEST_REPORTS.lcov), PROJECT_ROOT)
  const totals = fileTotals(parsed.files.get('src/unused.js')!)
  expect(totals.lines.covered).toBe(0)
  expect(totals.lines.total).toBeGreaterThan(0)
  expect(totals.functions).toEqual({ covered: 0, total: 1, percent: 0 })
})

describe('JaCoCo XML written by JaCoCo 0.8.6', () => {
  test('totals equal the LINE, BRANCH and METHOD counters JaCoCo wrote for the whole report', async () => {
    const totals = coverageTotals(await readCoverageFile(report('jacoco', 'jacoco.xml'), WORK))
    expect(counts(totals)).toEqual({
      lines: jacocoReportCounter('LINE'),
      branches: jacocoReportCounter('BRANCH'),
      functions: jacocoReportCounter('METHOD')
    })
  })

  test('without the sources on disk, files are named package/file', async () => {
    const parsed = await readCoverageFile(report('jacoco', 'jacoco.xml'), WORK)
    expect([...parsed.files.keys()].sort()).toEqual(['com/example/Clamp.java', 'com/example/Grades.java'])
  })

  test('a partly covered line is covered, and its branches count one by one', async () => {
    const parsed = await readCoverageFile(report('jacoco', 'jacoco.xml'), WORK)
    const clamp = parsed.files.get('com/example/Clamp.java')!
    // line 7 `if (value < low)`: one of its two branches ran (clamp was never given a value below low)
    expect(Array.from(clamp.branches).slice(0, 6)).toEqual([7, 0, 1, 7, 1, 0])
    // `twice` (line 17) never ran
    expect(Array.from(clamp.lines).slice(-2)).toEqual([17, 0])
    expect(Array.from(clamp.functions)).toEqual([7, 0, 1, 17, 0, 0])
  })
})

test('Clover as OpenClover writes it: a cond line is two outcomes (true and false counts), methods are lines', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'coverage-clover-'))
  try {
    // the shape of OpenClover 4 XML reports: per-statement, per-condition and per-method <line> elements
    writeFileSync(
      join(dir, 'clover.xml'),
      `<?xml version="1.0" encoding="UTF-8"?>
<coverage generated="1700000000000" clover="4.4.1">
  <project timestamp="1700000000000" name="demo">
    <metrics complexity="3" elements="11" coveredelements="7" conditionals="4" coveredconditionals="3" statements="5" coveredstatements="4" coveredmethods="1" methods="2" classes="1" loc="20" ncloc="15" packages="1" files="1"/>
    <package name="com.example">
      <metrics complexity="3" elements="11" coveredelements="7" conditionals="4" coveredconditionals="3" statements="5" coveredstatements="4" coveredmethods="1" methods="2" classes="1" loc="20" ncloc="15" files="1"/>
      <file name="Clamp.java" path="${dir}/src/main/java/com/example/Clamp.java">
        <metrics complexity="3" elements="11" coveredelements="7" conditionals="4" coveredconditionals="3" statements="5" coveredstatements="4" coveredmethods="1" methods="2" classes="1" loc="20" ncloc="15"/>
        <class name="Clamp">
          <metrics complexity="3" elements="11" coveredelements="7" conditionals="4" coveredconditionals="3" statements="5" coveredstatements="4" coveredmethods="1" methods="2"/>
        </class>
        <line num="5" count="3" type="method" signature="clamp(int) : int" visibility="public" complexity="2"/>
        <line num="6" truecount="0" falsecount="3" type="cond"/>
        <line num="6" count="3" type="stmt"/>
        <line num="7" count="0" type="stmt"/>
        <line num="9" truecount="2" falsecount="1" type="cond"/>
        <line num="9" count="3" type="stmt"/>
        <line num="10" count="2" type="stmt"/>
        <line num="14" count="0" type="method" signature="twice(int) : int" visibility="public" complexity="1"/>
        <line num="15" count="0" type="stmt"/>
      </file>
    </package>
  </project>
</coverage>
`
    )
    const parsed = await readCoverageFile(join(dir, 'clover.xml'), dir)
    expect([...parsed.files.keys()]).toEqual(['src/main/java/com/example/Clamp.java'])
    expect(counts(coverageTotals(parsed))).toEqual({
      lines: { covered: 3, total: 5 }, // 6, 7, 9, 10, 15
      branches: { covered: 3, total: 4 }, // line 6 only ever false; line 9 both ways
      functions: { covered: 1, total: 2 }
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

describe('reports that cannot be read or parsed', () => {
  let root: string

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'coverage-errors-'))
  })

  afterAll(() => {
    rmSync(root, { recursive: true, force: true })
  })

  async function failure(name: string, content: string | undefined): Promise<UserError> {
    if (content !== undefined) writeFileSync(join(root, name), content)
    try {
      await readCoverageFile(join(root, name), root)
    } catch (error) {
      expect(error).toBeInstanceOf(UserError)
      return error as UserError
    }
    throw new Error(`${name} was accepted`)
  }

  test.each([
    ['missing.info', undefined, /^Coverage report missing\.info cannot be read: ENOENT/],
    ['empty.info', '', /^Coverage report empty\.info is empty\.$/],
    ['notes.txt', 'just some notes\n', /^Coverage report notes\.txt is not in a supported format \(lcov, Cobertura XML/],
    ['bad-da.info', 'TN:\nSF:/a.c\nDA:1,1\nDA:two,1\nend_of_record\n', /^Coverage report bad-da\.info \(lcov\) is malformed: line 4: expected DA:<line>,<hits>, got 'DA:two,1'$/],
    ['orphan.info', 'TN:\nDA:1,1\n', /^Coverage report orphan\.info \(lcov\) is malformed: line 2: DA record before any SF \(source file\) record/],
    ['short-brda.info', 'SF:/a.c\nBRDA:3,0\n', /line 2: BRDA expects <line>,<block>,<branch>,<taken>/],
    ['broken.xml', '<?xml version="1.0"?>\n<coverage line-rate="1">\n<packages><package>\n</coverage>', /^Coverage report broken\.xml \(cobertura\) is malformed: line 4: <\/coverage> closes <package>$/],
    ['truncated.xml', '<coverage line-rate="1"><packages><package><classes><class filename="a.py"><lines><line number="1" hits="1"/>', /\(cobertura\) is malformed: line 1: the document ends before <lines> is closed$/],
    ['no-filename.xml', '<coverage line-rate="1"><packages><package><classes>\n<class name="x">', /\(cobertura\) is malformed: line 2: <class> has no filename attribute/],
    ['bad-hits.xml', '<coverage line-rate="1"><packages><package><classes><class filename="a.py"><lines>\n<line number="1" hits="many"/>', /line 2: <line> hits="many" is not a non-negative number/],
    ['bad-condition.xml', '<coverage line-rate="1"><packages><package><classes><class filename="a.py"><lines><line number="1" hits="1" branch="true" condition-coverage="half"/>', /condition-coverage="half" is not "P% \(covered\/total\)"/],
    ['jacoco.xml', '<!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd"><report name="x"><package name="a"><sourcefile name="A.java"><line nr="x"/>', /\(jacoco\) is malformed: line 1: <line> nr="x" is not a non-negative number/],
    ['final.json', '{"/a.js": {"path": "/a.js", "statementMap": {}, "s": {}, "fnMap": {}, "f": {}, "branchMap": {"0": {"loc": {"start": {"line": 1}}}}, "b": {"0": 1}}}', /\(istanbul-final\) is malformed: '\/a\.js' b\[0\] is not an array of counts/],
    ['final-bad.json', '{"/a.js": {"path": "/a.js", "statementMap": {}', /\(istanbul-final\) is malformed: invalid JSON/],
    ['final-shape.json', '{"/a.js": {"path": "/a.js", "statementMap": {"0": {"start": {}}}, "s": {"0": 1}, "fnMap": {}, "f": {}, "branchMap": {}, "b": {}}}', /'\/a\.js' statementMap\[0\] has no start line/],
    ['summary.json', '{"total": {}, "/a.js": {"lines": {"total": 2, "covered": 3}, "branches": {"total": 0, "covered": 0}, "functions": {"total": 0, "covered": 0}}}', /\(istanbul-summary\) is malformed: '\/a\.js' lines covers 3 of 2/]
  ])('%s is refused with a message naming the file', async (name, content, message) => {
    expect((await failure(name, content)).message).toMatch(message)
  })

  test('a directory given as a report is refused, naming it', async () => {
    mkdirSync(join(root, 'reports-dir'))
    expect((await failure('reports-dir', undefined)).message).toMatch(/^Coverage report reports-dir cannot be read: EISDIR/)
  })

  test('a report outside the root is named by its absolute path', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'coverage-outside-'))
    try {
      writeFileSync(join(outside, 'lcov.info'), 'SF:/a.c\nDA:x\n')
      await expect(readCoverageFile(join(outside, 'lcov.info'), root)).rejects.toThrow(`Coverage report ${join(outside, 'lcov.info')} (lcov)`)
    } finally {
      rmSync(outside, { recursive: true, force: true })
    }
  })
})
