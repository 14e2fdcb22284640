import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import * as k8s from '@kubernetes/client-node'
import { startEmulator, type Emulator } from '../../support/k8s-emulator/index.js'
import { clientsFor, deploymentManifest, rawRequest, statusOf } from './fixtures.js'

let emulator: Emulator
let clients: ReturnType<typeof clientsFor>

beforeAll(async () => {
  emulator = await startEmulator({ namespaces: ['default', 'team-a'], tokens: { 'team-a-token': { namespaces: ['team-a'], user: 'team-a' } } })
  clients = clientsFor(emulator)
})
afterAll(() => emulator.stop())

describe('authentication and authorization', () => {
  it('answers 401 with a Status without a valid token', async () => {
    const kubeconfig = emulator.kubeconfigFor('wrong-token')
    const { code } = await statusOf(clientsFor(emulator, kubeconfig).apps.listNamespacedDeployment({ namespace: 'default' }))
    expect(code).toBe(401)
    for (const token of [undefined, 'wrong-token']) {
      const raw = await rawRequest(emulator, 'GET', '/apis/apps/v1/namespaces/default/deployments', token === undefined ? {} : { token })
      expect(raw.status).toBe(401)
      expect(JSON.parse(raw.text)).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 })
    }
  })

  it('answers 403 for a namespace the token may not touch, and serves its own', async () => {
    const limited = clientsFor(emulator, emulator.kubeconfigFor('team-a-token', 'team-a'))
    const { code, body } = await statusOf(limited.apps.readNamespacedDeployment({ name: 'web', namespace: 'default' }))
    expect(code).toBe(403)
    expect(body.message).toBe('deployments.apps "web" is forbidden: User "team-a" cannot get resource "deployments" in API group "apps" in the namespace "default"')
    await expect(limited.apps.listNamespacedDeployment({ namespace: 'team-a' })).resolves.toMatchObject({ items: [] })
  })

  it('verifies the server with the CA from the kubeconfig', async () => {
    const kc = new k8s.KubeConfig()
    kc.loadFromString(emulator.kubeconfig)
    const cluster = kc.getCurrentCluster()!
    expect(Buffer.from(cluster.caData!, 'base64').toString()).toBe(emulator.caPem)
    kc.loadFromOptions({ ...kc, clusters: [{ ...cluster, caData: undefined }], currentContext: kc.currentContext })
    const error = await kc.makeApiClient(k8s.CoreV1Api).listNamespace().then(() => undefined, (e: unknown) => e as Error & { cause?: Error })
    expect(String(error?.cause?.message)).toMatch(/certificate/)
  })
})

describe('CRUD with resourceVersion and generation', () => {
  it('creates, reads, lists by label selector, and 404s with a NotFound Status', async () => {
    const created = await clients.apps.createNamespacedDeployment({ namespace: 'default', body: deploymentManifest('crud', 'web:1') })
    expect(created.metadata?.generation).toBe(1)
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/)
    expect(created.spec?.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } })
    expect(created.spec?.revisionHistoryLimit).toBe(10)
    expect(created.spec?.progressDeadlineSeconds).toBe(600)
    const listed = await clients.apps.listNamespacedDeployment({ namespace: 'default', labelSelector: 'app in (crud,other)' })
    expect(listed.items.map((d) => d.metadata?.name)).toEqual(['crud'])
    expect(Number(listed.metadata?.resourceVersion)).toBeGreaterThanOrEqual(Number(created.metadata?.resourceVersion))
    expect((await clients.apps.listNamespacedDeployment({ namespace: 'default', labelSelector: 'app!=crud' })).items).toEqual([])
    const missing = await statusOf(clients.apps.readNamespacedDeployment({ name: 'nope', namespace: 'default' }))
    expect(missing).toMatchObject({ code: 404, body: { reason: 'NotFound', message: 'deployments.apps "nope" not found', details: { name: 'nope', group: 'apps', kind: 'deployments' } } })
    const duplicate = await statusOf(clients.apps.createNamespacedDeployment({ namespace: 'default', body: deploymentManifest('crud', 'web:1') }))
    expect(duplicate).toMatchObject({ code: 409, body: { reason: 'AlreadyExists' } })
  })

  it('answers 409 Conflict to a replace with a stale resourceVersion, and bumps generation only on spec changes', async () => {
    const current = await clients.apps.readNamespacedDeployment({ name: 'crud', namespace: 'default' })
    const labelled = await clients.apps.replaceNamespacedDeployment({
      name: 'crud',
      namespace: 'default',
      body: { ...current, metadata: { ...current.metadata, labels: { app: 'crud', tier: 'web' } } }
    })
    expect(labelled.metadata?.generation).toBe(1)
    expect(Number(labelled.metadata?.resourceVersion)).toBeGreaterThan(Number(current.metadata?.resourceVersion))
    const stale = await statusOf(clients.apps.replaceNamespacedDeployment({ name: 'crud', namespace: 'default', body: { ...current, spec: { ...current.spec!, replicas: 5 } } }))
    expect(stale.code).toBe(409)
    expect(stale.body.reason).toBe('Conflict')
    expect(stale.body.message).toBe('Operation cannot be fulfilled on deployments.apps "crud": the object has been modified; please apply your changes to the latest version and try again')
    const scaled = await clients.apps.replaceNamespacedDeployment({ name: 'crud', namespace: 'default', body: { ...labelled, spec: { ...labelled.spec!, replicas: 5 } } })
    expect(scaled.metadata?.generation).toBe(2)
  })

  it('rejects an invalid Deployment with 422 and the field', async () => {
    const bad = deploymentManifest('bad', 'web:1')
    bad.spec!.template.metadata!.labels = { app: 'other' }
    const { code, body } = await statusOf(clients.apps.createNamespacedDeployment({ namespace: 'default', body: bad }))
    expect(code).toBe(422)
    expect(body.reason).toBe('Invalid')
    expect(String(body.message)).toContain('spec.template.metadata.labels')
  })

  it('keeps the selector immutable', async () => {
    const current = await clients.apps.readNamespacedDeployment({ name: 'crud', namespace: 'default' })
    const { code, body } = await statusOf(
      clients.apps.replaceNamespacedDeployment({ name: 'crud', namespace: 'default', body: { ...current, spec: { ...current.spec!, selector: { matchLabels: { app: 'crud', x: 'y' } } } } })
    )
    expect(code).toBe(422)
    expect(String(body.message)).toContain('field is immutable')
  })
})

