/** Reads the JSON an audit command prints (npm, pnpm, yarn classic or berry), telling an error report from findings. */
import { UserError } from '../../lib/action/errors.js'
import type { Finding } from './finding.js'
import { findingsFromAdvisoryMap, findingsFromNpmV7, isAdvisoryMapReport, isNpmV7Report, isObject } from './npm-report.js'
import { findingsFromYarnBerry, findingsFromYarnClassic, isYarnBerryLine, isYarnClassicLine } from './yarn-report.js'

type Json = Record<string, unknown>

export type AuditFormat = 'npm' | 'npm6-or-pnpm' | 'yarn-classic' | 'yarn-berry' | 'empty'

export type ReadAudit = { format: AuditFormat; findings: Finding[] } | { problem: string }

/**
 * Reads what an audit command printed with --json, whichever tool printed it: npm >= 7, npm 6 and pnpm (one JSON
 * document), yarn classic and yarn berry (one JSON object a line). An empty output is a clean yarn berry run.
 * Returns the problem instead of findings when the output is an error report or not an audit at all.
 */
export function readAuditOutput(text: string, source: string): ReadAudit {
  const trimmed = text.trim()
  if (trimmed === '') return { format: 'empty', findings: [] }
  const whole = parseJson(trimmed)
  if (isObject(whole) && !isYarnClassicLine(whole) && !isYarnBerryLine(whole)) return readDocument(whole, source)
  const lines = trimmed
    .split(/\r?\n/)
    .map((line) => parseJson(line.trim()))
    .filter(isObject)
  if (lines.some(isYarnClassicLine)) return readYarnClassic(lines, source)
  if (lines.some(isYarnBerryLine)) return { format: 'yarn-berry', findings: findingsFromYarnBerry(lines, source) }
  return { problem: `the output is not an audit report (it starts with ${JSON.stringify(trimmed.slice(0, 80))})` }
}

/** The findings in an audit command's output; a UserError when it holds none (see auditRunFailed first). */
export function parseAuditOutput(text: string, source: string): Finding[] {
  const read = readAuditOutput(text, source)
  if ('problem' in read) throw new UserError(`Could not read the ${source} output: ${read.problem}.`)
  return read.findings
}

function readDocument(report: Json, source: string): ReadAudit {
  if (isNpmV7Report(report)) return { format: 'npm', findings: findingsFromNpmV7(report, source) }
  if (isAdvisoryMapReport(report)) return { format: 'npm6-or-pnpm', findings: findingsFromAdvisoryMap(report, source) }
  return { problem: errorText(report) ?? 'a JSON document without `vulnerabilities` or `advisories`' }
}

function readYarnClassic(lines: Json[], source: string): ReadAudit {
  const errors = lines.filter((line) => line.type === 'error').map((line) => String(line.data))
  if (errors.length) return { problem: `yarn reported: ${errors.join('; ')}` }
  if (!lines.some((line) => line.type === 'auditSummary')) {
    return { problem: 'yarn printed no `auditSummary` line, so the report is incomplete' }
  }
  return { format: 'yarn-classic', findings: findingsFromYarnClassic(lines, source) }
}

/** npm >= 7 prints the failed request (`message`, `statusCode`); npm 6 and pnpm 9 `{error: {code, summary|message}}`. */
function errorText(report: Json): string | undefined {
  if (typeof report.message === 'string' && report.message !== '') return `the tool reported ${report.message}`
  if (isObject(report.error)) {
    const { code, summary, message, detail } = report.error
    const parts = [code, summary || message, detail].filter((part) => typeof part === 'string' && part !== '')
    return parts.length ? `the tool reported ${parts.join(': ')}` : 'the tool reported an error'
  }
  return undefined
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
