/**
 * The fault proxy in front of the real local API server (local/cluster), driven through @kubernetes/client-node:
 * passthrough, each fault as a client sees it, and callers keeping their own identity. Where the server can produce
 * the same failure itself (a stale-resourceVersion 409, an RBAC 403) the injected answer must equal the real one.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  ApiException,
  AppsV1Api,
  AuthenticationV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  RbacAuthorizationV1Api,
  setHeaderOptions,
  Watch,
  type V1Deployment
} from '@kubernetes/client-node'
import { localCluster, testNamespace, type LocalCluster, type TestNamespace } from '../../local/kube/cluster.js'
import { startFaultProxy, type FaultProxy } from '../../local/kube-fault-proxy/index.js'

let cluster: LocalCluster
let proxy: FaultProxy
let ns: TestNamespace
let apps: AppsV1Api
let core: CoreV1Api

const clientsFor = (kubeconfig: string) => {
  const kc = new KubeConfig()
  kc.loadFromString(kubeconfig)
  return { kc, apps: kc.makeApiClient(AppsV1Api), core: kc.makeApiClient(CoreV1Api), auth: kc.makeApiClient(AuthenticationV1Api) }
}

/** The ApiException a call fails with (its body parsed: client-node leaves error bodies as text). */
async function failure(call: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown>; headers: Record<string, string> }> {
  try {
    await call
  } catch (error) {
    if (!(error instanceof ApiException)) throw error
    const body = typeof error.body === 'string' ? (JSON.parse(error.body) as Record<string, unknown>) : (error.body as Record<string, unknown>)
    return { code: error.code, body, headers: error.headers }
  }
  throw new Error('the call succeeded')
}

const deployment = (name: string): V1Deployment => ({
  metadata: { name, labels: { app: name } },
  spec: {
    // No pods: the proxy is under test, not the node.
    replicas: 0,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'example.invalid/app:1' }] } }
  }
})

interface WatchRun {
  events: { type: string; object: { metadata?: { name?: string }; code?: number; reason?: string; message?: string; kind?: string } }[]
  /** Resolves with what client-node's done callback got: null for a clean end, the error otherwise. */
  done: Promise<unknown>
  stop(): void
}

async function watch(kc: KubeConfig, path: string, query: Record<string, string> = {}): Promise<WatchRun> {
  const events: WatchRun['events'] = []
  let finish!: (error: unknown) => void
  const done = new Promise<unknown>((resolve) => (finish = resolve))
  const controller = await new Watch(kc).watch(path, query, (type, object) => events.push({ type, object }), (error) => finish(error ?? null))
  return { events, done, stop: () => controller.abort() }
}

async function until(check: () => boolean, what: string, timeoutMs = 15_000, poll: () => Promise<void> = async () => {}): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (await poll(); !check(); await poll()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

beforeAll(async () => {
  cluster = await localCluster()
  proxy = await startFaultProxy({ upstream: cluster.kubeconfig })
  ;({ apps, core } = clientsFor(proxy.kubeconfig))
}, 30 * 60_000)

afterAll(async () => {
  await proxy?.stop()
})

beforeEach(async () => {
  ns = await testNamespace(cluster, 'fault-proxy')
  // Watches below start from the namespace's one ConfigMap, which a controller publishes moments after creation.
  const direct = ns.kubeConfig.makeApiClient(CoreV1Api)
  let published = false
  await until(() => published, 'kube-root-ca.crt in the new namespace', 30_000, async () => {
    published = (await direct.listNamespacedConfigMap({ namespace: ns.name })).items.length > 0
  })
})

afterEach(async () => {
  proxy.faults.clear()
  proxy.dropWatches()
  await ns.delete()
})

describe('kube-fault-proxy passthrough (real API server)', () => {
  it('creates, reads, patches (strategic merge and JSON patch) and watches through the proxy, TLS verified by the cluster CA', async () => {
    const namespace = ns.name
    const path = `/apis/apps/v1/namespaces/${namespace}/deployments`
    const { kc } = clientsFor(proxy.kubeconfig)
    expect(kc.getCurrentCluster()).toMatchObject({ server: proxy.url, skipTLSVerify: false })
    const seen = await watch(kc, path)
    await until(() => proxy.watches.size === 1, 'the watch to be open')

    const created = await apps.createNamespacedDeployment({ namespace, body: deployment('web') })
    expect(created.metadata?.uid).toBeTruthy()
    expect((await apps.readNamespacedDeployment({ namespace, name: 'web' })).metadata?.uid).toBe(created.metadata?.uid)

    const strategic = await apps.patchNamespacedDeployment(
      { namespace, name: 'web', body: { metadata: { labels: { tier: 'front' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch)
    )
    expect(strategic.metadata?.labels).toEqual({ app: 'web', tier: 'front' })
    const json = await apps.patchNamespacedDeployment(
      { namespace, name: 'web', body: [{ op: 'replace', path: '/metadata/labels/tier', value: 'back' }] },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch)
    )
    expect(json.metadata?.labels?.tier).toBe('back')

    await until(() => seen.events.filter((e) => e.object.metadata?.name === 'web').length >= 3, 'ADDED and two MODIFIED events')
    expect(seen.events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'web' } } })
    seen.stop()

    const patches = proxy.requests.filter((r) => r.method === 'PATCH' && r.path === `${path}/web`)
    expect(patches.map((r) => [r.contentType, r.status])).toEqual([
      ['application/strategic-merge-patch+json', 200],
      ['application/json-patch+json', 200]
    ])
    expect(proxy.requests.find((r) => r.watch && r.path === path)).toMatchObject({ status: 200, query: { watch: 'true' } })
    expect(proxy.requests.find((r) => r.method === 'POST' && r.path === path)).toMatchObject({ status: 201, contentType: 'application/json' })
  })
})

