/**
 * quality-gate `parallel: true`: the wall time of running checks together against the slowest check alone
 * (target: at most 10% more). Synthetic checks wait without using CPU, so what is measured is the runner's own
 * overhead (process groups, output capture, grouped printing); the real tools on the fixture app are shown too, for
 * information, since on two cores CPU-bound checks compete for the processors.
 */
import path from 'node:path'
import { runChecks } from '../src/quality-gate/checks/run-checks.js'
import type { Check } from '../src/quality-gate/checks/check.js'
import { median, report } from './support/report.js'

const root = path.resolve(import.meta.dirname, '..')
const check = (name: string, argv: string[]): Check => ({ name, argv, command: argv.join(' ') })
const waiting = (name: string, ms: number) => check(name, ['node', '-e', `setTimeout(() => console.log('${name} done'), ${ms})`])

async function wall(checks: Check[], parallel: boolean, cwd = root): Promise<number> {
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = () => true
  const started = performance.now()
  try {
    await runChecks(checks, { parallel, failFast: false, timeoutMs: 600_000, cwd })
  } finally {
    process.stdout.write = write
  }
  return performance.now() - started
}

async function measure(checks: Check[], slowest: Check, runs: number, cwd = root): Promise<{ together: number; alone: number }> {
  const together: number[] = []
  const alone: number[] = []
  for (let i = 0; i < runs; i++) {
    alone.push(await wall([slowest], false, cwd))
    together.push(await wall(checks, true, cwd))
  }
  return { together: median(together), alone: median(alone) }
}

const synthetic = [waiting('lint', 800), waiting('typecheck', 1200), waiting('test', 2000), waiting('audit', 400)]
const s = await measure(synthetic, synthetic[2]!, 5)

const app = path.join(root, 'test/fixtures/quality-gate/app')
const bin = (tool: string) => path.join(root, 'node_modules/.bin', tool)
const real = [check('lint', [bin('eslint'), 'src', 'test']), check('typecheck', [bin('tsc'), '-p', '.']), check('test', [bin('jest'), '--ci'])]
const r = await measure(real, real[2]!, 3, app)

const met = report('quality-gate parallel: true, median wall time', [
  { case: '4 waiting checks together vs the slowest (2 s) alone', value: s.together, unit: 'ms', baseline: s.alone, target: { max: 1.1, of: 'ratio', text: '<= 1.10x' } },
  { case: 'eslint + tsc + jest on the fixture app vs jest alone (2 cores, information)', value: r.together, unit: 'ms', baseline: r.alone }
])
process.exit(met ? 0 : 1)
