/**
 * `npm run demo -- --cluster=kubeconfig`: the cluster reached only through a KUBECONFIG file, as a user's own would be.
 * The file points at the local cluster as a limited user: a ServiceAccount token whose ClusterRole may create and
 * delete namespaces and run the demo's workloads in them, and that may read the registry the cluster announces in
 * kube-public/local-registry-hosting (KEP-1755), nothing more (not even list nodes). The same pipeline runs, in a
 * namespace it deletes afterwards. Refused before building anything: a token limited to one namespace, a user who
 * cannot see an announced registry, a registry that does not answer. The run on kind is
 * .github/workflows/e2e-pipeline.yml.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { CoreV1Api, RbacAuthorizationV1Api, type V1PolicyRule } from '@kubernetes/client-node'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { stringify } from 'yaml'
import { kubeConfigOf, localCluster, testNamespace, type LocalCluster, type TestNamespace } from '../../local/kube/cluster.js'
import { demoUnavailable, itReportsThePipeline, runDemo, type DemoRun } from '../support/demo-run.js'

const describeIf = demoUnavailable().length === 0 ? describe : describe.skip

/** What the demo (its own calls, canary-deploy's, health-rollback's, its Prometheus and traffic) does in its namespace. */
const DEMO_RULES: V1PolicyRule[] = [
  { apiGroups: [''], resources: ['namespaces'], verbs: ['create', 'delete', 'get'] },
  { apiGroups: [''], resources: ['pods', 'pods/log', 'events', 'services'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
  { apiGroups: [''], resources: ['pods/proxy', 'services/proxy'], verbs: ['get'] },
  { apiGroups: ['apps'], resources: ['deployments', 'replicasets'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
  // canary-deploy looks for an HPA owning the replica count before it splits replicas.
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ['get', 'list', 'watch'] },
  // canary-deploy's run state (src/canary-deploy/state-lease.ts).
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'patch', 'delete'] }
]

/** Demo failures the runner reports without writing a report: exit code and output are in the error's message. */
const refusal = (args: string[], kubeconfig: string) => runDemo({ args: ['--cluster=kubeconfig', ...args], env: { ...process.env, KUBECONFIG: kubeconfig } }).then(
  () => '',
  (error: Error) => error.message
)

describeIf('npm run demo -- --cluster=kubeconfig, as a limited user of a real cluster', () => {
  const suffix = randomBytes(3).toString('hex')
  const role = `pipeline-demo-test-${suffix}`
  let cluster: LocalCluster
  let users: TestNamespace
  let rbac: RbacAuthorizationV1Api
  let dir: string
  const kubeconfigs: Record<'runner' | 'noRegistry' | 'team', string> = { runner: '', noRegistry: '', team: '' }
  let demo: DemoRun

  /** A kubeconfig file for ServiceAccount `name` of the users' namespace: the cluster's server and CA, a bound token. */
  async function tokenKubeconfig(name: string): Promise<string> {
    const core = users.kubeConfig.makeApiClient(CoreV1Api)
    await core.createNamespacedServiceAccount({ namespace: users.name, body: { metadata: { name } } })
    const { status } = await core.createNamespacedServiceAccountToken({ name, namespace: users.name, body: { spec: { audiences: [], expirationSeconds: 3600 } } })
    const server = kubeConfigOf(cluster.kubeconfigText).getCurrentCluster()!
    const file = path.join(dir, `${name}.kubeconfig`)
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'local', cluster: { server: server.server, 'certificate-authority-data': server.caData } }],
      users: [{ name, user: { token: status!.token } }],
      contexts: [{ name, context: { cluster: 'local', user: name } }],
      'current-context': name
    }
    writeFileSync(file, stringify(config), { mode: 0o600 })
    return file
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'demo-kubeconfig-'))
    cluster = await localCluster()
    users = await testNamespace(cluster, 'demo-users')
    rbac = users.kubeConfig.makeApiClient(RbacAuthorizationV1Api)
    const subject = (name: string) => ({ kind: 'ServiceAccount', name, namespace: users.name })
    kubeconfigs.runner = await tokenKubeconfig('runner')
    kubeconfigs.noRegistry = await tokenKubeconfig('no-registry')
    kubeconfigs.team = await tokenKubeconfig('team')
    await rbac.createClusterRole({ body: { metadata: { name: role }, rules: DEMO_RULES } })
    await rbac.createClusterRoleBinding({ body: { metadata: { name: role }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects: [subject('runner'), subject('no-registry')] } })
    await rbac.createNamespacedRole({
      namespace: 'kube-public',
      body: { metadata: { name: role }, rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['local-registry-hosting'], verbs: ['get'] }] }
    })
    await rbac.createNamespacedRoleBinding({
      namespace: 'kube-public',
      body: { metadata: { name: role }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role }, subjects: [subject('runner')] }
    })
    // A team's deployer: everything in its own namespace, nothing outside it.
    await rbac.createNamespacedRoleBinding({
      namespace: users.name,
      body: { metadata: { name: 'team-edit' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' }, subjects: [subject('team')] }
    })
    demo = await runDemo({ args: ['--cluster=kubeconfig'], env: { ...process.env, KUBECONFIG: kubeconfigs.runner } })
  }, 400_000)

  afterAll(async () => {
    await rbac?.deleteNamespacedRoleBinding({ name: role, namespace: 'kube-public' }).catch(() => {})
    await rbac?.deleteNamespacedRole({ name: role, namespace: 'kube-public' }).catch(() => {})
    await rbac?.deleteClusterRoleBinding({ name: role }).catch(() => {})
    await rbac?.deleteClusterRole({ name: role }).catch(() => {})
    await users?.delete()
    rmSync(dir, { recursive: true, force: true })
  })

  itReportsThePipeline(() => demo)

  it("runs on the kubeconfig's cluster as its user, with the images by the name the cluster announced", () => {
    expect(demo.report.cluster).toMatchObject({ mode: 'kubeconfig', description: `the cluster at ${cluster.server} (Kubernetes ${cluster.version}, context runner)` })
    // A kubeconfig says nothing of a Gateway: the canary splits by replicas there.
    expect(demo.report.canaryTraffic).toBe('replicas')
    expect(demo.output).toContain(`Images go to ${cluster.registry} (from ConfigMap kube-public/local-registry-hosting)`)
    expect(demo.output).not.toContain('Starting the local Kubernetes cluster')
    const rollback = demo.report.stages.find((s) => s.action === 'health-rollback')!
    expect(rollback.outputs['to-image']).toMatch(new RegExp(`^${cluster.registry.replaceAll('.', '\\.')}/acme/web-[a-z0-9]+@sha256:[0-9a-f]{64}$`))
  })

  it('leaves the cluster as it found it: its namespace is deleted', async () => {
    const core = kubeConfigOf(cluster.kubeconfigText).makeApiClient(CoreV1Api)
    const name = demo.report.cluster!.namespace
    // The demo deletes it in the background; the namespace controller removes it once its pods have stopped.
    while (await core.readNamespace({ name }).then(() => true, (error: { code?: number }) => error.code !== 404)) {
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
    const namespaces = (await core.listNamespace()).items.map((n) => n.metadata!.name)
    expect(namespaces).not.toContain(name)
  }, 90_000)

  it('refuses a context that may not create namespaces, before building anything', async () => {
    const message = await refusal([], kubeconfigs.team)
    expect(message).toMatch(/wrote no report \(exit code 2\)/)
    expect(message).toContain('may not create namespaces (HTTP 403); the demo works in a namespace of its own')
    expect(message).not.toContain('Building a Node 24 base image')
  })

  it('refuses a cluster with no registry it can use, and says how to give one', async () => {
    const none = await refusal([], kubeconfigs.noRegistry)
    expect(none).toMatch(/wrote no report \(exit code 2\)/)
    expect(none).toContain('the cluster needs a registry it can pull the demo images from. Give one with --registry=<host:port>')
    const silent = await refusal(['--registry=127.0.0.1:9'], kubeconfigs.runner)
    expect(silent).toContain('the registry 127.0.0.1:9 (from --registry) does not answer at http://127.0.0.1:9/v2/ from this machine')
    expect(silent).not.toContain('Building a Node 24 base image')
  })
})
