/**
 * build-push against plain buildah in the same run, for a small multi-stage image on a base made from this
 * machine's binaries: a cold build (empty storage, empty cache), a warm-cache rebuild after a one-line source change
 * (a fresh runner: empty storage, cache in the registry), and a reused build (same commit again).
 * The baseline is plain `buildah bud` of the same context with the same registry cache flags, then `buildah push`
 * (the command lines build-push ran, minus its LABEL line and commit timestamp), in its own fresh storage, cache
 * repository and image repository. So the ratio is everything build-push adds: Node start (main and post step),
 * registry checks, the label step, read-back and tagging.
 * Target: <= 1.05x for cold and warm. A reused build runs no builder at all, so it is compared with the warm
 * rebuild the baseline has to do instead.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { pushShellBase } from '../local/scenarios/build-push.js'
import { startRegistry } from '../local/registry/registry.js'
import { median, report, type Row } from './support/report.js'

const run = promisify(execFile)
const ROOT = path.resolve(import.meta.dirname, '..')
const RUNS = Number(process.env.BENCH_RUNS ?? 5)

const registry = await startRegistry()
const base = await pushShellBase(registry.host)
const scratch = mkdtempSync(path.join(tmpdir(), 'bench-build-push-'))
let counter = 0

function workspace(appLine: string): string {
  const dir = path.join(scratch, `ws-${++counter}`)
  mkdirSync(path.join(dir, 'src'), { recursive: true })
  writeFileSync(
    path.join(dir, 'Dockerfile'),
    [
      `FROM ${base.reference} AS deps`,
      'COPY src/deps.txt /src/deps.txt',
      'RUN while read d; do echo "resolved $d"; done < /src/deps.txt > /deps.lock',
      `FROM ${base.reference} AS build`,
      'COPY --from=deps /deps.lock /deps.lock',
      'COPY src/app.txt /src/app.txt',
      'RUN while read l; do echo "compiled $l"; done < /src/app.txt > /app.out',
      'FROM scratch',
      'COPY --from=build /deps.lock /app.out /',
      ''
    ].join('\n')
  )
  writeFileSync(path.join(dir, 'src/deps.txt'), 'alpha\nbeta\ngamma\n')
  writeFileSync(path.join(dir, 'src/app.txt'), `main\n${appLine}\n`)
  return dir
}

interface Ours {
  /** The main step, as the Actions UI times it. */
  ms: number
  /** The post step (removes the run's storage and credentials; shown as its own step at the end of the job). */
  postMs: number
  commands: string[][]
  metadata: Record<string, any>
}

/** The bundle as the runner starts it (a new Node process), with its post step. */
async function ours(ws: string, repo: string, cacheRepo: string, sha: string): Promise<Ours> {
  const dir = mkdtempSync(path.join(scratch, 'runner-'))
  const files = Object.fromEntries(['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'].map((name) => [name, path.join(dir, name)]))
  for (const file of Object.values(files)) writeFileSync(file, '')
  const event = path.join(dir, 'event.json')
  writeFileSync(event, JSON.stringify({ ref: 'refs/heads/main', after: sha, head_commit: { id: sha, timestamp: '2026-11-20T13:03:11Z' }, repository: { default_branch: 'main' } }))
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_WORKSPACE: ws,
    RUNNER_TEMP: dir,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: event,
    GITHUB_REPOSITORY: 'acme/web',
    GITHUB_SHA: sha,
    GITHUB_REF: 'refs/heads/main',
    INPUT_IMAGE: repo,
    INPUT_CONTEXT: '.',
    INPUT_TAGS: 'sha\nbranch',
    INPUT_BUILDER: 'buildah',
    INPUT_CACHE: 'registry',
    'INPUT_CACHE-REPOSITORY': cacheRepo,
    INPUT_PUSH: 'true',
    'INPUT_REUSE-EXISTING': 'true',
    'INPUT_IMMUTABLE-TAGS': 'true',
    ...files
  }
  const started = performance.now()
  const main = await run(process.execPath, [path.join(ROOT, 'dist/build-push/index.js')], { env, maxBuffer: 64 * 1024 * 1024 })
  const ms = performance.now() - started
  const state = readFileSync(files.GITHUB_STATE!, 'utf8')
  const workdir = /workdir<<(\S+)\n(.*)\n/.exec(state)?.[2] ?? ''
  const postStarted = performance.now()
  await run(process.execPath, [path.join(ROOT, 'dist/build-push/index.js')], { env: { ...env, STATE_isPost: 'true', STATE_workdir: workdir } })
  const postMs = performance.now() - postStarted
  const output = readFileSync(files.GITHUB_OUTPUT!, 'utf8')
  const metadata = JSON.parse(/metadata<<(\S+)\n(.*)\n/.exec(output)?.[2] ?? '{}') as Record<string, any>
  // The command lines it ran, as logged ("$ buildah ..."); no argument here contains a space.
  const commands = [...main.stdout.matchAll(/^\$ (buildah .*)$/gm)].map((m) => plainCommand(m[1]!.split(' '), path.join(ws, 'Dockerfile'), `${repo}:sha-${sha.slice(0, 7)}`))
  rmSync(dir, { recursive: true, force: true })
  return { ms, postMs, commands, metadata }
}

