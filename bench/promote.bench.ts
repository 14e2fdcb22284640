/**
 * promote-artifact against the promotion tools users choose between (crane, regctl, skopeo, oras), each doing the
 * same job with its own best flags, in one run: (a) retag within one repository, (b) to another repository of the
 * same registry, (c) to another registry, a single-platform image of 10 layers, 200 MB in all, (d) to another
 * registry, a four-platform index with two signatures and an SBOM attached as referrers. Each case runs on open
 * registries on loopback, on registries behind a Bearer token server, and behind a proxy adding 20 ms to every
 * request (which also counts the requests). promote-artifact runs twice: the bundle as the runner runs it
 * (local/harness.ts: Node start included, as a user pays it) and its promotion core in a worker thread of the
 * bench, warm across runs (the copy logic alone; off the main thread, where the latency proxies that every byte
 * passes through run). Peers are built by local/peers/install.sh at pinned versions. Every run writes a fresh tag or
 * repository (cases c and d: on a registry started for that run), so nothing finds blobs from an earlier run; every
 * result is checked (digest, and the referrers where carried).
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { runAction } from '../local/harness.js'
import { startFaultProxy, type FaultProxy } from '../local/registry/fault-proxy.js'
import { getManifest } from '../local/registry/raw.js'
import { startRegistry, type Registry } from '../local/registry/registry.js'
import { Seeder, type Descriptor } from '../local/registry/seed.js'
import type { CoreJob, CoreResult } from './support/promote-core-worker.js'
import { median, report, type Row } from './support/report.js'

const MB = 1024 * 1024
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const LATENCY_MS = 20
const USER = 'bench'
const PASSWORD = 'bench-password'
/** The concurrency peers get where they have a knob, the same as promote-artifact's blob concurrency. */
const JOBS = '6'

// ---------- peers ----------
const peers = execFileSync('bash', ['local/peers/install.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop()!
const bin = (name: string): string => path.join(peers, name)
const versions = {
  crane: execFileSync(bin('crane'), ['version'], { encoding: 'utf8' }).trim(),
  regctl: /VCSTag:\s*(\S+)/.exec(execFileSync(bin('regctl'), ['version'], { encoding: 'utf8' }))?.[1] ?? '?',
  oras: /Version:\s*(\S+)/.exec(execFileSync(bin('oras'), ['version'], { encoding: 'utf8' }))?.[1] ?? '?',
  skopeo: execFileSync('skopeo', ['--version'], { encoding: 'utf8' }).trim().replace(/^skopeo version /, ''),
  registry: execFileSync('docker-registry', ['--version'], { encoding: 'utf8' }).trim().split(' ').pop()!
}
console.log(`peers: crane ${versions.crane}, regctl ${versions.regctl}, oras ${versions.oras}, skopeo ${versions.skopeo}; registry: distribution ${versions.registry}`)

// ---------- peak resident memory of child processes ----------
/** VmHWM (peak RSS) of every child process seen while sampling, by pid, in bytes. */
const childPeaks = new Map<number, number>()
function sampleChildren(): void {
  let pids: string[]
  try {
    pids = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)
  } catch {
    return
  }
  for (const pid of pids) {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
      if (hwm) childPeaks.set(Number(pid), Math.max(childPeaks.get(Number(pid)) ?? 0, Number(hwm) * 1024))
    } catch {
      // the process ended between the listing and the read
    }
  }
}

/** Runs `fn` while sampling child processes' peak RSS; returns its wall time and the highest peak seen. */
async function measured(fn: () => Promise<void>): Promise<{ ms: number; rss: number }> {
  childPeaks.clear()
  const sampler = setInterval(sampleChildren, 10)
  const started = performance.now()
  try {
    await fn()
  } finally {
    clearInterval(sampler)
  }
  const ms = performance.now() - started
  return { ms, rss: Math.max(0, ...childPeaks.values()) }
}

