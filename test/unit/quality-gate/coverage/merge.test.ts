import { describe, expect, test } from '@jest/globals'
import {
  coverageTotals,
  fileTotals,
  mergeReports,
  metric,
  readCoverageFile,
  type CoverageReport,
  type FileCoverage
} from '../../../../src/quality-gate/coverage/index.js'
import { contents, JEST_REPORTS, MONOREPO_ROOT, report } from './fixtures.js'

const SHARED = 'shared/money.js'

async function monorepo(format: keyof typeof JEST_REPORTS, pkg: 'checkout' | 'refunds'): Promise<CoverageReport> {
  return readCoverageFile(report(`monorepo-${pkg}`, JEST_REPORTS[format]), MONOREPO_ROOT)
}

function file(path: string, parts: Partial<FileCoverage>): FileCoverage {
  return { path, lines: [], branches: [], functions: [], ...parts }
}

function single(files: FileCoverage[]): CoverageReport {
  return { files: new Map(files.map((f) => [f.path, f])), sources: [] }
}

describe('two packages of a monorepo whose tests exercise the same shared file differently', () => {
  // checkout calls add() and percent(); refunds calls subtract(), including its throwing branch.
  test.each(['lcov', 'istanbul-final', 'cobertura'] as const)(
    '%s: the shared file is covered where either package covered it, each item counted once',
    async (format) => {
      const merged = mergeReports([await monorepo(format, 'checkout'), await monorepo(format, 'refunds')])
      const shared = fileTotals(merged.files.get(SHARED)!)
      expect(shared.lines).toEqual(metric(7, 7))
      expect(shared.branches).toEqual(metric(3, 4)) // percent's `rate > 0 ? ... : 0` else-branch never ran
      expect(shared.functions).toEqual(metric(3, 3))
      expect([...merged.files.keys()].sort()).toEqual(['packages/checkout/src/cart.js', 'packages/refunds/src/refund.js', SHARED])
    }
  )

  test('clover: lines and branches merge exactly; functions cannot, istanbul writes only their count per file', async () => {
    const merged = mergeReports([await monorepo('clover', 'checkout'), await monorepo('clover', 'refunds')])
    const shared = fileTotals(merged.files.get(SHARED)!)
    expect(shared.lines).toEqual(metric(7, 7))
    expect(shared.branches).toEqual(metric(3, 4))
    // checkout covered 2 of 3 functions, refunds 1 of 3: which ones is not in the file, so the merge claims no more
    // than the larger of the two rather than guessing they were different ones
    expect(shared.functions).toEqual(metric(2, 3))
  })

  test('line hits add up across reports', async () => {
    const checkout = await monorepo('lcov', 'checkout')
    const refunds = await monorepo('lcov', 'refunds')
    const merged = mergeReports([checkout, refunds])
    // DA:19 (module.exports) ran once per jest run
    const hitsOf = (r: CoverageReport, line: number): number | undefined => {
      const lines = r.files.get(SHARED)!.lines
      for (let at = 0; at < lines.length; at += 2) if (lines[at] === line) return lines[at + 1]
      return undefined
    }
    expect([hitsOf(checkout, 19), hitsOf(refunds, 19), hitsOf(merged, 19)]).toEqual([1, 1, 2])
    expect(hitsOf(merged, 8)).toBe(2) // only refunds ran subtract
  })

  test('totals are counted over the merged files, not averaged from the reports percentages', async () => {
    const checkout = await monorepo('lcov', 'checkout')
    const refunds = await monorepo('lcov', 'refunds')
    const merged = coverageTotals(mergeReports([checkout, refunds]))
    // cart.js 4/4 + refund.js 4/4 + money.js 7/7 = 15/15 lines
    expect(merged.lines).toEqual(metric(15, 15))
    const averaged = (coverageTotals(checkout).lines.percent! + coverageTotals(refunds).lines.percent!) / 2
    expect(averaged).toBeLessThan(100)
  })

  test('reports of different formats for the same file merge the same way', async () => {
    const mixed = mergeReports([await monorepo('lcov', 'checkout'), await monorepo('istanbul-final', 'refunds')])
    const uniform = mergeReports([await monorepo('lcov', 'checkout'), await monorepo('lcov', 'refunds')])
    expect(contents(mixed.files.get(SHARED))).toEqual(contents(uniform.files.get(SHARED)))
  })

  test('merging a report with itself changes no total', async () => {
    const checkout = await monorepo('cobertura', 'checkout')
    expect(coverageTotals(mergeReports([checkout, checkout]))).toEqual(coverageTotals(checkout))
  })

  test('the sources of every report are kept, in order', async () => {
    const merged = mergeReports([await monorepo('lcov', 'checkout'), await monorepo('clover', 'refunds')])
    expect(merged.sources.map((s) => s.format)).toEqual(['lcov', 'clover'])
  })
})

describe('line, branch and function metrics stay separate', () => {
  test('a file with all lines covered but half its branches reports 100% lines and 50% branches', () => {
    const totals = coverageTotals(single([file('a.ts', { lines: [1, 3, 2, 1], branches: [1, 0, 1, 1, 1, 0] })]))
    expect(totals.lines).toEqual(metric(2, 2))
    expect(totals.branches).toEqual(metric(1, 2))
    expect(totals.functions).toEqual({ covered: 0, total: 0, percent: null })
  })
})

describe('files known only by totals (coverage-summary.json)', () => {
  const summaryOf = (covered: number, total: number) => ({
    lines: metric(covered, total),
    branches: metric(0, 0),
    functions: metric(covered > 0 ? 1 : 0, 1)
  })

  test('line data for the same file wins over totals', () => {
    const detailed = file('a.ts', { lines: [1, 1, 2, 0] })
    const merged = mergeReports([single([file('a.ts', { summary: summaryOf(9, 10) })]), single([detailed])])
    expect(merged.files.get('a.ts')).toEqual(detailed)
  })

  test('two totals for one file keep, per metric, the one that covered more', () => {
    const merged = mergeReports([
      single([file('a.ts', { summary: summaryOf(3, 10) })]),
      single([file('a.ts', { summary: summaryOf(5, 10) })])
    ])
    expect(fileTotals(merged.files.get('a.ts')!).lines).toEqual(metric(5, 10))
  })

  test('they add to the totals next to files with line data', () => {
    const merged = mergeReports([single([file('a.ts', { summary: summaryOf(3, 4) })]), single([file('b.ts', { lines: [1, 1] })])])
    expect(coverageTotals(merged).lines).toEqual(metric(4, 5))
  })
})
