/**
 * How long the test suite makes a developer wait, read from jest's JSON result file of the last full run (`.ci/run`
 * writes .tmp/jest-results.json; JEST_RESULTS=<file> reads another): the wall time from jest's start to its last test
 * file's end, the time all test files took together (the work the workers shared), and the ten slowest files with
 * their slowest test. It runs no test itself: run `.ci/run` (or `npm test -- --json --outputFile=.tmp/jest-results.json`)
 * first. Target: the suite's wall time at most 15 minutes on this 2-core machine.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { report, type Row } from './support/report.js'

const ROOT = path.resolve(import.meta.dirname, '..')
const file = path.resolve(ROOT, process.env.JEST_RESULTS ?? '.tmp/jest-results.json')
const TARGET_S = 15 * 60

interface JestResults {
  startTime: number
  success: boolean
  numTotalTests: number
  numFailedTests: number
  testResults: { name: string; startTime: number; endTime: number; status: string; assertionResults: { title: string; fullName: string; duration?: number | null }[] }[]
}

if (!existsSync(file)) {
  console.error(`${path.relative(ROOT, file)} is missing: run .ci/run (or npm test -- --json --outputFile=.tmp/jest-results.json) first`)
  process.exit(1)
}
const results = JSON.parse(readFileSync(file, 'utf8')) as JestResults
const files = results.testResults.map((r) => {
  const slowest = [...r.assertionResults].sort((a, b) => (b.duration ?? 0) - (a.duration ?? 0))[0]
  // Relative to the repository the results came from (test/...), wherever that was.
  const at = r.name.lastIndexOf(`${path.sep}test${path.sep}`)
  return { name: at >= 0 ? r.name.slice(at + 1) : r.name, seconds: (r.endTime - r.startTime) / 1000, tests: r.assertionResults.length, slowest }
})
const wall = (Math.max(...results.testResults.map((r) => r.endTime)) - results.startTime) / 1000
const together = files.reduce((sum, f) => sum + f.seconds, 0)

console.log(`${path.relative(ROOT, file)}: written ${statSync(file).mtime.toISOString()}, ${files.length} files, ${results.numTotalTests} tests, ${results.numFailedTests} failed`)
console.log('\nThe ten slowest test files (s, tests, its slowest test)')
for (const f of [...files].sort((a, b) => b.seconds - a.seconds).slice(0, 10)) {
  console.log(`${f.seconds.toFixed(1).padStart(7)}\t${String(f.tests).padStart(4)}\t${f.name}\t${f.slowest ? `${((f.slowest.duration ?? 0) / 1000).toFixed(1)} s: ${f.slowest.title}` : ''}`)
}
const rows: Row[] = [
  { case: 'jest wall time, first file start to last file end', value: wall, unit: 's', target: { max: TARGET_S, of: 'value', text: `<= ${TARGET_S} s` } },
  { case: 'all test files together (the workers shared this)', value: together, unit: 's' },
  { case: 'the ten slowest files together', value: [...files].sort((a, b) => b.seconds - a.seconds).slice(0, 10).reduce((sum, f) => sum + f.seconds, 0), unit: 's' }
]
process.exit(report('Test suite time (from jest JSON results)', rows) ? 0 : 1)