function exec(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(file)} ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`))))
  })
}

// ---------- registries ----------
type ModeName = 'loopback' | 'token' | 'latency 20 ms'
interface Mode {
  name: ModeName
  /** Source registry host, and another registry's host, as the tools see them. */
  source: string
  other: string
  config: ModeConfig
  proxies?: FaultProxy[]
  tokenServers?: NonNullable<Registry['tokenServer']>[]
  /** The token server of each registry host (token mode). */
  tokenServerOf?: Map<string, NonNullable<Registry['tokenServer']>>
}

const work = mkdtempSync(path.join(tmpdir(), 'bench-promote-'))
const started: Registry[] = []
const proxies: FaultProxy[] = []

interface Images {
  big: Descriptor
  small: Descriptor
  /** 2 layers of 10 MB: resident memory in case c should not grow with the image. */
  twenty: Descriptor
  index: Descriptor
}

const SBOM = Buffer.from(JSON.stringify({ spdxVersion: 'SPDX-2.3', packages: Array.from({ length: 2000 }, (_, i) => ({ name: `package-${i}`, versionInfo: `1.${i}.0` })) }))
const REFERRERS = [
  { artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json', mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json', bytes: Buffer.from('{"critical":{"image":{}},"signature":"cosign"}') },
  { artifactType: 'application/vnd.cncf.notary.signature', mediaType: 'application/jose+json', bytes: Buffer.from('{"payload":"notation","signatures":[]}') },
  { artifactType: 'application/spdx+json', mediaType: 'application/spdx+json', bytes: SBOM }
]

async function seed(seeder: Seeder): Promise<Images> {
  const big = await seeder.image('src/app', 'build', 10, 20 * MB)
  const small = await seeder.image('src/small', 'build', 1, 1024)
  const twenty = await seeder.image('src/twenty', 'build', 2, 10 * MB)
  const index = await seeder.index('src/multi', 'build', ['amd64', 'arm64', 'ppc64le', 's390x'], 5, 5 * MB)
  await seeder.attach('src/multi', index, REFERRERS)
  return { big, small, twenty, index }
}

/** The docker config every tool reads its credentials from (crane, regctl, oras, promote-artifact; skopeo's authfile). */
function dockerConfig(dir: string, hosts: string[]): string {
  const auth = Buffer.from(`${USER}:${PASSWORD}`).toString('base64')
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: Object.fromEntries(hosts.map((h) => [h, { auth }])) }))
  return dir
}

interface ModeConfig {
  env: NodeJS.ProcessEnv
  /** Rewrites the docker config (credentials when the mode has them) and regctl's config for these hosts. */
  hosts: (hosts: string[]) => void
}

function modeEnv(name: string, hosts: string[], credentials: boolean): ModeConfig {
  const dir = mkdtempSync(path.join(work, `${name.replace(/\W+/g, '-')}-`))
  const regctlConfig = path.join(dir, 'regctl.json')
  const write = (current: string[]): void => {
    dockerConfig(dir, credentials ? current : [])
    // regctl speaks https unless told a host is plain http (its config; it reads the docker config for credentials).
    writeFileSync(regctlConfig, JSON.stringify({ hosts: Object.fromEntries(current.map((h) => [h, { tls: 'disabled', reqConcurrent: Number(JOBS) }])) }))
  }
  write(hosts)
  return { env: { ...process.env, HOME: dir, DOCKER_CONFIG: dir, REGISTRY_AUTH_FILE: path.join(dir, 'config.json'), REGCTL_CONFIG: regctlConfig }, hosts: write }
}

/**
 * A registry of its own for one run of case c or d: skopeo (as root) keeps a machine-wide blob-info cache and would
 * mount layers from an earlier run's repository on the same target registry instead of copying them; a fresh
 * registry gives every tool the same empty target.
 */
async function freshOther(mode: Mode): Promise<{ host: string; stop: () => Promise<void> }> {
  const registry = await startRegistry(mode.name === 'token' ? { kind: 'token', users: { [USER]: PASSWORD }, realmHost: 'localhost' } : { kind: 'none' })
  let host = registry.host
  let proxy: FaultProxy | undefined
  if (mode.name === 'latency 20 ms') {
    proxy = await startFaultProxy(registry.port)
    proxy.latencyMs = LATENCY_MS
    host = proxy.host
  }
  mode.config.hosts([mode.source, host])
  if (proxy) mode.proxies = [mode.proxies![0]!, proxy]
  if (registry.tokenServer) {
    mode.tokenServers = [mode.tokenServers![0]!, registry.tokenServer]
    mode.tokenServerOf!.set(host, registry.tokenServer)
  }
  return {
    host,
    stop: async () => {
      await proxy?.stop()
      await registry.stop()
    }
  }
}

// ---------- tools ----------
type CaseName = 'a' | 'b' | 'c' | 'd'
type ToolName = 'promote-artifact (bundle)' | 'promote-artifact (core)' | 'crane' | 'regctl' | 'skopeo' | 'oras'
const TOOLS: ToolName[] = ['promote-artifact (bundle)', 'promote-artifact (core)', 'crane', 'regctl', 'skopeo', 'oras']
/** Peers that cannot carry referrers in a copy (case d copies the index alone with them). */
const NO_REFERRERS = new Set<ToolName>(['crane', 'skopeo'])

interface Job {
  kase: CaseName
  /** `host/repository:tag` of the source, with its digest. */
  source: string
  digest: string
  target: string
}

/** The core runs in one worker thread for the whole bench (see support/promote-core-worker.ts). */
const coreWorker = new Worker(new URL('./support/promote-core-worker.ts', import.meta.url), { execArgv: ['--import', 'tsx'] })
coreWorker.unref()
const pendingCore = new Map<number, { resolve: () => void; reject: (error: Error) => void }>()
coreWorker.on('message', (result: CoreResult) => {
  const pending = pendingCore.get(result.id)
  pendingCore.delete(result.id)
  if (result.ok) pending?.resolve()
  else pending?.reject(new Error(result.error))
})
let coreJobs = 0

function core(job: Job, env: NodeJS.ProcessEnv): Promise<void> {
  const inputs: Record<string, string> = { source: job.source, 'expected-digest': job.digest, targets: job.target, 'copy-referrers': String(job.kase === 'd') }
  const id = ++coreJobs
  return new Promise((resolve, reject) => {
    pendingCore.set(id, { resolve, reject })
    coreWorker.postMessage({ id, inputs, env: { ...env } } satisfies CoreJob)
  })
}

async function bundle(job: Job, env: NodeJS.ProcessEnv): Promise<void> {
  const result = await runAction('promote-artifact', {
    inputs: { source: job.source, 'expected-digest': job.digest, targets: job.target, 'copy-referrers': String(job.kase === 'd') },
    env: { DOCKER_CONFIG: env.DOCKER_CONFIG }
  })
  if (result.exitCode !== 0) throw new Error(`promote-artifact failed:\n${result.stdout.slice(-3000)}`)
}

function peerArgs(tool: ToolName, job: Job): [string, string[]] {
  const tagOf = (ref: string): string => ref.slice(ref.lastIndexOf(':') + 1)
  switch (tool) {
    case 'crane':
      // crane tag: one GET and one PUT; crane copy mounts across repositories and streams layers, --jobs at a time.
      return job.kase === 'a' ? [bin('crane'), ['tag', '--insecure', job.source, tagOf(job.target)]] : [bin('crane'), ['copy', '--insecure', '--jobs', JOBS, job.source, job.target]]
    case 'regctl':
      return [bin('regctl'), ['image', 'copy', ...(job.kase === 'd' ? ['--referrers', '--digest-tags'] : []), job.source, job.target]]
    case 'skopeo':
      return ['skopeo', ['copy', '--all', '--preserve-digests', '--src-tls-verify=false', '--dest-tls-verify=false', '-q', `docker://${job.source}`, `docker://${job.target}`]]
    case 'oras':
      return job.kase === 'a'
        ? [bin('oras'), ['tag', '--plain-http', job.source, tagOf(job.target)]]
        : [bin('oras'), ['cp', '--from-plain-http', '--to-plain-http', '--concurrency', JOBS, ...(job.kase === 'd' ? ['-r'] : []), job.source, job.target]]
    default:
      throw new Error(tool)
  }
}

