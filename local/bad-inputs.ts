/**
 * The bad-input table every action has (test/contract/bad-inputs/<action>.test.ts): each case runs the built bundle as
 * the runner does, with every endpoint the action could reach a recording server on 127.0.0.1 and the tools it could
 * run tripwires first on PATH, and must be refused with exit 1, an error naming the input and its value, no bug
 * wording, no output, no file written, no request and no tool run. A meta-test holds every input of action.yml to a
 * case (or to a commented "no bad value" entry), so the table grows with every input added.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parse } from 'yaml'
import { ROOT, runAction, type RunResult } from './harness.js'
import { startHttpServer, type LocalServer } from './http-server.js'

/** The endpoints a case's inputs may name, as `{registry}`, `{kube}`, `{metrics}`, `{web}`, `{github}` (URLs) or `{registry-host}` (host:port). */
export const ENDPOINTS = ['registry', 'kube', 'metrics', 'web', 'github', 'cache'] as const
export type Endpoint = (typeof ENDPOINTS)[number]

/** Tools an action could run; each is a tripwire that records its call and fails. */
export const TRIPWIRES = ['buildah', 'docker', 'skopeo', 'kubectl', 'helm', 'npm', 'npx', 'yarn', 'pnpm', 'git', 'tar', 'zstd', 'cosign', 'crane', 'eslint', 'jest', 'tsc', 'make'] as const

export interface BadInputCase {
  /** What is wrong, for the test title. */
  why: string
  /** Inputs over the baseline's (placeholders `{registry}`, `{kube}`, ... are replaced by the recorders' addresses). */
  inputs: Record<string, string>
  /** The input the refusal must name (the meta-test counts the case for it), and any other it must name too. */
  names: string | string[]
  /**
   * Text the error must contain to show what was given: default the value given for the first named input (one
   * line); false when the value is a secret or not echoed by design (then the message must describe it otherwise).
   */
  shows?: string | false
  /** Text that must appear nowhere in the step's log (a secret in the bad value). */
  hides?: string
  /** Files written into the workspace before the run (relative path: content). */
  files?: Record<string, string>
  /** Symbolic links made in the workspace before the run (relative path: target). */
  links?: Record<string, string>
  /** Where the case comes from (an issue item), for the title. */
  from?: string
  /**
   * A gap not fixed yet: the case is kept in the table and run, and the test asserts it is still a gap, so fixing it
   * fails the test until the marker is removed.
   */
  knownGap?: string
}

export interface BadInputTable {
  action: string
  /** Valid inputs every case starts from: alone, they make the action reach its endpoints or tools (the control). */
  baseline: Record<string, string>
  /** Files of the baseline workspace (relative path: content). */
  files?: Record<string, string>
  cases: BadInputCase[]
  /**
   * Inputs that take any value (free text, a name only the remote side can judge), each with the reason: the only
   * inputs allowed without a case.
   */
  noBadValue: Record<string, string>
  /** What the baseline must touch, proving the recorders and tripwires are in the path. */
  control: { endpoints?: Endpoint[]; tools?: string[] }
}

interface Recorder {
  server: LocalServer
  requests: string[]
  connections: number
}

const KUBE_FORBIDDEN = JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403, message: 'bad-input recorder: no request was expected' })

async function startRecorder(): Promise<Recorder> {
  const recorder: Recorder = { requests: [], connections: 0, server: undefined as unknown as LocalServer }
  recorder.server = await startHttpServer((request: IncomingMessage, response) => {
    recorder.requests.push(`${request.method} ${request.url}`)
    request.resume()
    // A refusal that ends every client at once: no client retries a 403.
    response.writeHead(403, { 'content-type': 'application/json' }).end(KUBE_FORBIDDEN)
  })
  recorder.server.server.on('connection', () => recorder.connections++)
  return recorder
}

/** The placeholders of a table, replaced by the recorders' addresses. */
export function substitute(text: string, urls: Record<string, string>): string {
  return text.replace(/\{([a-z-]+)\}/g, (whole, name: string) => urls[name] ?? whole)
}

/** Every input the action declares. */
export function declaredInputs(action: string): string[] {
  const spec = parse(readFileSync(path.join(ROOT, 'actions', action, 'action.yml'), 'utf8')) as { inputs?: Record<string, unknown> }
  return Object.keys(spec.inputs ?? {})
}

function namesOf(c: BadInputCase): string[] {
  return Array.isArray(c.names) ? c.names : [c.names]
}

