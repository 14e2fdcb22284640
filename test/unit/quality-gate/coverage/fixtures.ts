import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { FileCoverage } from '../../../../src/quality-gate/coverage/index.js'

/** Reports written by the real tools (test/fixtures/coverage/regenerate.sh), from projects run in WORK. */
export const REPORTS = resolve('test/fixtures/coverage/reports')
export const WORK = '/tmp/qg-coverage-fixture'
export const PROJECT_ROOT = `${WORK}/project`
export const MONOREPO_ROOT = `${WORK}/monorepo`

export const JEST_REPORTS = {
  lcov: 'lcov.info',
  cobertura: 'cobertura-coverage.xml',
  clover: 'clover.xml',
  'istanbul-final': 'coverage-final.json',
  'istanbul-summary': 'coverage-summary.json'
} as const

export function report(fixture: string, file: string): string {
  return resolve(REPORTS, fixture, file)
}

/** A file's numbers as plain arrays, to compare files whatever memory they are packed in. */
export function contents(file: FileCoverage | undefined): object | undefined {
  if (file === undefined) return undefined
  return {
    path: file.path,
    lines: Array.from(file.lines),
    branches: Array.from(file.branches),
    functions: Array.from(file.functions),
    summary: file.summary
  }
}

export function allContents(files: Map<string, FileCoverage>): object[] {
  return [...files.values()].map(contents).filter((f) => f !== undefined)
}

interface SummaryEntry {
  total: number
  covered: number
}

/** What jest's json-summary reporter says, per file (keyed by absolute path) and in total. */
export function jestSummary(fixture: string): Record<string, Record<'lines' | 'branches' | 'functions', SummaryEntry>> {
  return JSON.parse(readFileSync(report(fixture, 'coverage-summary.json'), 'utf8'))
}

/** The counters of one type JaCoCo wrote for the whole report (the last ones, right before </report>). */
export function jacocoReportCounter(type: 'LINE' | 'BRANCH' | 'METHOD'): SummaryEntry {
  const xml = readFileSync(report('jacoco', 'jacoco.xml'), 'utf8')
  const tail = xml.slice(xml.lastIndexOf('</package>'))
  const match = new RegExp(`<counter type="${type}" missed="(\\d+)" covered="(\\d+)"/>`).exec(tail)
  if (match === null) throw new Error(`no ${type} counter in jacoco.xml`)
  return { total: Number(match[1]) + Number(match[2]), covered: Number(match[2]) }
}
