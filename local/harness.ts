/**
 * Runs a bundled action exactly as the GitHub runner does: `node dist/<name>/index.js` with INPUT_<NAME> variables,
 * the GITHUB_OUTPUT / GITHUB_STATE / GITHUB_ENV / GITHUB_STEP_SUMMARY files, a workspace, RUNNER_TEMP and an event
 * payload; then, when the action has a post step, the same bundle again with the saved state as STATE_<name>.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parse } from 'yaml'

export const ROOT = path.resolve(import.meta.dirname, '..')

/**
 * Node's on-disk compile cache (NODE_COMPILE_CACHE) for the bundles the harness runs: a test suite starts them
 * hundreds of times, and a bundle with the Kubernetes client is 20 MB of JavaScript to compile on each start. The
 * cache holds V8's compiled code keyed by the file's content, so the bundle runs exactly as without it, only its
 * compilation is skipped after the first start. A runner starts each bundle once per step, so it gains nothing
 * from one; bench/startup.bench.ts measures cold starts without it. A test may pass NODE_COMPILE_CACHE: undefined.
 */
export const COMPILE_CACHE = path.join(ROOT, '.tmp', 'node-compile-cache')

export interface Annotation {
  level: 'error' | 'warning' | 'notice'
  message: string
  properties: Record<string, string>
}

export interface StepResult {
  exitCode: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  state: Record<string, string>
  env: Record<string, string>
  summary: string
  annotations: Annotation[]
  /** `::add-mask::` values the step registered. */
  masks: string[]
}

export interface RunResult extends StepResult {
  post?: StepResult
}

export interface RunOptions {
  inputs?: Record<string, string>
  /** Event name and payload (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH). */
  eventName?: string
  event?: Record<string, unknown>
  workspace?: string
  env?: Record<string, string | undefined>
  /** Run the post step as the runner would (default: when the action declares one). */
  post?: boolean
  timeoutMs?: number
  /** Kills the main step (SIGKILL, as a cancelled job's process may end) once its stdout satisfies this; the post
   * step still runs, with the state saved so far. */
  killMainWhen?: (stdout: string) => boolean
}

export async function runAction(name: string, options: RunOptions = {}): Promise<RunResult> {
  const bundle = path.join(ROOT, 'dist', name, 'index.js')
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build`)
  const dir = mkdtempSync(path.join(tmpdir(), `runner-${name}-`))
  const workspace = options.workspace ?? path.join(dir, 'workspace')
  mkdirSync(workspace, { recursive: true })
  const temp = path.join(dir, 'temp')
  mkdirSync(temp)
  const eventPath = path.join(dir, 'event.json')
  writeFileSync(eventPath, JSON.stringify(options.event ?? {}))

  const base: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: temp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    GITHUB_EVENT_NAME: options.eventName ?? 'push',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'acme/web',
    GITHUB_REPOSITORY_OWNER: 'acme',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_NUMBER: '7',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'octocat',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_JOB: 'gate',
    GITHUB_SHA: '0000000000000000000000000000000000000000',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_WORKFLOW_REF: 'acme/web/.github/workflows/ci.yml@refs/heads/main',
    GITHUB_ACTION: name
  }
  // The runner passes every input: the given value, else the action.yml default (its expressions evaluated).
  const declared = (parse(readFileSync(path.join(ROOT, 'actions', name, 'action.yml'), 'utf8')) as { inputs?: Record<string, { default?: string }> }).inputs ?? {}
  const values: Record<string, string> = {}
  for (const [key, spec] of Object.entries(declared)) if (spec.default !== undefined) values[key] = evaluateDefault(String(spec.default))
  Object.assign(values, options.inputs)
  for (const [key, value] of Object.entries(values)) {
    base[`INPUT_${key.replace(/ /g, '_').toUpperCase()}`] = value
  }
  Object.assign(base, options.env)

  const main = await runStep(bundle, base, dir, 'main', options.timeoutMs, options.killMainWhen)
  const declaresPost = readFileSync(path.join(ROOT, 'actions', name, 'action.yml'), 'utf8').match(/^\s+post:/m) !== null
  if (!(options.post ?? declaresPost)) return main
  const stateEnv: Record<string, string | undefined> = { ...base }
  for (const [key, value] of Object.entries(main.state)) stateEnv[`STATE_${key}`] = value
  const post = await runStep(bundle, stateEnv, dir, 'post', options.timeoutMs)
  return { ...main, post }
}

async function runStep(
  bundle: string,
  env: Record<string, string | undefined>,
  dir: string,
  step: string,
  timeoutMs = 120_000,
  killWhen?: (stdout: string) => boolean
): Promise<StepResult> {
  const files = {
    GITHUB_OUTPUT: path.join(dir, `${step}-output`),
    GITHUB_STATE: path.join(dir, `${step}-state`),
    GITHUB_ENV: path.join(dir, `${step}-env`),
    GITHUB_PATH: path.join(dir, `${step}-path`),
    GITHUB_STEP_SUMMARY: path.join(dir, `${step}-summary`)
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  const child = spawn(process.execPath, [bundle], {
    cwd: env.GITHUB_WORKSPACE,
    env: { ...('NODE_COMPILE_CACHE' in env ? {} : { NODE_COMPILE_CACHE: COMPILE_CACHE }), ...env, ...files } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
    if (killWhen?.(stdout) && child.exitCode === null) child.kill('SIGKILL')
  })
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exitCode = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${bundle} (${step}) did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`))
    }, timeoutMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve(code ?? -1)
    })
  })
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    state: parseFileCommands(readFileSync(files.GITHUB_STATE, 'utf8')),
    env: parseFileCommands(readFileSync(files.GITHUB_ENV, 'utf8')),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    annotations: parseAnnotations(stdout),
    masks: [...stdout.matchAll(/^::add-mask::(.*)$/gm)].map((m) => m[1]!)
  }
}

/** The expressions our action.yml defaults use, as the runner would evaluate them in a test run. */
export const TEST_GITHUB_TOKEN = 'ghs_harnessTokenNotARealSecret000000'
function evaluateDefault(value: string): string {
  return value.replace(/\$\{\{\s*github\.token\s*\}\}/g, TEST_GITHUB_TOKEN)
}

/** The runner's file-command format: `name=value` or `name<<DELIMITER` ... `DELIMITER`. */
export function parseFileCommands(text: string): Record<string, string> {
  const result: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line === '') continue
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, key, delimiter] = heredoc
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!)
      result[key!] = value.join('\n')
      continue
    }
    const eq = line.indexOf('=')
    if (eq > 0) result[line.slice(0, eq)] = line.slice(eq + 1)
  }
  return result
}

/** Workflow commands `::error file=a.ts,line=3::message` as the runner turns them into annotations. */
export function parseAnnotations(stdout: string): Annotation[] {
  const annotations: Annotation[] = []
  for (const match of stdout.matchAll(/^::(error|warning|notice)(?: ([^:]*))?::(.*)$/gm)) {
    const properties: Record<string, string> = {}
    for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
      const eq = pair.indexOf('=')
      properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1))
    }
    annotations.push({ level: match[1] as Annotation['level'], message: unescapeData(match[3]!), properties })
  }
  return annotations
}

function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

function unescapeProperty(text: string): string {
  return unescapeData(text).replace(/%3A/g, ':').replace(/%2C/g, ',')
}
