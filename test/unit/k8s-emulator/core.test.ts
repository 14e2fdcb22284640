import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import * as k8s from '@kubernetes/client-node'
import { startEmulator, type Emulator } from '../../support/k8s-emulator/index.js'
import { clientsFor, deploymentManifest, rawRequest, statusOf } from './fixtures.js'

let emulator: Emulator
let clients: ReturnType<typeof clientsFor>

beforeAll(async () => {
  emulator = await startEmulator({
    images: { 'web:bad': { failure: 'ErrImagePull' }, 'web:logs': { logs: ['one', 'two', 'three'] } }
  })
  clients = clientsFor(emulator)
  emulator.store.create(deploymentManifest('web', 'web:logs', { replicas: 3 }))
  emulator.store.create(deploymentManifest('bad', 'web:bad', { replicas: 1 }))
  emulator.clock.advance(3000)
})
afterAll(() => emulator.stop())

describe('pods', () => {
  it('lists pods by label with Running/Ready container statuses and owner references', async () => {
    const pods = await clients.core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' })
    expect(pods.items).toHaveLength(3)
    const pod = pods.items[0]!
    expect(pod.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', controller: true })
    expect(pod.status?.phase).toBe('Running')
    expect(pod.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True')
    expect(pod.status?.containerStatuses?.[0]).toMatchObject({ name: 'app', ready: true, restartCount: 0, started: true, image: 'web:logs' })
    expect(pod.status?.containerStatuses?.[0]?.state?.running?.startedAt).toBeInstanceOf(Date)
    expect(pod.spec?.nodeName).toBe('emulator-node')
  })

  it('serves logs with tailLines, and the kubelet errors for a container that never started', async () => {
    const pods = await clients.core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=web' })
    const name = pods.items[0]!.metadata!.name!
    expect(await clients.core.readNamespacedPodLog({ name, namespace: 'default' })).toBe('one\ntwo\nthree\n')
    expect(await clients.core.readNamespacedPodLog({ name, namespace: 'default', tailLines: 2 })).toBe('two\nthree\n')
    const bad = (await clients.core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=bad' })).items[0]!
    expect(bad.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('ErrImagePull')
    const failed = await statusOf(clients.core.readNamespacedPodLog({ name: bad.metadata!.name!, namespace: 'default' }))
    expect(failed.code).toBe(400)
    const previous = await statusOf(clients.core.readNamespacedPodLog({ name, namespace: 'default', previous: true }))
    expect(previous.code).toBe(400)
  })

  it('records kubelet events for failing pods, selectable by involvedObject', async () => {
    const bad = (await clients.core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=bad' })).items[0]!
    const events = await clients.core.listNamespacedEvent({ namespace: 'default', fieldSelector: `involvedObject.uid=${bad.metadata!.uid},type=Warning` })
    expect(events.items.map((e) => [e.reason, e.source?.component])).toEqual([['Failed', 'kubelet']])
    expect(events.items[0]!.message).toMatch(/^Failed to pull image "web:bad"/)
  })
})

describe('API surface', () => {
  it('paginates lists with limit and continue', async () => {
    const first = await clients.core.listNamespacedPod({ namespace: 'default', limit: 2 })
    expect(first.items).toHaveLength(2)
    expect(first.metadata?._continue).toBeTruthy()
    const rest = await clients.core.listNamespacedPod({ namespace: 'default', limit: 2, _continue: first.metadata!._continue! })
    expect(rest.items).toHaveLength(2)
    expect(rest.metadata?._continue).toBeFalsy()
  })

  it('answers 404 for a missing namespace and for unknown paths', async () => {
    const missing = await statusOf(clients.apps.createNamespacedDeployment({ namespace: 'nowhere', body: deploymentManifest('x', 'web:1') }))
    expect(missing).toMatchObject({ code: 404, body: { message: 'namespaces "nowhere" not found' } })
    const raw = await rawRequest(emulator, 'GET', '/apis/apps/v1/namespaces/default/widgets', { token: emulator.token })
    expect(raw.status).toBe(404)
  })

  it('answers 415 to a body in an unsupported media type', async () => {
    const raw = await rawRequest(emulator, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/web', { token: emulator.token, contentType: 'application/apply-patch+yaml', body: 'spec: {}' })
    expect(raw.status).toBe(415)
    expect(JSON.parse(raw.text)).toMatchObject({ kind: 'Status', reason: 'UnsupportedMediaType' })
  })

  it('serves discovery, so the generic KubernetesObjectApi resolves kinds', async () => {
    const objects = k8s.KubernetesObjectApi.makeApiClient(clients.kc)
    const read = await objects.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' } })
    expect(read.metadata?.name).toBe('web')
    const route = await objects.create({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'generic', namespace: 'default' },
      spec: { rules: [] }
    } as k8s.KubernetesObject)
    expect(route.metadata?.generation).toBe(1)
  })

  it('dry-run validates without storing', async () => {
    const before = emulator.store.resourceVersion
    await clients.apps.createNamespacedDeployment({ namespace: 'default', body: deploymentManifest('dry', 'web:1'), dryRun: 'All' })
    expect(emulator.store.get('Deployment', 'default', 'dry')).toBeUndefined()
    expect(emulator.store.resourceVersion).toBe(before)
  })

  it('deleting a namespace deletes what is in it', async () => {
    await clients.core.createNamespace({ body: { metadata: { name: 'temp' } } })
    await clients.apps.createNamespacedDeployment({ namespace: 'temp', body: { ...deploymentManifest('t', 'web:1'), metadata: { name: 't', namespace: 'temp' } } })
    emulator.clock.advance(2000)
    expect(emulator.store.list('Pod', 'temp')).toHaveLength(3)
    await clients.core.deleteNamespace({ name: 'temp' })
    expect(emulator.store.list('Pod', 'temp')).toEqual([])
    expect(emulator.store.list('Deployment', 'temp')).toEqual([])
  })
})