async function runTool(tool: ToolName, job: Job, env: NodeJS.ProcessEnv): Promise<void> {
  if (tool === 'promote-artifact (core)') return core(job, env)
  if (tool === 'promote-artifact (bundle)') return bundle(job, env)
  const [file, args] = peerArgs(tool, job)
  return exec(file, args, env)
}

/** The target holds the digest (and, for d, the referrers when the tool carries them). */
async function check(tool: ToolName, job: Job, mode: Mode, images: Images): Promise<void> {
  const [host, ...rest] = job.target.split('/')
  const repoAndTag = rest.join('/')
  const repository = repoAndTag.slice(0, repoAndTag.lastIndexOf(':'))
  const tag = repoAndTag.slice(repoAndTag.lastIndexOf(':') + 1)
  const server = mode.tokenServerOf?.get(host!)
  const authorization = server ? await bearer(server, repository) : undefined
  const got = await getManifest(host!, repository, tag, { authorization })
  if (got?.digest !== job.digest) throw new Error(`${tool}: ${job.target} is ${got?.digest ?? 'missing'}, not ${job.digest}`)
  if (job.kase === 'd' && !NO_REFERRERS.has(tool)) {
    const fallback = await getManifest(host!, repository, images.index.digest.replace(':', '-'), { authorization })
    const count = fallback ? (JSON.parse(fallback.bytes.toString()) as { manifests: unknown[] }).manifests.length : 0
    if (count !== REFERRERS.length) throw new Error(`${tool}: ${job.target} arrived with ${count} referrers, not ${REFERRERS.length}`)
  }
}

