/**
 * Runs `npm run demo` as users run it and reads its JSON report; `itReportsThePipeline` asserts the outcomes every
 * run of the demo must show, from the actions' outputs in that report (promoted, aborted at the first step, rolled
 * back), never from its log text.
 */
import { expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { missingComponents } from '../../demo/bootstrap.js'
import type { DemoReport, StageReport } from '../../demo/report.js'
import { ROOT } from '../../local/harness.js'
import { binomialTolerance } from '../../local/kube/gateway-traffic.js'

export interface DemoRun {
  exitCode: number | null
  output: string
  report: DemoReport
}

const BUNDLES = ['quality-gate', 'build-push', 'promote-artifact', 'canary-deploy', 'health-rollback']

/**
 * What this machine lacks to run the demo on the local cluster (root among them); under CI=true a lack fails the suite
 * instead of skipping it.
 */
export function demoUnavailable(): string[] {
  const unavailable = [
    ...(process.getuid?.() === 0 ? [] : ['root (for the local cluster)']),
    ...missingComponents(true).map((c) => c.program),
    ...BUNDLES.filter((b) => !existsSync(path.join(ROOT, 'dist', b, 'index.js'))).map((b) => `dist/${b}`)
  ]
  if (unavailable.length > 0 && process.env.CI === 'true') throw new Error(`the demo needs ${unavailable.join(', ')} (sudo bash .ci/install-components; npm run build)`)
  if (unavailable.length > 0) console.warn(`skipping the demo test: missing ${unavailable.join(', ')}`)
  return unavailable
}

export interface DemoRunOptions {
  args?: string[]
  env?: NodeJS.ProcessEnv
}

export async function runDemo({ args = [], env = process.env }: DemoRunOptions = {}): Promise<DemoRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'demo-test-'))
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/run.ts', `--report-file=${path.join(dir, 'report.json')}`, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve))
    if (!existsSync(path.join(dir, 'report.json'))) throw new Error(`the demo wrote no report (exit code ${exitCode}):\n${output}`)
    return { exitCode, output, report: JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as DemoReport }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const digestOf = (imageRef: string | undefined) => imageRef?.slice(imageRef.indexOf('@') + 1)

/** The outcomes of the documented pipeline, whichever cluster it ran on. */
export function itReportsThePipeline(demo: () => DemoRun): void {
  const stages = (action: string): StageReport[] => demo().report.stages.filter((s) => s.action === action)

  it('runs every stage and exits 0', () => {
    const { exitCode, output, report } = demo()
    if (exitCode !== 0) console.error(output)
    expect(exitCode).toBe(0)
    expect(report.ok).toBe(true)
    expect(report.missing).toEqual([])
    expect(report.stages.map((s) => s.action)).toEqual([
      'quality-gate',
      'build-push',
      'build-push',
      'build-push',
      'promote-artifact',
      'build-push',
      'promote-artifact',
      'canary-deploy',
      'canary-deploy',
      'health-rollback'
    ])
  })

  it('passes the quality gate of the example service with its coverage', () => {
    const [gate] = stages('quality-gate')
    expect(gate!.outputs.passed).toBe('true')
    expect(JSON.parse(gate!.outputs['failed-checks']!)).toEqual([])
    expect((JSON.parse(gate!.outputs.coverage!) as { lines: { percent: number } }).lines.percent).toBeGreaterThanOrEqual(90)
  })

  it('builds once per commit and promotes the very digest the rc tag carries', () => {
    const [seed, onMain, rc, faulty] = stages('build-push')
    const [promoteGood, promoteBad] = stages('promote-artifact')
    expect(onMain!.outputs.version).toBe('main')
    expect(rc!.outputs.version).toBe('1.0.0-rc.1')
    expect(rc!.outputs.digest).toBe(onMain!.outputs.digest)
    expect(JSON.parse(rc!.outputs.metadata!)).toMatchObject({ reused: true })
    expect(promoteGood!.outputs.digest).toBe(rc!.outputs.digest)
    expect(promoteBad!.outputs.digest).toBe(faulty!.outputs.digest)
    expect(new Set([seed!.outputs.digest, onMain!.outputs.digest, faulty!.outputs.digest]).size).toBe(3)
  })

  it('promotes the first release and aborts the faulty one at its first step', () => {
    const [good, bad] = stages('canary-deploy')
    expect(good!.outputs).toMatchObject({ result: 'promoted', weight: '100' })
    expect(bad!.outputs).toMatchObject({ result: 'aborted', weight: '0' })
    const analysis = JSON.parse(bad!.outputs.analysis!) as { weight: number; verdict: string }[]
    expect(new Set(analysis.map((m) => m.weight))).toEqual(new Set([5]))
    expect(analysis.some((m) => m.verdict === 'fail')).toBe(true)
  })

  it('rolls back the bad full deploy to the promoted release', () => {
    const [health] = stages('health-rollback')
    const [faulty] = stages('build-push').slice(3)
    const [promoteGood] = stages('promote-artifact')
    expect(health!.outputs).toMatchObject({ healthy: 'false', 'rolled-back': 'true' })
    expect(digestOf(health!.outputs['from-image'])).toBe(faulty!.outputs.digest)
    expect(digestOf(health!.outputs['to-image'])).toBe(promoteGood!.outputs.digest)
  })

  it('measures lead time, the faulty share of requests and the times to detect and restore', () => {
    const { report } = demo()
    expect(report.leadTimeMs).toBeGreaterThan(0)
    expect(report.faultyShare!.canary).toBeGreaterThan(0)
    expect(report.faultyShare!.canary).toBeLessThan(report.faultyShare!.fullDeploy!)
    expect(report.faultyShare!.canaryFaultyRequests).toBe(Math.round(report.faultyShare!.canary! * report.faultyShare!.canaryRequests!))
    if (report.canaryTraffic === 'gateway-api') {
      // Routed by weight, the faulty release sees at most its first step's 5 % of the requests made during its canary
      // (less, since it takes none before it is ready or after the abort), give or take chance.
      expect(report.faultyShare!.canary).toBeLessThanOrEqual(0.05 + binomialTolerance(report.faultyShare!.canaryRequests!, 0.05))
    }
    for (const ms of [report.canaryDetectMs, report.canaryRestoreMs, report.rollbackDetectMs, report.rollbackRestoreMs]) {
      expect(ms).toBeGreaterThanOrEqual(0)
      expect(ms).toBeLessThan(60_000)
    }
  })
}