/**
 * The plain equivalent of a logged command: for `bud`, the user's own Dockerfile (no generated LABEL line) and no
 * `--timestamp`; the cache flags and storage stay, since a hand-written pipeline would cache too. build-push exports
 * the image to an OCI layout and pushes that itself; a hand-written pipeline runs `buildah push` to the registry.
 */
function plainCommand(argv: string[], dockerfile: string, destination: string): string[] {
  if (argv.at(-1)?.startsWith('oci:')) {
    const push = argv.indexOf('push')
    return [...argv.slice(0, push + 1), '--tls-verify=false', ...argv.slice(push + 1, -1), `docker://${destination}`]
  }
  if (!argv.includes('bud')) return argv
  const plain = [...argv]
  plain[plain.indexOf('--file') + 1] = dockerfile
  plain.splice(plain.indexOf('--timestamp'), 2)
  return plain
}

/** The same commands in a fresh storage root, with the baseline's own cache and image repositories. */
async function plain(commands: string[][], replace: [string, string][]): Promise<number> {
  const dir = mkdtempSync(path.join(scratch, 'plain-'))
  const workdirOf = (argv: string[]): string => path.dirname(argv[argv.indexOf('--root') + 1]!)
  const started = performance.now()
  for (const argv of commands) {
    const from = workdirOf(argv)
    const rewritten = argv.map((arg) => replace.reduce((text, [a, b]) => text.split(a).join(b), arg.split(from).join(dir)))
    await run(rewritten[0]!, rewritten.slice(1), { maxBuffer: 64 * 1024 * 1024 })
  }
  const ms = performance.now() - started
  rmSync(dir, { recursive: true, force: true })
  return ms
}