/** Every file and link under `dir`, with sizes: a side effect shows as a difference. */
function snapshot(dir: string): string[] {
  const found: string[] = []
  const walk = (current: string): void => {
    for (const entry of readdirSync(current)) {
      const full = path.join(current, entry)
      const stat = lstatSync(full)
      const relative = path.relative(dir, full)
      if (stat.isSymbolicLink()) found.push(`${relative} -> ${readlinkSync(full)}`)
      else if (stat.isDirectory()) {
        found.push(`${relative}/`)
        walk(full)
      } else found.push(`${relative} (${stat.size} bytes, mode ${(stat.mode & 0o777).toString(8)})`)
    }
  }
  if (existsSync(dir)) walk(dir)
  return found.sort()
}

function writeFiles(dir: string, files: Record<string, string> = {}): void {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    writeFileSync(path.join(dir, file), content)
  }
}

/** Runs the table as one describe block: the control, the meta-test and one test per case. */
export function describeBadInputs(table: BadInputTable): void {
  const recorders = {} as Record<Endpoint, Recorder>
  const urls: Record<string, string> = {}
  let sandbox = ''
  let bin = ''
  let tripwireLog = ''

  beforeAll(async () => {
    sandbox = mkdtempSync(path.join(tmpdir(), `bad-inputs-${table.action}-`))
    bin = path.join(sandbox, 'bin')
    mkdirSync(bin)
    tripwireLog = path.join(sandbox, 'tripwires.log')
    for (const tool of TRIPWIRES) {
      const file = path.join(bin, tool)
      writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' "${tool} $*" >> '${tripwireLog}'\necho "tripwire: ${tool} must not run before the inputs are accepted" >&2\nexit 97\n`)
      chmodSync(file, 0o755)
    }
    for (const name of ENDPOINTS) {
      recorders[name] = await startRecorder()
      urls[name] = recorders[name].server.url
      urls[`${name}-host`] = recorders[name].server.host
    }
  })

  afterAll(async () => {
    await Promise.all(Object.values(recorders).map((r) => r.server.close()))
    if (sandbox) rmSync(sandbox, { recursive: true, force: true })
  })

  interface Touched {
    endpoints: Record<string, string[]>
    tools: string[]
  }

  async function run(c: Pick<BadInputCase, 'inputs' | 'files' | 'links'>): Promise<{ result: RunResult; touched: Touched; changed: string[] }> {
    for (const recorder of Object.values(recorders)) {
      recorder.requests = []
      recorder.connections = 0
    }
    rmSync(tripwireLog, { force: true })
    const dir = mkdtempSync(path.join(sandbox, 'case-'))
    const [workspace, temp, home] = ['workspace', 'temp', 'home'].map((d) => path.join(dir, d)) as [string, string, string]
    for (const d of [workspace, temp, home]) mkdirSync(d)
    writeFiles(workspace, table.files)
    writeFiles(workspace, c.files)
    for (const [link, target] of Object.entries(c.links ?? {})) symlinkSync(target, path.join(workspace, link))
    const before = snapshot(dir)
    const inputs = Object.fromEntries(Object.entries({ ...table.baseline, ...c.inputs }).map(([k, v]) => [k, substitute(v, urls)]))
    const result = await runAction(table.action, {
      inputs,
      workspace,
      timeoutMs: 60_000,
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        HOME: home,
        RUNNER_TEMP: temp,
        GITHUB_API_URL: urls.github,
        ACTIONS_CACHE_URL: `${urls.cache}/`,
        ACTIONS_RESULTS_URL: `${urls.cache}/`,
        ACTIONS_RUNTIME_TOKEN: 'bad-input-runtime-token'
      }
    })
    const after = snapshot(dir)
    const changed = [...after.filter((f) => !before.includes(f)).map((f) => `+ ${f}`), ...before.filter((f) => !after.includes(f)).map((f) => `- ${f}`)]
    const touched: Touched = {
      endpoints: Object.fromEntries(
        Object.entries(recorders)
          .filter(([, r]) => r.connections > 0 || r.requests.length > 0)
          .map(([name, r]) => [name, r.requests.length > 0 ? r.requests : [`${r.connections} connection(s), no HTTP request`]])
      ),
      tools: existsSync(tripwireLog) ? readFileSync(tripwireLog, 'utf8').split('\n').filter(Boolean) : []
    }
    return { result, touched, changed }
  }

  describe(`${table.action}: bad inputs refused through the built bundle before any side effect`, () => {
    it('the table covers every input action.yml declares (a case, or a commented reason no bad value exists)', () => {
      const declared = declaredInputs(table.action)
      const covered = new Set(table.cases.map((c) => namesOf(c)[0]!))
      const missing = declared.filter((input) => !covered.has(input) && !(input in table.noBadValue))
      expect(missing).toEqual([])
      // Names in the table that action.yml does not declare are typos or inputs since removed.
      const unknown = [...new Set([...table.cases.flatMap((c) => [...namesOf(c), ...Object.keys(c.inputs)]), ...Object.keys(table.noBadValue), ...Object.keys(table.baseline)])].filter((n) => !declared.includes(n))
      expect(unknown).toEqual([])
      // An input with a case needs no excuse.
      expect(Object.keys(table.noBadValue).filter((input) => covered.has(input))).toEqual([])
    })

    it('control: the baseline inputs alone reach the recorders and tripwires (so a refusal that touches nothing means something)', async () => {
      const { result, touched } = await run({ inputs: {} })
      for (const endpoint of table.control.endpoints ?? []) expect({ endpoint, requests: touched.endpoints[endpoint] ?? [] }).toEqual({ endpoint, requests: expect.arrayContaining([expect.any(String)]) })
      for (const tool of table.control.tools ?? []) expect(touched.tools.some((line) => line.split(' ')[0] === tool)).toBe(true)
      // Nothing in the baseline itself is refused as an input.
      expect(result.annotations.filter((a) => /Input '/.test(a.message))).toEqual([])
    })

    for (const c of table.cases) {
      const names = namesOf(c)
      const title = `${names[0]}: ${c.why}${c.from ? ` (${c.from})` : ''}${c.knownGap ? ' [known gap]' : ''}`
      it(title, async () => {
        const { result, touched, changed } = await run(c)
        const errors = result.annotations.filter((a) => a.level === 'error').map((a) => a.message)
        const message = errors.join('\n')
        const given = c.inputs[names[0]!]
        const shows = c.shows === undefined ? given?.trim() : c.shows
        const verdict = {
          exitCode: result.exitCode,
          namesInputs: names.filter((n) => !message.includes(`'${n}'`)).length === 0,
          // Only the inputs the case makes bad are blamed (a message blaming another input misleads).
          blamesOthers: [...message.matchAll(/Input '([^']+)'/g)].map((m) => m[1]!).filter((n) => !names.includes(n)),
          showsValue: shows === false || shows === undefined || (!shows.includes('\n') && message.includes(substitute(shows, urls))),
          bugWording: /\bbug\b|unexpected/i.test(message) || /^\s+at .+:\d+:\d+\)?$/m.test(result.stdout),
          hidden: c.hides === undefined || !(result.stdout + result.stderr).replace(/^::add-mask::.*$/gm, '').includes(c.hides),
          touched,
          outputs: result.outputs,
          summary: result.summary,
          changed,
          post: result.post ? { exitCode: result.post.exitCode, errors: result.post.annotations.filter((a) => a.level === 'error').map((a) => a.message) } : undefined
        }
        const refused = {
          exitCode: 1,
          namesInputs: true,
          blamesOthers: [],
          showsValue: true,
          bugWording: false,
          hidden: true,
          touched: { endpoints: {}, tools: [] },
          outputs: {},
          summary: '',
          changed: [],
          post: result.post ? { exitCode: 0, errors: [] } : undefined
        }
        if (c.knownGap) {
          expect({ stillAGap: !equal(verdict, refused), message }).toEqual({ stillAGap: true, message })
          return
        }
        expect({ ...verdict, message }).toEqual({ ...refused, message })
      })
    }
  })
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/**
 * A kubeconfig whose API server is the `{kube}` recorder (plain http, so `insecure-skip-tls-verify: true`, which
 * the actions accept for http; `tls: false` leaves it out, which they refuse).
 */
export function recorderKubeconfig(options: { tls?: boolean; server?: string } = {}): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: recorder',
    '  cluster:',
    `    server: ${options.server ?? '{kube}'}`,
    ...(options.tls === false ? [] : ['    insecure-skip-tls-verify: true']),
    'users:',
    '- name: ci',
    '  user:',
    '    token: bad-input-kube-token',
    'contexts:',
    '- name: ci',
    '  context:',
    '    cluster: recorder',
    '    user: ci',
    'current-context: ci',
    ''
  ].join('\n')
}
