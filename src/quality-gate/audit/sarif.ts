/** Findings from a SARIF log of any scanner, with severities as GitHub code scanning reads them. */
import { isAbsolute, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { UserError } from '../../lib/action/errors.js'
import { ghsaIn, unique, type Finding } from './finding.js'
import { isObject } from './npm-report.js'
import { severityFromCvss, type FindingSeverity } from './severity.js'

type Json = Record<string, unknown>

/**
 * Severity when a rule or result carries no `security-severity` (a CVSS score, as GitHub code scanning reads it):
 * the SARIF `level` of a failed result. `error` is what a tool calls a real defect, so it blocks at the default
 * `high`; `warning` (SARIF's default level) is moderate; `note` low; `none` informational.
 */
export const SARIF_LEVEL_SEVERITY: Record<string, FindingSeverity> = {
  error: 'high',
  warning: 'moderate',
  note: 'low',
  none: 'info'
}

export interface SarifOptions {
  /** Local file paths (file:// URIs, absolute paths) under this directory are reported relative to it. */
  baseDir?: string
}

/** One finding per result of every run, the tool named by `runs[].tool.driver.name`. */
export function parseSarif(json: string, options: SarifOptions = {}): Finding[] {
  let log: unknown
  try {
    log = JSON.parse(json)
  } catch (error) {
    throw new UserError(`Not a SARIF file: ${(error as Error).message}.`)
  }
  if (!isSarifLog(log)) throw new UserError('Not a SARIF file: it has no `runs` array.')
  return (log.runs as unknown[]).filter(isObject).flatMap((run) => findingsOfRun(run, options))
}

export function isSarifLog(value: unknown): value is Json {
  return isObject(value) && Array.isArray(value.runs) && (typeof value.version === 'string' || typeof value.$schema === 'string')
}

function findingsOfRun(run: Json, options: SarifOptions): Finding[] {
  const driver = isObject(run.tool) && isObject(run.tool.driver) ? run.tool.driver : {}
  const source = `sarif:${typeof driver.name === 'string' ? driver.name : 'unknown tool'}`
  const rules = Array.isArray(driver.rules) ? driver.rules.filter(isObject) : []
  const artifacts = Array.isArray(run.artifacts) ? run.artifacts.filter(isObject) : []
  const results = Array.isArray(run.results) ? run.results.filter(isObject) : []
  return results.filter(isOpenFailure).map((result) => {
    const rule = ruleOf(result, rules)
    const ruleId = str(result.ruleId) ?? str(rule?.id) ?? 'unknown-rule'
    const message = isObject(result.message) ? str(result.message.text) : undefined
    const url = str(rule?.helpUri)
    const location = locationOf(result, artifacts, options)
    return {
      id: ruleId,
      aliases: unique([str(rule?.id), ghsaIn(url), url].filter((alias) => alias !== ruleId)),
      severity: severityOf(result, rule),
      title: text(rule?.shortDescription) ?? message?.split('\n')[0] ?? ruleId,
      // Trivy and Grype put the package in the message: "Package: lodash\nInstalled Version: 4.17.15\n…"
      package: message ? /^Package: (.+)$/m.exec(message)?.[1]?.trim() : undefined,
      version: message ? /^Installed Version: (.+)$/m.exec(message)?.[1]?.trim() : undefined,
      url,
      source,
      ...location
    }
  })
}

/** A result counts when it is a failure (`kind` defaults to `fail`) and nobody accepted a suppression of it. */
function isOpenFailure(result: Json): boolean {
  if (result.kind !== undefined && result.kind !== 'fail' && result.kind !== 'open' && result.kind !== 'review') return false
  const suppressions = Array.isArray(result.suppressions) ? result.suppressions.filter(isObject) : []
  return !suppressions.some((s) => s.status === undefined || s.status === 'accepted')
}

function ruleOf(result: Json, rules: Json[]): Json | undefined {
  if (typeof result.ruleIndex === 'number' && rules[result.ruleIndex]) return rules[result.ruleIndex]
  const id = str(result.ruleId) ?? (isObject(result.rule) ? str(result.rule.id) : undefined)
  return id === undefined ? undefined : rules.find((rule) => rule.id === id)
}

function severityOf(result: Json, rule: Json | undefined): FindingSeverity {
  const score = securitySeverity(result) ?? securitySeverity(rule)
  if (score !== undefined) return severityFromCvss(score)
  const defaultLevel = isObject(rule?.defaultConfiguration) ? str(rule.defaultConfiguration.level) : undefined
  return SARIF_LEVEL_SEVERITY[str(result.level) ?? defaultLevel ?? 'warning'] ?? 'moderate'
}

function securitySeverity(holder: Json | undefined): number | undefined {
  const value = isObject(holder?.properties) ? holder.properties['security-severity'] : undefined
  const score = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN
  return Number.isFinite(score) ? score : undefined
}

function locationOf(result: Json, artifacts: Json[], options: SarifOptions): { file?: string; line?: number } {
  const first = Array.isArray(result.locations) ? result.locations.find(isObject) : undefined
  const physical = isObject(first?.physicalLocation) ? first.physicalLocation : undefined
  if (!physical) return {}
  const artifact = isObject(physical.artifactLocation) ? physical.artifactLocation : {}
  const indexed = typeof artifact.index === 'number' ? artifacts[artifact.index]?.location : undefined
  const uri = str(artifact.uri) ?? (isObject(indexed) ? str(indexed.uri) : undefined)
  const line = isObject(physical.region) && typeof physical.region.startLine === 'number' ? physical.region.startLine : undefined
  return { ...(uri === undefined ? {} : { file: displayPath(uri, options.baseDir) }), ...(line === undefined ? {} : { line }) }
}

function displayPath(uri: string, baseDir: string | undefined): string {
  let path = uri
  if (uri.startsWith('file:')) {
    try {
      path = fileURLToPath(uri)
    } catch {
      return uri
    }
  }
  if (baseDir && isAbsolute(path)) {
    const inside = relative(baseDir, path)
    if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)) return inside
  }
  return path
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined)
const text = (value: unknown): string | undefined => (isObject(value) ? str(value.text) : undefined)
