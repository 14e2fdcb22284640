import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import * as k8s from '@kubernetes/client-node'
import { startEmulator, type Emulator } from '../../support/k8s-emulator/index.js'
import { clientsFor, deploymentManifest, rawRequest, statusOf } from './fixtures.js'

let emulator: Emulator
let clients: ReturnType<typeof clientsFor>

beforeAll(async () => {
  emulator = await startEmulator({ bookmarkIntervalMs: 50 })
  clients = clientsFor(emulator)
})
afterAll(() => emulator.stop())

interface Seen {
  type: string
  object: { metadata?: { name?: string; resourceVersion?: string }; code?: number; reason?: string }
}

/** Runs a client-node watch and collects its events until `until` holds or the stream ends. */
async function collect(path: string, query: Record<string, string | number | boolean | undefined>, until: (seen: Seen[]) => boolean, act: () => Promise<void> = async () => {}) {
  const seen: Seen[] = []
  let resolveDone!: (error: unknown) => void
  const done = new Promise<unknown>((resolve) => (resolveDone = resolve))
  let reached!: () => void
  const enough = new Promise<void>((resolve) => (reached = resolve))
  const controller = await new k8s.Watch(clients.kc).watch(
    path,
    query,
    (type, object) => {
      seen.push({ type, object })
      if (until(seen)) reached()
    },
    (error) => resolveDone(error ?? null)
  )
  await act()
  const outcome = await Promise.race([enough.then(() => 'enough'), done.then(() => 'done')])
  controller.abort()
  return { seen, outcome, done }
}

describe('watches', () => {
  it('replays changes after a resourceVersion, filters by label selector, and sends bookmarks', async () => {
    const list = await clients.apps.listNamespacedDeployment({ namespace: 'default' })
    const from = list.metadata!.resourceVersion!
    await clients.apps.createNamespacedDeployment({ namespace: 'default', body: deploymentManifest('watched', 'web:1') })
    await clients.apps.createNamespacedDeployment({ namespace: 'default', body: deploymentManifest('other', 'web:1') })
    const { seen } = await collect(
      '/apis/apps/v1/namespaces/default/deployments',
      { resourceVersion: from, allowWatchBookmarks: true, labelSelector: 'app=watched' },
      (s) => s.some((e) => e.type === 'BOOKMARK') && s.some((e) => e.type === 'MODIFIED'),
      async () => {
        await clients.apps.patchNamespacedDeployment(
          { name: 'watched', namespace: 'default', body: { spec: { replicas: 1 } } },
          k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch)
        )
      }
    )
    const changes = seen.filter((e) => e.type !== 'BOOKMARK')
    expect(changes.map((e) => [e.type, e.object.metadata?.name])).toEqual([
      ['ADDED', 'watched'],
      ['MODIFIED', 'watched']
    ])
    const bookmark = seen.find((e) => e.type === 'BOOKMARK')!
    expect(Number(bookmark.object.metadata?.resourceVersion)).toBeGreaterThan(Number(from))
  })

  it('an object that stops matching the selector arrives as DELETED', async () => {
    const from = String(emulator.store.resourceVersion)
    const { seen } = await collect(
      '/apis/apps/v1/namespaces/default/deployments',
      { resourceVersion: from, labelSelector: 'app=watched' },
      (s) => s.length >= 1,
      async () => {
        await clients.apps.patchNamespacedDeployment(
          { name: 'watched', namespace: 'default', body: { metadata: { labels: { app: 'renamed' } } } },
          k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch)
        )
      }
    )
    expect(seen[0]!.type).toBe('DELETED')
  })

  it('answers a too-old resourceVersion with an ERROR event carrying 410 Expired', async () => {
    const old = String(emulator.store.resourceVersion)
    await clients.apps.patchNamespacedDeployment({ name: 'other', namespace: 'default', body: { spec: { replicas: 2 } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch))
    emulator.store.compact()
    const { seen, outcome } = await collect('/apis/apps/v1/namespaces/default/deployments', { resourceVersion: old }, (s) => s.length > 0)
    expect(outcome).toBe('enough')
    expect(seen[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: expect.stringContaining('too old resource version') } })
  })

  it('can answer a too-old resourceVersion with a plain HTTP 410 instead', async () => {
    const old = String(emulator.store.resourceVersion)
    await clients.apps.patchNamespacedDeployment({ name: 'other', namespace: 'default', body: { spec: { replicas: 1 } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch))
    emulator.store.compact()
    emulator.setWatchGoneAs('http-410')
    const { outcome, done } = await collect('/apis/apps/v1/namespaces/default/deployments', { resourceVersion: old }, () => false)
    emulator.setWatchGoneAs('error-event')
    expect(outcome).toBe('done')
    expect(await done).toMatchObject({ statusCode: 410 })
  })

  it('without a resourceVersion starts with the current objects as ADDED', async () => {
    const { seen } = await collect('/apis/apps/v1/namespaces/default/deployments', {}, (s) => s.length >= 2)
    expect(seen.map((e) => e.type)).toEqual(['ADDED', 'ADDED'])
  })

  it('a dropped watch ends the stream (client-node calls done)', async () => {
    const from = String(emulator.store.resourceVersion)
    const result = await collect('/apis/apps/v1/namespaces/default/deployments', { resourceVersion: from }, () => false, async () => {
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(emulator.faults.dropWatches('/apis/apps/v1/namespaces/*/deployments')).toBe(1)
    })
    expect(result.outcome).toBe('done')
  })

  it('a drop-watch fault cuts a stream after N events', async () => {
    emulator.faults.add({ path: '/apis/apps/v1/**', watch: true, times: 1, effect: { type: 'drop-watch', afterEvents: 1 } })
    const result = await collect('/apis/apps/v1/namespaces/default/deployments', {}, () => false)
    expect(result.outcome).toBe('done')
    expect(result.seen).toHaveLength(1)
  })
})