/** raw.ts sends Basic only; a token registry is read with a token from its server. */
async function bearer(server: NonNullable<Registry['tokenServer']>, repository: string): Promise<string> {
  const url = new URL(server.realm)
  url.searchParams.set('service', server.service)
  url.searchParams.set('scope', `repository:${repository}:pull`)
  const response = await fetch(url, { headers: { authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` } })
  return `Bearer ${((await response.json()) as { token: string }).token}`
}

// ---------- the run ----------
interface Sample {
  ms: number
  rss: number
  requests?: number
  tokenRequests?: number
}
const results = new Map<string, Sample[]>()
const failures: string[] = []
const key = (mode: ModeName, kase: string, tool: ToolName): string => `${mode}|${kase}|${tool}`
let counter = 0

type Variant = CaseName | 'a-small' | 'b-small' | 'c-small'
function jobFor(kase: Variant, mode: Mode, images: Images): Job {
  const n = ++counter
  switch (kase) {
    case 'a':
      return { kase: 'a', source: `${mode.source}/src/app:build`, digest: images.big.digest, target: `${mode.source}/src/app:t${n}` }
    case 'a-small':
      return { kase: 'a', source: `${mode.source}/src/small:build`, digest: images.small.digest, target: `${mode.source}/src/small:t${n}` }
    case 'b':
      return { kase: 'b', source: `${mode.source}/src/app:build`, digest: images.big.digest, target: `${mode.source}/promoted/b${n}:v1` }
    case 'b-small':
      return { kase: 'b', source: `${mode.source}/src/small:build`, digest: images.small.digest, target: `${mode.source}/promoted/s${n}:v1` }
    case 'c':
      return { kase: 'c', source: `${mode.source}/src/app:build`, digest: images.big.digest, target: `${mode.other}/c/r${n}:v1` }
    case 'c-small':
      return { kase: 'c', source: `${mode.source}/src/twenty:build`, digest: images.twenty.digest, target: `${mode.other}/c/s${n}:v1` }
    case 'd':
      return { kase: 'd', source: `${mode.source}/src/multi:build`, digest: images.index.digest, target: `${mode.other}/d/r${n}:v1` }
  }
}

const CASES = (process.env.BENCH_CASES ?? 'a,b,c,d').split(',') as CaseName[]
const MODES = (process.env.BENCH_MODES ?? 'loopback,token,latency 20 ms').split(',') as ModeName[]
const TOOL_FILTER = process.env.BENCH_TOOLS?.split(',')
const tools = TOOLS.filter((t) => !TOOL_FILTER || TOOL_FILTER.some((f) => t.startsWith(f)))

try {
  const modes: Mode[] = []
  const [s, o] = await Promise.all([startRegistry(), startRegistry()])
  started.push(s, o)
  let seededAt = performance.now()
  const plainImages = await seed(new Seeder({ host: s.host }))
  console.log(`seeded the open registry in ${((performance.now() - seededAt) / 1000).toFixed(1)} s`)
  if (MODES.includes('loopback')) modes.push({ name: 'loopback', source: s.host, other: o.host, config: modeEnv('loopback', [s.host, o.host], false) })
  if (MODES.includes('latency 20 ms')) {
    const [ps, po] = await Promise.all([startFaultProxy(s.port), startFaultProxy(o.port)])
    ps.latencyMs = LATENCY_MS
    po.latencyMs = LATENCY_MS
    proxies.push(ps, po)
    modes.push({ name: 'latency 20 ms', source: ps.host, other: po.host, config: modeEnv('latency', [ps.host, po.host], false), proxies: [ps, po] })
  }
  let tokenImages: Images | undefined
  if (MODES.includes('token')) {
    const users = { [USER]: PASSWORD }
    const [ts, to] = await Promise.all([startRegistry({ kind: 'token', users, realmHost: 'localhost' }), startRegistry({ kind: 'token', users, realmHost: 'localhost' })])
    started.push(ts, to)
    seededAt = performance.now()
    tokenImages = await seed(new Seeder({ host: ts.host, token: { server: ts.tokenServer!, user: USER, password: PASSWORD } }))
    console.log(`seeded the token registry in ${((performance.now() - seededAt) / 1000).toFixed(1)} s`)
    modes.push({ name: 'token', source: ts.host, other: to.host, config: modeEnv('token', [ts.host, to.host], true), tokenServers: [ts.tokenServer!, to.tokenServer!], tokenServerOf: new Map([[ts.host, ts.tokenServer!], [to.host, to.tokenServer!]]) })
  }

  for (const mode of modes) {
    const images = mode.name === 'token' ? tokenImages! : plainImages
    const cases: Variant[] = [...CASES, ...(['a', 'b', 'c'] as const).filter((c) => CASES.includes(c)).map((c) => `${c}-small` as const)]
    for (const kase of cases) {
      const small = kase.endsWith('-small')
      for (let run = 0; run < RUNS; run++) {
        for (const tool of small ? tools.filter((t) => t.startsWith('promote-artifact')) : tools) {
          const fresh = kase.startsWith('c') || kase.startsWith('d') ? await freshOther(mode) : undefined
          if (fresh) mode.other = fresh.host
          const job = jobFor(kase, mode, images)
          for (const p of mode.proxies ?? []) p.reset()
          const tokenBefore = (mode.tokenServers ?? []).reduce((sum, t) => sum + t.requests.length, 0)
          let measuredRun: { ms: number; rss: number }
          let requests: number | undefined
          let tokenRequests: number | undefined
          try {
            measuredRun = await measured(() => runTool(tool, job, mode.config.env))
            // Counted before the check, whose own reads would add to them.
            requests = mode.proxies ? mode.proxies.reduce((sum, p) => sum + p.requests.length, 0) : undefined
            tokenRequests = mode.tokenServers ? mode.tokenServers.reduce((sum, t) => sum + t.requests.length, 0) - tokenBefore : undefined
            await check(tool, job, mode, images)
          } catch (error) {
            // One tool failing is reported with the rest of the table, not instead of it.
            failures.push(`${mode.name} ${kase} ${tool}: ${error instanceof Error ? error.message.slice(-1500) : String(error)}`)
            continue
          } finally {
            await fresh?.stop()
          }
          const { ms, rss } = measuredRun
          const k = key(mode.name, kase, tool)
          results.set(k, [...(results.get(k) ?? []), { ms, rss, ...(requests !== undefined && { requests }), ...(tokenRequests !== undefined && { tokenRequests }) }])
          if (mode.proxies && fresh) {
            const streams = Math.max(...mode.proxies.map((p) => p.maxBlobStreams))
            const k2 = key(mode.name, `${kase}-streams`, tool)
            results.set(k2, [...(results.get(k2) ?? []), { ms: streams, rss: 0 }])
          }
        }
      }
      console.log(`${mode.name} ${kase}: ${tools.map((t) => `${t} ${median((results.get(key(mode.name, kase, t)) ?? []).map((x) => x.ms)).toFixed(0)} ms`).join(', ')}`)
    }
  }
} finally {
  await Promise.all(proxies.map((p) => p.stop()))
  await Promise.all(started.map((r) => r.stop()))
  rmSync(work, { recursive: true, force: true })
}

// ---------- report ----------
const med = (mode: ModeName, kase: string, tool: ToolName, field: keyof Sample = 'ms'): number | undefined => {
  const samples = results.get(key(mode, kase, tool))
  if (!samples || samples.length === 0) return undefined
  return median(samples.map((x) => x[field] ?? 0))
}
const peersFor = (kase: CaseName): ToolName[] => tools.filter((t) => !t.startsWith('promote-artifact') && !(kase === 'd' && NO_REFERRERS.has(t)))
const CASE_TEXT: Record<CaseName, string> = {
  a: '(a) retag within one repository, 200 MB image',
  b: '(b) to another repository of the same registry (mount), 200 MB image',
  c: '(c) to another registry, 10 layers, 200 MB',
  d: '(d) to another registry, 4-platform index (5 x 5 MB layers each) + 2 signatures + SBOM as referrers'
}

console.log('\nmedian of', RUNS, 'runs; ms, peak RSS of the process (MB), requests through the latency proxy, token-server requests')
console.log(['mode', 'case', 'tool', 'ms', 'RSS MB', 'requests', 'token requests'].join('\t'))
for (const mode of MODES) {
  for (const kase of CASES) {
    for (const tool of tools) {
      const ms = med(mode, kase, tool)
      if (ms === undefined) continue
      const rss = tool === 'promote-artifact (core)' ? '(worker thread)' : ((med(mode, kase, tool, 'rss') ?? 0) / MB).toFixed(0)
      const requests = med(mode, kase, tool, 'requests')
      const tokens = med(mode, kase, tool, 'tokenRequests')
      const streams = med(mode, `${kase}-streams`, tool)
      const note = kase === 'd' && NO_REFERRERS.has(tool) ? ' (index only: cannot carry referrers)' : ''
      console.log([mode, kase, `${tool}${note}`, ms.toFixed(0), rss, mode === 'latency 20 ms' ? `${requests}${streams !== undefined ? ` (max ${streams} blob streams)` : ''}` : '', mode === 'token' ? String(tokens) : ''].join('\t'))
    }
  }
}

const rows: Row[] = []
for (const mode of MODES) {
  for (const kase of CASES) {
    const mine = med(mode, kase, 'promote-artifact (bundle)')
    const candidates = peersFor(kase).map((t) => ({ tool: t, ms: med(mode, kase, t) })).filter((x): x is { tool: ToolName; ms: number } => x.ms !== undefined)
    if (mine === undefined || candidates.length === 0) continue
    const fastest = candidates.reduce((a, b) => (b.ms < a.ms ? b : a))
    rows.push({ case: `${mode}, ${CASE_TEXT[kase]}: bundle vs fastest peer (${fastest.tool})`, value: mine, unit: 'ms', baseline: fastest.ms, target: { max: 1, of: 'ratio', text: '<= 1.00x' } })
    const coreMs = med(mode, kase, 'promote-artifact (core)')
    if (coreMs !== undefined) rows.push({ case: `${mode}, ${CASE_TEXT[kase]}: core (worker thread) vs fastest peer (information)`, value: coreMs, unit: 'ms', baseline: fastest.ms })
  }
  for (const kase of ['a', 'b'] as const) {
    const large = med(mode, kase, 'promote-artifact (core)')
    const small = med(mode, `${kase}-small`, 'promote-artifact (core)')
    if (large !== undefined && small !== undefined) rows.push({ case: `${mode}, (${kase}) 200 MB image time / 1 KB image time (flat in size)`, value: large / small, unit: 'x', target: { max: 1.5, of: 'value', text: '<= 1.5 (flat)' } })
    const largeRequests = med(mode, kase, 'promote-artifact (core)', 'requests')
    const smallRequests = med(mode, `${kase}-small`, 'promote-artifact (core)', 'requests')
    if (mode === 'latency 20 ms' && largeRequests !== undefined && smallRequests !== undefined) {
      rows.push({ case: `${mode}, (${kase}) requests for the 200 MB image / for the 1 KB image (flat)`, value: largeRequests / smallRequests, unit: 'x', target: { max: 1, of: 'value', text: '= 1' } })
    }
  }
  for (const kase of ['c', 'd'] as const) {
    const rss = med(mode, kase, 'promote-artifact (bundle)', 'rss')
    if (rss !== undefined) rows.push({ case: `${mode}, (${kase}) bundle peak RSS, whole Node process (information)`, value: rss / MB, unit: 'MB' })
  }
  const rssLarge = med(mode, 'c', 'promote-artifact (bundle)', 'rss')
  const rssSmall = med(mode, 'c-small', 'promote-artifact (bundle)', 'rss')
  if (rssLarge !== undefined && rssSmall !== undefined) rows.push({ case: `${mode}, (c) bundle peak RSS for 200 MB / for 20 MB (flat in image size)`, value: rssLarge / rssSmall, unit: 'x', target: { max: 1.5, of: 'value', text: '<= 1.5 (flat)' } })
}
console.log(`\npeers: crane ${versions.crane}, regctl ${versions.regctl}, oras ${versions.oras}, skopeo ${versions.skopeo}; distribution ${versions.registry}; ${new Date().toISOString().slice(0, 10)}`)
for (const failure of failures) console.log(`FAILED ${failure}`)
const met = report('promote-artifact vs the fastest peer doing the same job (median wall time)', rows) && failures.length === 0
process.exit(met ? 0 : 1)
