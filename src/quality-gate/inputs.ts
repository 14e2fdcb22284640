/** Reads and validates every quality-gate input up front, reporting all bad ones at once and naming each. */
import { existsSync, statSync } from 'node:fs'
import { InputError, InputErrors } from '../lib/action/errors.js'
import { Inputs, type InputSource, runnerInputs } from '../lib/action/inputs.js'
import { actionRoots, type Root } from '../lib/action/paths.js'
import { matchFiles } from '../lib/files/match.js'
import type { Check } from './checks/check.js'
import { parseChecks } from './checks/parse-checks.js'
import { parseAllowlist } from './audit/index.js'
import type { Thresholds } from './gates.js'

export const SEVERITY_CHOICES = ['low', 'moderate', 'high', 'critical'] as const
export const AUDIT_CHOICES = ['auto', 'npm', 'yarn', 'pnpm', 'none'] as const
export const CACHE_CHOICES = ['none', 'npm', 'yarn', 'pnpm'] as const
export const COMMENT_CHOICES = ['never', 'always', 'on-failure'] as const

/** The runner variables quality-gate reads itself (the run context reads the GITHUB_* ones); main passes process.env. */
export interface RunnerEnv {
  /** The checkout; working-directory is resolved against it (the current directory when unset). */
  GITHUB_WORKSPACE?: string | undefined
  /** Part of the package cache key. */
  RUNNER_OS?: string | undefined
  RUNNER_ARCH?: string | undefined
}

export interface QualityGateInputs {
  checks: Check[]
  'fail-fast': boolean
  parallel: boolean
  'check-timeout': number
  /** Absolute, inside the workspace. */
  'working-directory': string
  /** Where the files the inputs name may be: the workspace (matches are checked again, links followed, when read). */
  roots: Root[]
  'coverage-files': string[]
  thresholds: Thresholds
  audit: (typeof AUDIT_CHOICES)[number]
  'audit-reports': string[]
  'fail-on-severity': (typeof SEVERITY_CHOICES)[number]
  'audit-allowlist': string[]
  cache: (typeof CACHE_CHOICES)[number]
  'github-token': string
  comment: (typeof COMMENT_CHOICES)[number]
}

/** Reads every input and reports all bad ones together, before any check runs. */
export function readInputs(source: InputSource = runnerInputs, env: RunnerEnv = process.env): QualityGateInputs {
  const inputs = new Inputs(source)
  const roots = actionRoots(env)
  const workspace = roots[0]!.dir
  const parsed = parseChecks(inputs.keyValues('checks', { what: 'name: command' }))
  for (const problem of parsed.problems) inputs.fail('checks', problem.given, problem.accepted)

  const placedDirectory = inputs.path('working-directory', { base: workspace, roots, default: '.' })
  if (placedDirectory !== undefined && !isDirectory(placedDirectory)) {
    inputs.fail('working-directory', inputs.raw('working-directory'), `a directory inside the workspace (${placedDirectory} ${existsSync(placedDirectory) ? 'is not a directory' : 'does not exist'})`)
  }
  const workingDirectory = placedDirectory ?? workspace

  const thresholds: Thresholds = {}
  const setIf = (key: keyof Thresholds, value: number | undefined): void => {
    if (value !== undefined) thresholds[key] = value
  }
  setIf('lines', inputs.percentage('min-line-coverage'))
  setIf('branches', inputs.percentage('min-branch-coverage'))
  setIf('functions', inputs.percentage('min-function-coverage'))
  setIf('patch', inputs.percentage('min-patch-coverage'))
  setIf('maxDrop', inputs.number('max-coverage-drop', { min: 0, max: 100 }))

  const coverageFiles = inputs.globs('coverage-files', { roots })
  const judgesCoverage = Object.keys(thresholds).length > 0
  if (judgesCoverage && coverageFiles.length === 0) {
    inputs.fail('coverage-files', '', 'globs of coverage reports, because a coverage minimum or max-coverage-drop is set')
  }

  const allowlist = inputs.lines('audit-allowlist')
  for (const error of parseAllowlist(allowlist).errors) {
    inputs.fail('audit-allowlist', `line ${error.line}: ${error.text}`, "lines of the form 'ID until YYYY-MM-DD reason', e.g. 'GHSA-xxxx-xxxx-xxxx until 2027-01-31 no fix upstream yet'")
  }
  const result: QualityGateInputs = {
    checks: parsed.checks,
    'fail-fast': inputs.boolean('fail-fast', true),
    parallel: inputs.boolean('parallel', false),
    'check-timeout': inputs.duration('check-timeout', { default: '30m', min: 1000, max: 6 * 3_600_000 }),
    'working-directory': workingDirectory,
    roots,
    'coverage-files': coverageFiles,
    thresholds,
    audit: inputs.oneOf('audit', AUDIT_CHOICES, 'auto'),
    'audit-reports': inputs.globs('audit-reports', { roots }),
    'fail-on-severity': inputs.oneOf('fail-on-severity', SEVERITY_CHOICES, 'high'),
    'audit-allowlist': allowlist,
    cache: inputs.oneOf('cache', CACHE_CHOICES, 'none'),
    'github-token': inputs.string('github-token', { secret: true }),
    comment: inputs.oneOf('comment', COMMENT_CHOICES, 'never')
  }
  if (result.checks.length === 0 && coverageFiles.length === 0 && result.audit === 'none' && result['audit-reports'].length === 0) {
    inputs.fail('checks', '', "at least one thing to judge: 'checks', 'coverage-files', 'audit' or 'audit-reports'")
  }
  if (result.comment !== 'never' && result['github-token'] === '') {
    inputs.fail('github-token', '', `a token with pull-requests: write, because comment is '${result.comment}'`)
  }
  inputs.done()
  return result
}

/**
 * The report files the globs match already, checked before any check runs: a symbolic link out of the workspace
 * planted in the checkout is refused, naming the input, before anything runs (files a check writes are checked
 * again when read).
 */
export async function checkInputFiles(inputs: QualityGateInputs): Promise<void> {
  const problems: InputError[] = []
  for (const input of ['coverage-files', 'audit-reports'] as const) {
    if (inputs[input].length === 0) continue
    try {
      await matchFiles(inputs[input], inputs['working-directory'], { input, roots: inputs.roots })
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      problems.push(error)
    }
  }
  if (problems.length > 0) throw new InputErrors(problems)
}

function isDirectory(dir: string): boolean {
  return existsSync(dir) && statSync(dir).isDirectory()
}
