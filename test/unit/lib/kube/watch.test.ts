import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { KubeConfig, type V1Deployment } from '@kubernetes/client-node'
import { KubeClient } from '../../../../src/lib/kube/client.js'
import { watchWithResume, type ResumableWatch } from '../../../../src/lib/kube/watch.js'
import { startEmulator, type Emulator } from '../../../support/k8s-emulator/index.js'
import { deploymentManifest } from '../../k8s-emulator/fixtures.js'

let emulator: Emulator
let client: KubeClient
let kc: KubeConfig
let watch: ResumableWatch | undefined

beforeEach(async () => {
  emulator = await startEmulator({ bookmarkIntervalMs: 30 })
  kc = new KubeConfig()
  kc.loadFromString(emulator.kubeconfig)
  client = new KubeClient(kc, { log: () => {} })
  emulator.store.create(deploymentManifest('web', 'web:1', { replicas: 1 }))
})
afterEach(async () => {
  watch?.stop()
  await watch?.done.catch(() => undefined)
  await emulator.stop()
})

const scale = (replicas: number) => client.patchDeployment('default', 'web', { spec: { replicas } }, 'merge')
const until = async (predicate: () => boolean, timeoutMs = 5000): Promise<void> => {
  const start = Date.now()
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for the watch')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

function start(log: string[] = []) {
  const seen: Array<{ type: string; replicas: number | undefined }> = []
  const lists: number[] = []
  watch = watchWithResume<V1Deployment>({
    kc,
    path: '/apis/apps/v1/namespaces/default/deployments',
    query: { fieldSelector: 'metadata.name=web' },
    list: async () => {
      const list = await client.apps.listNamespacedDeployment({ namespace: 'default', fieldSelector: 'metadata.name=web' })
      return { items: list.items, resourceVersion: list.metadata!.resourceVersion! }
    },
    onList: (items) => lists.push(items.length),
    onEvent: (type, object) => seen.push({ type, replicas: object.spec?.replicas }),
    retry: { attempts: 5, baseDelayMs: 10, maxDelayMs: 50 },
    log: (m) => log.push(m)
  })
  return { seen, lists }
}

describe('watchWithResume', () => {
  it('resumes after dropped connections from the last resourceVersion: no event lost, none repeated', async () => {
    const { seen, lists } = start()
    await until(() => emulator.faults.watches.size === 1)
    await scale(2)
    await until(() => seen.length === 1)
    expect(emulator.faults.dropWatches(undefined, { abrupt: true })).toBe(1)
    await scale(3) // happens while no watch is connected
    await until(() => seen.length === 2)
    emulator.faults.dropWatches()
    await scale(4)
    await until(() => seen.length === 3)
    expect(seen).toEqual([
      { type: 'MODIFIED', replicas: 2 },
      { type: 'MODIFIED', replicas: 3 },
      { type: 'MODIFIED', replicas: 4 }
    ])
    expect(lists).toEqual([1])
    expect(watch!.stats.reconnects).toBe(2)
    const resumed = emulator.requests.filter((r) => r.watch).map((r) => Number(r.query.resourceVersion))
    expect(resumed).toHaveLength(3)
    expect(resumed[1]).toBeGreaterThan(resumed[0]!)
    expect(emulator.requests.filter((r) => r.watch).every((r) => r.query.allowWatchBookmarks === 'true')).toBe(true)
  })

  it.each(['error-event', 'http-410'] as const)('lists again on 410 Gone (%s) and continues from the new list', async (goneAs) => {
    emulator.setWatchGoneAs(goneAs)
    // Without bookmarks, the watch's resourceVersion stays at its last matching event while other writes move the
    // cluster on; after compaction that position is gone.
    emulator.setBookmarkIntervalMs(60_000)
    const log: string[] = []
    const { seen, lists } = start(log)
    await until(() => emulator.faults.watches.size === 1)
    await scale(5)
    await until(() => seen.length === 1)
    emulator.store.create(deploymentManifest('other', 'web:1', { replicas: 1 }))
    emulator.store.compact()
    emulator.faults.dropWatches()
    await until(() => lists.length === 2)
    expect(watch!.stats.relists).toBeGreaterThanOrEqual(1)
    expect(log.some((l) => l.includes('410 Gone'))).toBe(true)
    await scale(6)
    await until(() => seen.some((e) => e.replicas === 6))
  })

  it('rides out watch requests answered with 5xx', async () => {
    emulator.faults.error('/apis/apps/v1/namespaces/default/deployments', 503, { watch: true, times: 2 })
    const { seen } = start()
    await until(() => emulator.faults.watches.size === 1)
    await scale(7)
    await until(() => seen.length === 1)
    expect(watch!.stats.reconnects).toBe(2)
  })

  it('gives up after too many consecutive failures', async () => {
    emulator.faults.error('/apis/apps/v1/namespaces/default/deployments', 500, { watch: true })
    start()
    await expect(watch!.done).rejects.toBeDefined()
  })
})
