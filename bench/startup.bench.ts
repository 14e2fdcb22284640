/**
 * Cold start of each bundle against `node -e 0`, in the same run: `node dist/<action>/index.js` as the runner starts it
 * (every input set, action.yml defaults for those not given, the GITHUB_* files, a workspace and RUNNER_TEMP) with
 * one bad input, until it exits with the refusal; and the post step with nothing saved (the runner runs it after
 * every job for quality-gate and health-rollback, `post-if: always()`), for information.
 * Each round starts `node -e 0` and every bundle once, one after the other, so a change in the machine's load falls
 * on all of them alike; the figures are medians over the rounds.
 * Targets: at most 3x `node -e 0` for quality-gate, build-push and promote-artifact; at most 6x for canary-deploy and
 * health-rollback (the two that load the Kubernetes client, but only once the inputs are valid).
 * BENCH_DIST=<folder> measures the bundles of another build (e.g. `git archive <commit> dist | tar -x -C /tmp/old`).
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parse } from 'yaml'
import { median, report, type Row } from './support/report.js'

const ROOT = path.resolve(import.meta.dirname, '..')
const ROUNDS = Number(process.env.BENCH_RUNS ?? 15)
const DIST = path.resolve(process.env.BENCH_DIST ?? path.join(ROOT, 'dist'))

interface Case {
  action: string
  /** The one bad input, and the text the refusal must contain. */
  bad: Record<string, string>
  names: string
  /** Other inputs, valid, so that only the bad one is refused. */
  inputs?: Record<string, string>
  maxRatio: number
  post: boolean
}

const CASES: Case[] = [
  { action: 'quality-gate', bad: { 'check-timeout': 'soon' }, names: 'check-timeout', maxRatio: 3, post: true },
  { action: 'build-push', bad: { image: 'Not A Reference!' }, names: 'image', inputs: { file: 'Dockerfile' }, maxRatio: 3, post: true },
  { action: 'promote-artifact', bad: { source: 'not a reference!' }, names: 'source', inputs: { targets: 'v1.2.3' }, maxRatio: 3, post: false },
  { action: 'canary-deploy', bad: { deployment: 'Web_App' }, names: 'deployment', inputs: { image: 'ghcr.io/acme/web:1.2.3' }, maxRatio: 6, post: true },
  { action: 'health-rollback', bad: { deployment: 'Web_App' }, names: 'deployment', maxRatio: 6, post: true }
]

const scratch = mkdtempSync(path.join(tmpdir(), 'bench-startup-'))
const workspace = path.join(scratch, 'workspace')
const temp = path.join(scratch, 'temp')
mkdirSync(workspace)
mkdirSync(temp)
writeFileSync(path.join(workspace, 'Dockerfile'), 'FROM scratch\n')
const eventPath = path.join(scratch, 'event.json')
writeFileSync(eventPath, '{}')
const files = Object.fromEntries(['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY'].map((name) => [name, path.join(scratch, name)]))

/** The environment the runner gives the step: every declared input (given, else its default), the runner's variables. */
function runnerEnv(c: Case): NodeJS.ProcessEnv {
  const declared = (parse(readFileSync(path.join(ROOT, 'actions', c.action, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> }).inputs
  const values: Record<string, string> = {}
  for (const [name, spec] of Object.entries(declared)) if (spec.default !== undefined) values[name] = String(spec.default).replace(/\$\{\{\s*github\.token\s*\}\}/g, 'ghs_benchTokenNotASecret')
  Object.assign(values, c.inputs, c.bad)
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: temp,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'acme/web',
    GITHUB_SHA: '0000000000000000000000000000000000000000',
    GITHUB_REF: 'refs/heads/main',
    ...files
  }
  for (const [name, value] of Object.entries(values)) env[`INPUT_${name.toUpperCase()}`] = value
  return env
}

/** Wall time of one process start to exit; throws unless it exits as expected. */
function time(argv: string[], env: NodeJS.ProcessEnv, expect: { status: number; stdout?: string }): number {
  for (const file of Object.values(files)) writeFileSync(file, '')
  const started = performance.now()
  const result = spawnSync(argv[0]!, argv.slice(1), { cwd: workspace, env, encoding: 'utf8' })
  const ms = performance.now() - started
  if (result.status !== expect.status || (expect.stdout && !result.stdout.includes(expect.stdout))) {
    throw new Error(`${argv.join(' ')} exited ${result.status}, expected ${expect.status}${expect.stdout ? ` with '${expect.stdout}'` : ''}:\n${result.stdout}\n${result.stderr}`)
  }
  return ms
}

const node = process.execPath
const envs = new Map(CASES.map((c) => [c.action, runnerEnv(c)]))
const times: Record<string, number[]> = { 'node -e 0': [] }
for (let round = 0; round < ROUNDS; round++) {
  ;(times['node -e 0'] ??= []).push(time([node, '-e', '0'], { PATH: process.env.PATH }, { status: 0 }))
  for (const c of CASES) {
    const bundle = path.join(DIST, c.action, 'index.js')
    const env = envs.get(c.action)!
    ;(times[c.action] ??= []).push(time([node, bundle], env, { status: 1, stdout: `Input '${c.names}'` }))
    if (c.post) (times[`${c.action} post`] ??= []).push(time([node, bundle], { ...env, STATE_isPost: 'true' }, { status: 0 }))
  }
}
rmSync(scratch, { recursive: true, force: true })

/** The bundle's files: the entry and the chunks it may load. */
function bundleSize(action: string): string {
  const dir = path.join(DIST, action)
  const js = readdirSync(dir).filter((f) => f.endsWith('.js'))
  const mb = (f: string) => (statSync(path.join(dir, f)).size / 1024 / 1024).toFixed(2)
  return `entry ${mb('index.js')} MB${js.length > 1 ? ` + ${js.length - 1} chunk(s) ${js.filter((f) => f !== 'index.js').map(mb).join(', ')} MB` : ''}`
}

const baseline = median(times['node -e 0']!)
const rows: Row[] = [{ case: 'node -e 0', value: baseline, unit: 'ms' }]
for (const c of CASES) {
  rows.push({ case: `${c.action}: bad '${c.names}' refused (${bundleSize(c.action)})`, value: median(times[c.action]!), unit: 'ms', baseline, target: { max: c.maxRatio, of: 'ratio', text: `<= ${c.maxRatio}x` } })
  if (c.post) rows.push({ case: `${c.action}: post step, nothing saved (information)`, value: median(times[`${c.action} post`]!), unit: 'ms', baseline })
}
process.exit(report(`Cold start until exit against node -e 0, median of ${ROUNDS} rounds (Node ${process.versions.node})`, rows) ? 0 : 1)
