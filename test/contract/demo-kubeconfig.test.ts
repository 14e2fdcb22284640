/**
 * `npm run demo` offered a cluster at hand. The cluster is reached only through a kubeconfig, as a real one would be:
 * the API emulator with a process per pod on loopback addresses (the demo's own emulated node), announcing a local
 * registry in kube-public/local-registry-hosting as kind's local-registry recipe does, under another name for the
 * nodes than for pushing. The same pipeline runs on it, in a namespace it deletes afterwards. The real-cluster run of
 * the same command is .github/workflows/e2e-pipeline.yml (kind).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { CoreV1Api } from '@kubernetes/client-node'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { stopAll } from '../../demo/cleanup.js'
import { startEmulatedCluster } from '../../demo/cluster/target.js'
import { demoUnavailable, itReportsThePipeline, runDemo, type DemoRun } from '../support/demo-run.js'
import { startRegistry, type Registry } from '../support/registry/registry.js'

const describeIf = demoUnavailable().length === 0 ? describe : describe.skip
const PULL_NAME = 'registry.cluster.test:5000'
const TEAM_TOKEN = 'team-a-token-for-the-demo-test'

describeIf('npm run demo, offered the cluster KUBECONFIG reaches', () => {
  let registry: Registry
  let cluster: Awaited<ReturnType<typeof startEmulatedCluster>>
  let core: CoreV1Api
  let dir: string
  let env: NodeJS.ProcessEnv
  let demo: DemoRun

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'demo-kubeconfig-'))
    registry = await startRegistry()
    cluster = await startEmulatedCluster({ push: registry.host, pull: PULL_NAME, source: 'test' }, `${registry.host}/base/node:24`, { tokens: { [TEAM_TOKEN]: { namespaces: ['team-a'], user: 'team-a-deployer' } } })
    core = cluster.kubeconfig.makeApiClient(CoreV1Api)
    await core.createNamespace({ body: { metadata: { name: 'kube-public' } } })
    await core.createNamespacedConfigMap({
      namespace: 'kube-public',
      body: {
        metadata: { name: 'local-registry-hosting' },
        data: { 'localRegistryHosting.v1': `host: "${registry.host}"\nhostFromContainerRuntime: "${PULL_NAME}"\nhelp: "https://kind.sigs.k8s.io/docs/user/local-registry/"\n` }
      }
    })
    writeFileSync(path.join(dir, 'kubeconfig'), cluster.kubeconfigText, { mode: 0o600 })
    env = { ...process.env, KUBECONFIG: path.join(dir, 'kubeconfig') }
    demo = await runDemo({ env, terminal: { prompt: '[y/N]', reply: 'y' } })
  }, 400_000)

  afterAll(async () => {
    await stopAll()
    await registry?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('asks before using the cluster', () => {
    expect(demo.output).toMatch(/KUBECONFIG=\S+ reaches https:\/\/127\.0\.0\.1:\d+ \(Kubernetes v[\d.]+-emulator, context \S+\)\. Run the Kubernetes stages there instead of the emulator\?/)
  })

  itReportsThePipeline(() => demo)

  it('deploys the images by the name the cluster announced for its nodes', () => {
    expect(demo.report.cluster).toMatchObject({ mode: 'kubeconfig', description: expect.stringContaining('the cluster at https://127.0.0.1:') })
    const rollback = demo.report.stages.find((s) => s.action === 'health-rollback')!
    expect(rollback.outputs['to-image']).toMatch(new RegExp(`^${PULL_NAME.replaceAll('.', '\\.')}/acme/web-[a-z0-9]+@sha256:[0-9a-f]{64}$`))
    // The demo started no cluster of its own.
    expect(demo.report.endpoints.kubernetes).toBeUndefined()
  })

  it('leaves the cluster as it found it: its namespace is deleted', async () => {
    const namespaces = (await core.listNamespace()).items.map((n) => n.metadata!.name)
    expect(namespaces).not.toContain(demo.report.cluster!.namespace)
    expect(namespaces).toEqual(expect.arrayContaining(['default', 'kube-public']))
  })

  it('refuses a context that may not create namespaces, before building anything', async () => {
    writeFileSync(path.join(dir, 'team-kubeconfig'), cluster.emulator.kubeconfigFor(TEAM_TOKEN, 'team-a'), { mode: 0o600 })
    const refused = await runDemo({ args: ['--cluster=kubeconfig'], env: { ...env, KUBECONFIG: path.join(dir, 'team-kubeconfig') } }).catch((error: Error) => error)
    expect((refused as Error).message).toMatch(/wrote no report \(exit code 2\)/)
    expect((refused as Error).message).toContain("may not create namespaces (HTTP 403); the demo works in a namespace of its own")
    expect((refused as Error).message).not.toContain('Building a Node 24 base image')
  })

  it('refuses a cluster with no registry it can use, and says how to give one', async () => {
    await core.deleteNamespacedConfigMap({ name: 'local-registry-hosting', namespace: 'kube-public' })
    const none = await runDemo({ args: ['--cluster=kubeconfig'], env }).catch((error: Error) => error)
    expect((none as Error).message).toMatch(/wrote no report \(exit code 2\)/)
    expect((none as Error).message).toContain('the cluster needs a registry it can pull the demo images from. Give one with --registry=<host:port>')
    const silent = await runDemo({ args: ['--cluster=kubeconfig', '--registry=127.0.0.1:9'], env }).catch((error: Error) => error)
    expect((silent as Error).message).toContain('the registry 127.0.0.1:9 (from --registry) does not answer at http://127.0.0.1:9/v2/ from this machine')
  })
})