describe('fault injection', () => {
  const read = () => clients.apps.readNamespacedDeployment({ name: 'other', namespace: 'default' })

  it('5xx for N requests, then normal service', async () => {
    emulator.faults.error('/apis/apps/v1/namespaces/default/deployments/other', 503, { times: 2 })
    expect((await statusOf(read())).code).toBe(503)
    expect((await statusOf(read())).code).toBe(503)
    await expect(read()).resolves.toMatchObject({ metadata: { name: 'other' } })
  })

  it('429 with Retry-After', async () => {
    emulator.faults.throttle('/apis/apps/v1/**', 3, { times: 1 })
    const raw = await rawRequest(emulator, 'GET', '/apis/apps/v1/namespaces/default/deployments/other', { token: emulator.token })
    expect(raw.status).toBe(429)
    expect(raw.headers['retry-after']).toBe('3')
    expect(JSON.parse(raw.text)).toMatchObject({ reason: 'TooManyRequests', details: { retryAfterSeconds: 3 } })
  })

  it('forced conflicts on writes only', async () => {
    const handle = emulator.faults.conflict(/deployments\/other$/, { times: 1 })
    await expect(read()).resolves.toBeDefined()
    const patch = () =>
      clients.apps.patchNamespacedDeployment({ name: 'other', namespace: 'default', body: { spec: { replicas: 3 } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch))
    expect((await statusOf(patch())).code).toBe(409)
    await expect(patch()).resolves.toMatchObject({ spec: { replicas: 3 } })
    expect(handle.hits).toBe(1)
  })

  it('latency delays the answer', async () => {
    emulator.faults.latency('/apis/apps/v1/namespaces/default/deployments/other', 150, { times: 1 })
    const start = performance.now()
    await read()
    expect(performance.now() - start).toBeGreaterThanOrEqual(140)
  })

  it('records every request with its content type', async () => {
    const patches = emulator.requests.filter((r) => r.method === 'PATCH')
    expect(patches[0]!.contentType).toBe('application/merge-patch+json')
    expect(patches[0]!.query.fieldManager ?? '').toBe('')
  })
})
