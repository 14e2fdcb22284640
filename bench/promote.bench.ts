/**
 * promote-artifact against `skopeo copy` of the same image in the same run, for images of 50 MB and 500 MB of
 * random (incompressible) layers: within one repository, across repositories of one registry, and across
 * registries. Targets: same-registry promotion at least 50x faster than skopeo and flat in image size;
 * cross-registry within 1.2x of skopeo. Each run writes a fresh tag; cross-registry runs go to a fresh registry,
 * so neither tool finds blobs from an earlier run.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { createClients } from '../src/promote-artifact/clients.js'
import { readInputs } from '../src/promote-artifact/inputs.js'
import { planTargets } from '../src/promote-artifact/plan-targets.js'
import { verifySource } from '../src/promote-artifact/verify-source.js'
import { writeTargets } from '../src/promote-artifact/write-targets.js'
import { Buildah } from '../local/registry/images.js'
import { startRegistry, type Registry } from '../local/registry/registry.js'
import { median, report, type Row } from './support/report.js'

const run = promisify(execFile)
const MB = 1024 * 1024

/** Highest resident set size seen while `ours` ran, sampled every 20 ms. */
let peakRss = 0

async function ours(source: string, digest: string, target: string): Promise<number> {
  const values: Record<string, string> = { source, 'expected-digest': digest, targets: target }
  const inputs = readInputs((name) => values[name] ?? '', process.env)
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = () => true
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20)
  const started = performance.now()
  try {
    const clients = createClients(inputs)
    const promotion = await planTargets(inputs, clients, await verifySource(inputs, clients))
    const outcome = await writeTargets(promotion, inputs, clients)
    if (outcome.kind !== 'written') throw outcome.kind === 'stopped' ? outcome.error : new Error(`nothing written: ${outcome.kind}`)
  } finally {
    clearInterval(sampler)
    process.stdout.write = write
  }
  return performance.now() - started
}

async function skopeo(source: string, target: string): Promise<number> {
  const started = performance.now()
  await run('skopeo', ['copy', '--all', '--preserve-digests', '--src-tls-verify=false', '--dest-tls-verify=false', '-q', `docker://${source}`, `docker://${target}`], { maxBuffer: 16 * MB })
  return performance.now() - started
}

async function bundle(source: string, digest: string, target: string): Promise<number> {
  const started = performance.now()
  await run(process.execPath, ['dist/promote-artifact/index.js'], {
    env: { ...process.env, INPUT_SOURCE: source, 'INPUT_EXPECTED-DIGEST': digest, INPUT_TARGETS: target, GITHUB_OUTPUT: '/dev/null', GITHUB_STEP_SUMMARY: '/dev/null', GITHUB_STATE: '/dev/null' }
  })
  return performance.now() - started
}

const a = await startRegistry()
const fresh: Registry[] = []
const buildah = new Buildah()
const rows: Row[] = []
const sameRegistry: Record<string, number> = {}
let counter = 0
try {
  for (const sizeMb of (process.env.BENCH_SIZES ?? '50,500').split(',').map(Number)) {
    const files: Record<string, number> = {}
    for (let i = 0; i < 5; i++) files[`/layer${i}.bin`] = (sizeMb / 5) * MB
    const built = performance.now()
    const image = await buildah.build({ files })
    const repo = `bench/app${sizeMb}`
    const digest = await buildah.push(image, `${a.host}/${repo}:build`)
    const source = `${a.host}/${repo}:build`
    console.log(`${sizeMb} MB image built and pushed in ${((performance.now() - built) / 1000).toFixed(1)} s: ${digest}`)
    const runs = sizeMb === 50 ? 5 : 3

    const cases: { name: string; target: () => Promise<string>; kind: 'same' | 'cross' }[] = [
      { name: 'same repository', kind: 'same', target: async () => `${a.host}/${repo}:t${++counter}` },
      { name: 'other repository, same registry', kind: 'same', target: async () => `${a.host}/bench/promoted${++counter}:v1` },
      {
        name: 'other registry',
        kind: 'cross',
        target: async () => {
          const b = await startRegistry()
          fresh.push(b)
          return `${b.host}/bench/app:v${++counter}`
        }
      }
    ]
    for (const c of cases.filter((c) => !process.env.BENCH_CASES || process.env.BENCH_CASES.split(',').includes(c.kind))) {
      const mine: number[] = []
      const theirs: number[] = []
      globalThis.gc?.()
      const rssBefore = process.memoryUsage().rss
      peakRss = 0
      for (let i = 0; i < runs; i++) {
        theirs.push(await skopeo(source, await c.target()))
        mine.push(await ours(source, digest, await c.target()))
      }
      if (c.kind === 'cross') {
        rows.push({ case: `${sizeMb} MB, ${c.name}: resident memory growth while streaming (layers never buffered)`, value: Math.max(0, peakRss - rssBefore) / MB, unit: 'MB', target: { max: 100, of: 'value', text: '<= 100 MB' } })
      }
      const value = median(mine)
      const baseline = median(theirs)
      if (c.kind === 'same') sameRegistry[`${c.name} ${sizeMb}`] = value
      rows.push({
        case: `${sizeMb} MB, ${c.name}: promote-artifact vs skopeo copy`,
        value,
        unit: 'ms',
        baseline,
        target: c.kind === 'same' ? { max: 1 / 50, of: 'ratio', text: '>= 50x faster' } : { max: 1.2, of: 'ratio', text: '<= 1.20x' }
      })
    }
    if (sizeMb === 50) {
      const wall: number[] = []
      for (let i = 0; i < 3; i++) wall.push(await bundle(source, digest, `t${++counter}`))
      rows.push({ case: '50 MB, same repository: whole bundle run incl. Node start (information)', value: median(wall), unit: 'ms' })
    }
  }
  for (const name of ['same repository', 'other repository, same registry']) {
    const small = sameRegistry[`${name} 50`]
    const large = sameRegistry[`${name} 500`]
    if (small === undefined || large === undefined) continue
    rows.push({ case: `${name}: 500 MB time / 50 MB time (flat in size)`, value: large / small, unit: 'x', target: { max: 2, of: 'value', text: '<= 2 (flat)' } })
  }
} finally {
  buildah.cleanup()
  await Promise.all([a.stop(), ...fresh.map((r) => r.stop())])
}
const met = report('promote-artifact vs skopeo copy (median wall time)', rows)
process.exit(met ? 0 : 1)