describe('patches', () => {
  const patch = (body: unknown, strategy: k8s.PatchStrategy) =>
    clients.apps.patchNamespacedDeployment({ name: 'patched', namespace: 'default', body }, k8s.setHeaderOptions('Content-Type', strategy))

  beforeAll(async () => {
    const manifest = deploymentManifest('patched', 'web:1')
    manifest.spec!.template.spec!.containers.push({ name: 'sidecar', image: 'proxy:1', env: [{ name: 'A', value: '1' }] })
    await clients.apps.createNamespacedDeployment({ namespace: 'default', body: manifest })
  })

  it('strategic merge patch merges containers by name and keeps the others', async () => {
    const result = await patch({ spec: { template: { spec: { containers: [{ name: 'app', image: 'web:2' }] } } } }, k8s.PatchStrategy.StrategicMergePatch)
    expect(result.spec?.template.spec?.containers.map((c) => [c.name, c.image])).toEqual([
      ['app', 'web:2'],
      ['sidecar', 'proxy:1']
    ])
    expect(result.metadata?.generation).toBe(2)
  })

  it('strategic merge patch merges env by name and deletes with $patch', async () => {
    const result = await patch(
      { spec: { template: { spec: { containers: [{ name: 'sidecar', env: [{ name: 'B', value: '2' }] }, { name: 'app', $patch: 'delete' }] } } } },
      k8s.PatchStrategy.StrategicMergePatch
    )
    const containers = result.spec?.template.spec?.containers ?? []
    expect(containers.map((c) => c.name)).toEqual(['sidecar'])
    expect(containers[0]!.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '2' }
    ])
  })

  it('merge patch replaces lists wholesale and sets paused, replicas and annotations', async () => {
    const result = await patch(
      { metadata: { annotations: { 'example.com/owner': 'ci' } }, spec: { paused: true, replicas: 2, template: { spec: { containers: [{ name: 'app', image: 'web:3' }] } } } },
      k8s.PatchStrategy.MergePatch
    )
    expect(result.spec?.paused).toBe(true)
    expect(result.spec?.replicas).toBe(2)
    expect(result.metadata?.annotations?.['example.com/owner']).toBe('ci')
    expect(result.spec?.template.spec?.containers.map((c) => c.image)).toEqual(['web:3'])
  })

  it('JSON patch applies ops, and a failing test op is 422', async () => {
    const result = await patch([{ op: 'replace', path: '/spec/paused', value: false }, { op: 'add', path: '/metadata/labels/track', value: 'stable' }], k8s.PatchStrategy.JsonPatch)
    expect(result.spec?.paused).toBe(false)
    expect(result.metadata?.labels?.track).toBe('stable')
    const failed = await statusOf(patch([{ op: 'test', path: '/spec/replicas', value: 99 }], k8s.PatchStrategy.JsonPatch))
    expect(failed.code).toBe(422)
  })

  it('a patch carrying a stale resourceVersion is a 409', async () => {
    const { code } = await statusOf(patch({ metadata: { resourceVersion: '1' }, spec: { replicas: 4 } }, k8s.PatchStrategy.MergePatch))
    expect(code).toBe(409)
  })

  it('the /status subresource changes only status, the main resource never does', async () => {
    const withStatus = await clients.apps.patchNamespacedDeploymentStatus(
      { name: 'patched', namespace: 'default', body: { status: { observedGeneration: 42 }, spec: { replicas: 9 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch)
    )
    expect(withStatus.status?.observedGeneration).toBe(42)
    expect(withStatus.spec?.replicas).toBe(2)
    const ignored = await patch({ status: { observedGeneration: 1 } }, k8s.PatchStrategy.MergePatch)
    expect(ignored.status?.observedGeneration).toBe(42)
  })

  it('the /scale subresource reads and writes spec.replicas', async () => {
    const scale = await clients.apps.readNamespacedDeploymentScale({ name: 'patched', namespace: 'default' })
    expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 2 }, status: { selector: 'app=patched' } })
    await clients.apps.replaceNamespacedDeploymentScale({ name: 'patched', namespace: 'default', body: { ...scale, spec: { replicas: 6 } } })
    expect((await clients.apps.readNamespacedDeployment({ name: 'patched', namespace: 'default' })).spec?.replicas).toBe(6)
    const stale = await statusOf(clients.apps.replaceNamespacedDeploymentScale({ name: 'patched', namespace: 'default', body: { ...scale, spec: { replicas: 1 } } }))
    expect(stale.code).toBe(409)
  })
})