describe('kube-fault-proxy faults (real API server)', () => {
  it('answers 503 for `times: 2`, then the real server answers', async () => {
    const namespace = ns.name
    await apps.createNamespacedDeployment({ namespace, body: deployment('web') })
    const rule = proxy.faults.error(`/apis/apps/v1/namespaces/${namespace}/deployments/web`, 503, { times: 2 })
    for (let i = 0; i < 2; i++) {
      expect(await failure(apps.readNamespacedDeployment({ namespace, name: 'web' }))).toMatchObject({
        code: 503,
        body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'ServiceUnavailable', code: 503, message: 'the server is currently unable to handle the request' }
      })
    }
    expect((await apps.readNamespacedDeployment({ namespace, name: 'web' })).metadata?.name).toBe('web')
    expect(rule.hits).toBe(2)
  })

  it('answers 429 with Retry-After', async () => {
    proxy.faults.throttle(`/api/v1/namespaces/${ns.name}/configmaps`, 2, { times: 1 })
    const throttled = await failure(core.listNamespacedConfigMap({ namespace: ns.name }))
    expect(throttled).toMatchObject({ code: 429, body: { reason: 'TooManyRequests', details: { retryAfterSeconds: 2 }, code: 429 } })
    expect(throttled.headers['retry-after']).toBe('2')
    expect((await core.listNamespacedConfigMap({ namespace: ns.name })).items.map((c) => c.metadata?.name)).toContain('kube-root-ca.crt')
  })

  it('answers 409 on PUT exactly as the server answers a stale resourceVersion', async () => {
    const namespace = ns.name
    const created = await apps.createNamespacedDeployment({ namespace, body: deployment('web') })
    await apps.patchNamespacedDeployment({ namespace, name: 'web', body: { metadata: { labels: { bump: '1' } } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch))
    const real = await failure(apps.replaceNamespacedDeployment({ namespace, name: 'web', body: created }))

    const fresh = await apps.readNamespacedDeployment({ namespace, name: 'web' })
    proxy.faults.conflict(`/apis/apps/v1/namespaces/${namespace}/deployments/web`, { method: 'PUT', times: 1 })
    const injected = await failure(apps.replaceNamespacedDeployment({ namespace, name: 'web', body: fresh }))
    expect(injected.code).toBe(409)
    expect(injected.body).toEqual(real.body)
    expect(proxy.requests.filter((r) => r.method === 'PUT').map((r) => [r.status, r.fault])).toEqual([
      [409, undefined],
      [409, 'conflict']
    ])
    // The rule was spent: the next write reaches the server. It goes without a resourceVersion (an unconditional
    // update), because the deployment controller may have written the status since `fresh` was read.
    const unconditional = { ...fresh, metadata: { ...fresh.metadata, resourceVersion: undefined } }
    expect((await apps.replaceNamespacedDeployment({ namespace, name: 'web', body: unconditional })).metadata?.name).toBe('web')
    expect(proxy.requests.filter((r) => r.method === 'PUT').map((r) => [r.status, r.fault]).at(-1)).toEqual([200, undefined])
  })

  it('drops a live watch gracefully and abruptly, and cuts watches after N events', async () => {
    const { kc } = clientsFor(proxy.kubeconfig)
    const path = `/api/v1/namespaces/${ns.name}/configmaps`

    const graceful = await watch(kc, path)
    await until(() => graceful.events.length === 1 && proxy.watches.size === 1, 'the initial ADDED event')
    expect(proxy.dropWatches()).toBe(1)
    expect(await graceful.done).toBeNull()

    const abrupt = await watch(kc, path)
    await until(() => abrupt.events.length === 1 && proxy.watches.size === 1, 'the initial ADDED event')
    expect(proxy.dropWatches({ abrupt: true })).toBe(1)
    expect(await abrupt.done).toBeInstanceOf(Error)

    proxy.faults.dropWatch(path, { afterEvents: 2, abrupt: true, times: 1 })
    const cut = await watch(kc, path)
    await until(() => cut.events.length === 1, 'the initial ADDED event')
    await core.createNamespacedConfigMap({ namespace: ns.name, body: { metadata: { name: 'a' } } })
    await core.createNamespacedConfigMap({ namespace: ns.name, body: { metadata: { name: 'b' } } })
    expect(await cut.done).toBeInstanceOf(Error)
    expect(cut.events.map((e) => e.object.metadata?.name)).toEqual(['kube-root-ca.crt', 'a'])
    expect(proxy.watches.size).toBe(0)
  })

  it('answers a watch with a 410 Expired ERROR event, as the watch cache does', async () => {
    const { kc } = clientsFor(proxy.kubeconfig)
    const path = `/api/v1/namespaces/${ns.name}/configmaps`
    const list = await core.listNamespacedConfigMap({ namespace: ns.name })
    proxy.faults.gone(path, { times: 1 })
    const expired = await watch(kc, path, { resourceVersion: list.metadata!.resourceVersion! })
    expect(await expired.done).toBeNull()
    expect(expired.events).toEqual([
      {
        type: 'ERROR',
        object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Expired', code: 410, message: expect.stringMatching(/^too old resource version: \d+ \(\d+\)$/) }
      }
    ])
    // The next watch from the same resourceVersion is the real server's.
    const next = await watch(kc, path, { resourceVersion: list.metadata!.resourceVersion! })
    await core.createNamespacedConfigMap({ namespace: ns.name, body: { metadata: { name: 'after' } } })
    await until(() => next.events.some((e) => e.object.metadata?.name === 'after'), 'the real event')
    next.stop()
  })

  it('answers 403 naming the caller, as RBAC words it', async () => {
    const namespace = ns.name
    proxy.faults.forbidden(`/apis/apps/v1/namespaces/${namespace}/deployments/*`, { times: 1 })
    const denied = await failure(apps.readNamespacedDeployment({ namespace, name: 'web' }))
    expect(denied).toMatchObject({ code: 403 })
    expect(denied.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `deployments.apps "web" is forbidden: User "kubernetes-admin" cannot get resource "deployments" in API group "apps" in the namespace "${namespace}"`,
      reason: 'Forbidden',
      details: { name: 'web', group: 'apps', kind: 'deployments' },
      code: 403
    })
    // Then the real server (the admin may read; the Deployment does not exist).
    expect(await failure(apps.readNamespacedDeployment({ namespace, name: 'web' }))).toMatchObject({ code: 404 })
  })

  it('delays answers', async () => {
    proxy.faults.latency(`/api/v1/namespaces/${ns.name}/configmaps`, 700, { times: 1 })
    const started = Date.now()
    await core.listNamespacedConfigMap({ namespace: ns.name })
    expect(Date.now() - started).toBeGreaterThanOrEqual(690)
    const quick = Date.now()
    await core.listNamespacedConfigMap({ namespace: ns.name })
    expect(Date.now() - quick).toBeLessThan(690)
  })
})

