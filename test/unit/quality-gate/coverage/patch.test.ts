import { describe, expect, test } from '@jest/globals'
import {
  mergeReports,
  metric,
  parseUnifiedDiff,
  patchCoverage,
  readCoverageFile
} from '../../../../src/quality-gate/coverage/index.js'
import { JEST_REPORTS, MONOREPO_ROOT, PROJECT_ROOT, report, WORK } from './fixtures.js'

const changes = (entries: Record<string, number[]>): Map<string, Set<number>> =>
  new Map(Object.entries(entries).map(([path, lines]) => [path, new Set(lines)]))

describe('patch coverage of the fixture project (src/format.js: lines 4, 5, 12 ran, line 9 did not)', () => {
  test('counts the changed lines that are code; comments, blank lines and unreported files do not count', async () => {
    const parsed = await readCoverageFile(report('project', JEST_REPORTS.lcov), PROJECT_ROOT)
    const result = patchCoverage(parsed, changes({ 'src/format.js': [1, 2, 4, 5, 9], 'README.md': [1, 2] }))
    expect(result.metric).toEqual(metric(2, 3))
    expect(result.uncovered).toEqual([{ path: 'src/format.js', lines: [9] }])
    expect(result.summaryOnly).toEqual([])
    expect(result.notice).toBeUndefined()
  })

  test('from a git diff: every reported format with line data gives the same answer', async () => {
    const diff = [
      'diff --git a/src/format.js b/src/format.js',
      '--- a/src/format.js',
      '+++ b/src/format.js',
      '@@ -4 +4 @@ function money(value, currency = \'EUR\') {',
      "-  const sign = value < 0 ? '-' : ''",
      "+  const sign = value < 0 ? '\u2212' : ''",
      '@@ -9,0 +9 @@ function plural(count, word) {',
      '+  return count === 1 ? `${count} ${word}` : `${count} ${word}s`',
      ''
    ].join('\n')
    for (const format of ['lcov', 'cobertura', 'clover', 'istanbul-final'] as const) {
      const parsed = await readCoverageFile(report('project', JEST_REPORTS[format]), PROJECT_ROOT)
      const result = patchCoverage(parsed, parseUnifiedDiff(diff))
      expect({ format, metric: result.metric, uncovered: result.uncovered }).toEqual({
        format,
        metric: metric(1, 2),
        uncovered: [{ path: 'src/format.js', lines: [9] }]
      })
    }
  })

  test('no changed line is code: the metric has no percent rather than a made-up 100%', async () => {
    const parsed = await readCoverageFile(report('project', JEST_REPORTS.lcov), PROJECT_ROOT)
    expect(patchCoverage(parsed, changes({ 'docs/guide.md': [3] })).metric).toEqual({ covered: 0, total: 0, percent: null })
  })
})

test('a coverage-summary.json cannot measure changed lines: the result says so instead of guessing', async () => {
  const summary = await readCoverageFile(report('project', JEST_REPORTS['istanbul-summary']), PROJECT_ROOT)
  const result = patchCoverage(summary, changes({ 'src/format.js': [4], 'src/pricing.js': [5] }))
  expect(result.metric).toEqual({ covered: 0, total: 0, percent: null })
  expect(result.summaryOnly).toEqual(['src/format.js', 'src/pricing.js'])
  expect(result.notice).toBe(
    'Patch coverage leaves out 2 changed file(s) whose coverage comes only from an istanbul coverage-summary.json, ' +
      'which has totals but no line data: src/format.js, src/pricing.js. ' +
      'Add an lcov, coverage-final.json or XML report to measure their changed lines.'
  )
})

test('after merging a monorepo, a changed line of shared code covered by either package counts as covered', async () => {
  const merged = mergeReports([
    await readCoverageFile(report('monorepo-checkout', JEST_REPORTS.lcov), MONOREPO_ROOT),
    await readCoverageFile(report('monorepo-refunds', JEST_REPORTS.cobertura), MONOREPO_ROOT)
  ])
  // lines 8-12 are subtract() (refunds only), 16 is percent() (checkout only)
  expect(patchCoverage(merged, changes({ 'shared/money.js': [8, 9, 10, 11, 12, 16] })).metric).toEqual(metric(5, 5))
})

test('a JaCoCo file named package/file matches the changed path it is the tail of', async () => {
  const jacoco = await readCoverageFile(report('jacoco', 'jacoco.xml'), WORK)
  const result = patchCoverage(jacoco, changes({ 'services/billing/src/main/java/com/example/Clamp.java': [7, 8, 17] }))
  expect(result.metric).toEqual(metric(1, 3))
  expect(result.uncovered).toEqual([{ path: 'services/billing/src/main/java/com/example/Clamp.java', lines: [8, 17] }])
})

test('a tail shared by two reported files matches neither', () => {
  const file = (path: string) => ({ path, lines: [1, 0], branches: [], functions: [] })
  const reportOf = { files: new Map([['a/Foo.java', file('a/Foo.java')], ['Foo.java', file('Foo.java')]]), sources: [] }
  expect(patchCoverage(reportOf, changes({ 'src/a/Foo.java': [1] })).metric.total).toBe(0)
})