describe('other resources', () => {
  it('serves services, ingresses and custom resources, refusing strategic merge on custom resources', async () => {
    await clients.core.createNamespacedService({ namespace: 'default', body: { metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } } })
    expect((await clients.core.readNamespacedService({ name: 'web', namespace: 'default' })).spec?.type).toBe('ClusterIP')
    const net = clients.kc.makeApiClient(k8s.NetworkingV1Api)
    await net.createNamespacedIngress({ namespace: 'default', body: { metadata: { name: 'web', annotations: { 'nginx.ingress.kubernetes.io/canary-weight': '0' } }, spec: { rules: [] } } })
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'web' },
      spec: { rules: [{ backendRefs: [{ name: 'web-stable', port: 80, weight: 100 }, { name: 'web-canary', port: 80, weight: 0 }] }] }
    }
    const group = 'gateway.networking.k8s.io'
    await clients.custom.createNamespacedCustomObject({ group, version: 'v1', namespace: 'default', plural: 'httproutes', body: route })
    const patched = await clients.custom.patchNamespacedCustomObject(
      { group, version: 'v1', namespace: 'default', plural: 'httproutes', name: 'web', body: [{ op: 'replace', path: '/spec/rules/0/backendRefs/1/weight', value: 20 }] },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch)
    )
    expect(patched.spec.rules[0].backendRefs[1].weight).toBe(20)
    expect(patched.metadata.generation).toBe(2)
    const refused = await statusOf(
      clients.custom.patchNamespacedCustomObject(
        { group, version: 'v1', namespace: 'default', plural: 'httproutes', name: 'web', body: { spec: {} } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch)
      )
    )
    expect(refused.code).toBe(415)
    const split = await clients.custom.createNamespacedCustomObject({
      group: 'split.smi-spec.io',
      version: 'v1alpha3',
      namespace: 'default',
      plural: 'trafficsplits',
      body: { apiVersion: 'split.smi-spec.io/v1alpha3', kind: 'TrafficSplit', metadata: { name: 'web' }, spec: { service: 'web', backends: [{ service: 'web-stable', weight: 100 }] } }
    })
    expect(split.apiVersion).toBe('split.smi-spec.io/v1alpha3')
    const vs = await clients.custom.createNamespacedCustomObject({
      group: 'networking.istio.io',
      version: 'v1beta1',
      namespace: 'default',
      plural: 'virtualservices',
      body: { apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', metadata: { name: 'web' }, spec: { hosts: ['web'], http: [{ route: [{ destination: { host: 'web' }, weight: 100 }] }] } }
    })
    expect(vs.kind).toBe('VirtualService')
  })
})
