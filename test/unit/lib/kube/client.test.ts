import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { KubeConfig } from '@kubernetes/client-node'
import { KubeClient } from '../../../../src/lib/kube/client.js'
import { startEmulator, type Emulator } from '../../../support/k8s-emulator/index.js'
import { deploymentManifest } from '../../k8s-emulator/fixtures.js'

let emulator: Emulator
let client: KubeClient
const logs: string[] = []

beforeAll(async () => {
  emulator = await startEmulator()
  const kc = new KubeConfig()
  kc.loadFromString(emulator.kubeconfig)
  client = new KubeClient(kc, { retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 5000 }, log: (m) => logs.push(m) })
  emulator.store.create(deploymentManifest('web', 'web:1', { replicas: 2 }))
  emulator.clock.advance(2000)
})
afterAll(() => emulator.stop())

const path = '/apis/apps/v1/namespaces/default/deployments/web'

describe('KubeClient', () => {
  it('retries 5xx and succeeds', async () => {
    emulator.faults.error(path, 503, { times: 2, method: 'GET' })
    await expect(client.getDeployment('default', 'web')).resolves.toMatchObject({ metadata: { name: 'web' } })
    expect(logs.filter((l) => l.includes('HTTP 503'))).toHaveLength(2)
  })

  it('waits for Retry-After on 429', async () => {
    emulator.faults.throttle(path, 1, { times: 1, method: 'GET' })
    const start = performance.now()
    await client.getDeployment('default', 'web')
    expect(performance.now() - start).toBeGreaterThanOrEqual(950)
  })

  it('does not retry a 404', async () => {
    const before = emulator.requests.length
    await expect(client.getDeployment('default', 'missing')).rejects.toMatchObject({ code: 404 })
    expect(emulator.requests.length - before).toBe(1)
  })

  it('sends patches with the content type asked for', async () => {
    await client.patchDeployment('default', 'web', { metadata: { annotations: { a: '1' } } }, 'merge')
    await client.patchDeployment('default', 'web', { spec: { template: { spec: { containers: [{ name: 'app', image: 'web:1' }] } } } }, 'strategic')
    await client.patchDeployment('default', 'web', [{ op: 'add', path: '/metadata/annotations/b', value: '2' }], 'json')
    const types = emulator.requests.filter((r) => r.method === 'PATCH').map((r) => r.contentType)
    expect(types).toEqual(['application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json'])
    expect((await client.getDeployment('default', 'web')).metadata?.annotations).toMatchObject({ a: '1', b: '2' })
  })

  it('re-reads and re-applies a read-modify-write after 409 Conflict', async () => {
    emulator.faults.conflict(path, { times: 2, method: 'PUT' })
    let changes = 0
    const result = await client.modifyDeployment('default', 'web', (d) => {
      changes++
      d.spec!.replicas = 3
      return d
    })
    expect(result.spec?.replicas).toBe(3)
    expect(changes).toBe(3)
    const puts = emulator.requests.filter((r) => r.method === 'PUT' && r.path === path)
    expect(puts.map((r) => r.status)).toEqual([409, 409, 200])
    // Each write carried the resourceVersion it was read at: a real optimistic-concurrency write.
    expect(puts.every((r) => typeof (r.body as { metadata: { resourceVersion?: string } }).metadata.resourceVersion === 'string')).toBe(true)
  })

  it('a real stale write is a conflict too, and modify skips writing when nothing changes', async () => {
    const before = emulator.requests.filter((r) => r.method === 'PUT').length
    await client.modifyDeployment('default', 'web', () => undefined)
    expect(emulator.requests.filter((r) => r.method === 'PUT').length).toBe(before)
  })

  it('patches custom resources (merge / JSON patch)', async () => {
    emulator.store.create({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'web', namespace: 'default' },
      spec: { http: [{ route: [{ destination: { host: 'web', subset: 'stable' }, weight: 100 }, { destination: { host: 'web', subset: 'canary' }, weight: 0 }] }] }
    })
    const ref = { group: 'networking.istio.io', version: 'v1', plural: 'virtualservices' }
    await client.patchCustomObject(ref, 'default', 'web', [{ op: 'replace', path: '/spec/http/0/route/1/weight', value: 10 }], 'json')
    const updated = await client.modifyCustomObject(ref, 'default', 'web', (vs) => {
      ;(vs.spec as { http: Array<{ route: Array<{ weight: number }> }> }).http[0]!.route[0]!.weight = 90
      return vs
    })
    expect((updated.spec as { http: Array<{ route: Array<{ weight: number }> }> }).http[0]!.route.map((r) => r.weight)).toEqual([90, 10])
  })
})