const rows: Row[] = []
const cold = { ours: [] as number[], plain: [] as number[] }
const warm = { ours: [] as number[], plain: [] as number[] }
const reused = { ours: [] as number[], plain: [] as number[] }
const posts: number[] = []
/** Main-step time not spent in buildah itself: what build-push adds, measured within each run (robust to load). */
const overhead: number[] = []
const overheadShare: number[] = []
let lastCold: { commands: string[][]; repo: string; cache: string } | undefined
let lastWarm: typeof lastCold
try {
  for (let i = 0; i < RUNS; i++) {
    const repo = `${registry.host}/bench/app${i}`
    const cache = `${registry.host}/bench/app${i}-cache`
    const plainRepo = `${registry.host}/bench/plain${i}`
    const plainCache = `${registry.host}/bench/plain${i}-cache`
    const swap: [string, string][] = [
      [cache, plainCache],
      [repo, plainRepo]
    ]
    const sha1 = `${String(i).padStart(2, '0')}${'a'.repeat(38)}`
    const sha2 = `${String(i).padStart(2, '0')}${'b'.repeat(38)}`

    // Alternate who goes first, so neither side always meets a cooler machine.
    const pair = async <T,>(a: () => Promise<T>, b: () => Promise<number>): Promise<[T, number]> => {
      if (i % 2 === 0) {
        const x = await a()
        return [x, await b()]
      }
      const y = await b()
      return [await a(), y]
    }
    // The plain side replays commands build-push logged; on odd runs it goes first, replaying the previous run's cold
    // commands (same Dockerfile and sources) against this run's own empty repositories.
    let c: Ours
    if (i % 2 === 1 && lastCold) {
      const previous = lastCold
      cold.plain.push(await plain(previous.commands, [[previous.cache, plainCache], [previous.repo, plainRepo]]))
      c = await ours(workspace('version 1'), repo, cache, sha1)
    } else {
      c = await ours(workspace('version 1'), repo, cache, sha1)
      cold.plain.push(await plain(c.commands, swap))
    }
    if (c.metadata.cache?.status !== 'miss') throw new Error(`cold run was not cold: ${JSON.stringify(c.metadata.cache)}`)
    cold.ours.push(c.ms)
    posts.push(c.postMs)
    lastCold = { commands: c.commands, repo, cache }

    let w: Ours
    if (i % 2 === 1 && lastWarm) {
      const previous = lastWarm
      warm.plain.push(await plain(previous.commands, [[previous.cache, plainCache], [previous.repo, plainRepo]]))
      w = await ours(workspace('version 2'), repo, cache, sha2)
    } else {
      w = await ours(workspace('version 2'), repo, cache, sha2)
      warm.plain.push(await plain(w.commands, swap))
    }
    if (w.metadata.cache?.status !== 'partial') throw new Error(`warm run did not use the cache: ${JSON.stringify(w.metadata.cache)}`)
    warm.ours.push(w.ms)
    for (const run of [c, w]) {
      const builder = ((run.metadata.buildSeconds ?? 0) + (run.metadata.pushSeconds ?? 0)) * 1000
      overhead.push(run.ms - builder)
      overheadShare.push((run.ms - builder) / builder)
    }
    lastWarm = { commands: w.commands, repo, cache }

    const [r, plainWarm] = await pair(() => ours(workspace('version 2'), repo, cache, sha2), () => plain(w.commands, swap))
    if (!r.metadata.reused) throw new Error('the third run did not reuse the image')
    reused.ours.push(r.ms)
    reused.plain.push(plainWarm)
    console.log(`run ${i + 1}/${RUNS}: cold ${c.ms.toFixed(0)}/${cold.plain.at(-1)!.toFixed(0)} ms, warm ${w.ms.toFixed(0)}/${warm.plain.at(-1)!.toFixed(0)} ms, reused ${r.ms.toFixed(0)}/${reused.plain.at(-1)!.toFixed(0)} ms (ours/plain)`)
  }
  rows.push({ case: 'cold build + push (empty storage and cache) vs the same buildah commands', value: median(cold.ours), unit: 'ms', baseline: median(cold.plain), target: { max: 1.05, of: 'ratio', text: '<= 1.05x' } })
  rows.push({ case: 'warm-cache rebuild after a one-line change (fresh runner) vs the same buildah commands', value: median(warm.ours), unit: 'ms', baseline: median(warm.plain), target: { max: 1.05, of: 'ratio', text: '<= 1.05x' } })
  rows.push({ case: 'reused build (same commit again) vs the warm rebuild plain buildah has to do', value: median(reused.ours), unit: 'ms', baseline: median(reused.plain), target: { max: 1, of: 'ratio', text: '< 1x (no build)' } })
  rows.push({ case: 'fixed overhead in the main step (Node start, registry checks, read-back, tags, outputs; cold and warm runs)', value: median(overhead), unit: 'ms' })
  rows.push({ case: 'same, as a share of the builder commands in that run', value: median(overheadShare) * 100, unit: '%', target: { max: 5, of: 'value', text: '<= 5%' } })
  rows.push({ case: 'post step (removes storage and auth file; runs at the end of the job), information', value: median(posts), unit: 'ms' })
} finally {
  base.cleanup()
  await registry.stop()
  rmSync(scratch, { recursive: true, force: true })
}
const met = report(`build-push vs plain buildah (median of ${RUNS} runs, wall time)`, rows)
process.exit(met ? 0 : 1)