describe('kube-fault-proxy identities (real API server)', () => {
  it('keeps a token user its own identity and RBAC; an injected 403 equals the real one', async () => {
    const namespace = ns.name
    const admin = clientsFor(proxy.kubeconfig)
    const rbac = admin.kc.makeApiClient(RbacAuthorizationV1Api)
    await admin.core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: 'reader' } } })
    await rbac.createNamespacedRole({ namespace, body: { metadata: { name: 'reader' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }] } })
    await rbac.createNamespacedRoleBinding({
      namespace,
      body: { metadata: { name: 'reader' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' }, subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace }] }
    })
    await admin.apps.createNamespacedDeployment({ namespace, body: deployment('web') })
    const request = await admin.core.createNamespacedServiceAccountToken({ namespace, name: 'reader', body: { spec: { audiences: [], expirationSeconds: 600 } } })
    const reader = clientsFor(proxy.kubeconfigForToken(request.status!.token!))

    const review = await reader.auth.createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } })
    expect(review.status?.userInfo?.username).toBe(`system:serviceaccount:${namespace}:reader`)
    expect((await reader.core.listNamespacedConfigMap({ namespace })).items.length).toBeGreaterThan(0)
    const real = await failure(reader.apps.readNamespacedDeployment({ namespace, name: 'web' }))
    expect(real.code).toBe(403)
    expect(real.body.message).toContain(`User "system:serviceaccount:${namespace}:reader" cannot get resource "deployments"`)

    proxy.faults.forbidden(`/apis/apps/v1/namespaces/${namespace}/deployments/web`, { times: 1 })
    const injected = await failure(reader.apps.readNamespacedDeployment({ namespace, name: 'web' }))
    expect(proxy.requests.at(-1)).toMatchObject({ fault: 'forbidden', status: 403 })
    expect(injected.body).toEqual(real.body)
    expect(injected.headers['content-type']).toBe(real.headers['content-type'])

    // Allowed for this user by RBAC, denied mid-run by the proxy.
    proxy.faults.forbidden(`/api/v1/namespaces/${namespace}/configmaps`, { times: 1 })
    expect((await failure(reader.core.listNamespacedConfigMap({ namespace }))).body.message).toBe(
      `configmaps is forbidden: User "system:serviceaccount:${namespace}:reader" cannot list resource "configmaps" in API group "" in the namespace "${namespace}"`
    )
    expect((await reader.core.listNamespacedConfigMap({ namespace })).items.length).toBeGreaterThan(0)
  })
})
