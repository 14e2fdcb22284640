/**
 * watchWithResume on a real API server, through the fault proxy for what the server does not do on demand (dropped
 * streams, 410 Gone, 5xx on the watch request). The watched Deployment has no pods and has settled, so the
 * controller writes nothing more: each change the test makes is exactly one event.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { Watch, type V1Deployment } from '@kubernetes/client-node'
import { KubeAccessError } from '../../../../src/lib/kube/errors.js'
import { deploymentRolloutStatus } from '../../../../src/lib/kube/rollout-status.js'
import { WATCH_TIMEOUT_SECONDS, watchWithResume, type ResumableWatch } from '../../../../src/lib/kube/watch.js'
import { webDeployment } from '../../../../local/kube/manifests.js'
import { kubeLibTest, type KubeLibTest } from './setup.js'

let t: KubeLibTest
let watch: ResumableWatch | undefined

beforeEach(async () => {
  t = await kubeLibTest('kube-watch')
  await t.kube.create(webDeployment(t.image('1'), { replicas: 0 }))
  await t.kube.until(async () => {
    const d = await t.kube.deployment('web')
    const progressing = d?.status?.conditions?.find((c) => c.type === 'Progressing')
    return deploymentRolloutStatus(d!).state === 'complete' && progressing?.reason === 'NewReplicaSetAvailable'
  }, 'web settled')
})
afterEach(async () => {
  watch?.stop()
  await watch?.done.catch(() => undefined)
  watch = undefined
  await t?.close()
})

const watchPath = () => `/apis/apps/v1/namespaces/${t.namespace}/deployments`
/**
 * A change of web that only the test makes: a label, which the controller ignores (an annotation would not do:
 * it bumps a Deployment's generation, because the controller copies annotations to the ReplicaSet).
 */
const mark = (n: number) => t.client.patchDeployment(t.namespace, 'web', { metadata: { labels: { n: String(n) } } }, 'merge')
const watchRequests = () => t.proxy.requests.filter((r) => r.watch)
const until = (check: () => boolean, what: string, timeoutMs = 10_000) => t.kube.until(check, what, timeoutMs)

function start(log: string[] = [], query: Record<string, string> = {}) {
  const seen: Array<{ type: string; n: string | undefined }> = []
  const lists: number[] = []
  watch = watchWithResume<V1Deployment>({
    kc: t.kc,
    path: watchPath(),
    query: { fieldSelector: 'metadata.name=web', ...query },
    list: async () => {
      const list = await t.client.apps.listNamespacedDeployment({ namespace: t.namespace, fieldSelector: 'metadata.name=web' })
      return { items: list.items, resourceVersion: list.metadata!.resourceVersion! }
    },
    onList: (items) => lists.push(items.length),
    onEvent: (type, object) => seen.push({ type, n: object.metadata?.labels?.n }),
    retry: { attempts: 5, baseDelayMs: 10, maxDelayMs: 50 },
    log: (m) => log.push(m)
  })
  return { seen, lists }
}

describe('watchWithResume', () => {
  it('resumes after dropped connections from the last resourceVersion: no event lost, none repeated', async () => {
    const { seen, lists } = start()
    await until(() => t.proxy.watches.size === 1, 'the watch')
    await mark(2)
    await until(() => seen.length === 1, 'event 1')
    expect(t.proxy.dropWatches({ path: watchPath(), abrupt: true })).toBe(1)
    await mark(3) // most likely while no watch is connected
    await until(() => seen.length === 2, 'event 2')
    expect(t.proxy.dropWatches({ path: watchPath() })).toBe(1)
    await mark(4)
    await until(() => seen.length === 3, 'event 3')
    expect(seen).toEqual([
      { type: 'MODIFIED', n: '2' },
      { type: 'MODIFIED', n: '3' },
      { type: 'MODIFIED', n: '4' }
    ])
    expect(lists).toEqual([1])
    expect(watch!.stats.reconnects).toBe(2)
    const resumed = watchRequests().map((r) => Number(r.query.resourceVersion))
    expect(resumed).toHaveLength(3)
    expect(resumed[1]).toBeGreaterThan(resumed[0]!)
    expect(resumed[2]).toBeGreaterThan(resumed[1]!)
    expect(watchRequests().every((r) => r.query.allowWatchBookmarks === 'true' && r.query.timeoutSeconds === String(WATCH_TIMEOUT_SECONDS))).toBe(true)
  })

  it.each(['error-event', 'http-410'] as const)('lists again on 410 Gone (%s) and continues from the new list', async (goneAs) => {
    const log: string[] = []
    const { seen, lists } = start(log)
    await until(() => t.proxy.watches.size === 1, 'the watch')
    await mark(5)
    await until(() => seen.length === 1, 'event 1')
    // The API server's watch cache answers a resourceVersion older than its window with an ERROR event in a 200
    // stream; the HTTP status form is what other servers and proxies send.
    if (goneAs === 'error-event') t.proxy.faults.gone(watchPath(), { times: 1 })
    else t.proxy.faults.error(watchPath(), 410, { watch: true, times: 1, message: 'too old resource version: 1 (2)' })
    t.proxy.dropWatches({ path: watchPath() })
    await until(() => lists.length === 2, 'the list after 410')
    expect(watch!.stats.relists).toBe(1)
    expect(log.some((l) => l.includes('410 Gone'))).toBe(true)
    await mark(6)
    await until(() => seen.some((e) => e.n === '6'), 'the event after the relist')
  })

  it('rides out watch requests answered with 5xx', async () => {
    t.proxy.faults.error(watchPath(), 503, { watch: true, times: 2 })
    const { seen } = start()
    await until(() => t.proxy.watches.size === 1, 'the watch')
    await mark(7)
    await until(() => seen.length === 1, 'event 1')
    expect(watch!.stats.reconnects).toBe(2)
    expect(watchRequests().map((r) => r.status)).toEqual([503, 503, 200])
  })

  it('gives up after too many consecutive failures', async () => {
    t.proxy.faults.error(watchPath(), 500, { watch: true })
    start()
    await expect(watch!.done).rejects.toBeDefined()
    expect(watchRequests()).toHaveLength(5)
  })

  it('stops at once on a refusal (403), as a user error naming what was refused, instead of retrying it', async () => {
    t.proxy.faults.forbidden(watchPath(), { watch: true })
    const log: string[] = []
    start(log)
    const error = await watch!.done.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KubeAccessError)
    expect((error as Error).message).toMatch(/^Kubernetes refused to let the kubeconfig's user watch \/apis\/apps\/v1\/namespaces\/\S+\/deployments: .*\(HTTP 403\)/)
    expect(watchRequests()).toHaveLength(1)
    expect(log).toEqual([])
  })

  it('a quiet watch is ended by the server before client-node gives up on it, and resumed without a failure', async () => {
    // client-node aborts a watch that receives nothing for requestTimeoutMs; the real server's BOOKMARKs come once a
    // minute. The server's own timeout (with a BOOKMARK 2 s before it) must come first.
    // (requestTimeoutMs is private in client-node's typings; read here to notice a change of it in an upgrade.)
    expect(WATCH_TIMEOUT_SECONDS * 1000).toBeLessThan((new Watch(t.kc) as unknown as { requestTimeoutMs: number }).requestTimeoutMs)
    const log: string[] = []
    const { seen, lists } = start(log, { timeoutSeconds: '3' })
    await until(() => watchRequests().length >= 3, 'two server-side ends', 15_000)
    await mark(8)
    await until(() => seen.length === 1, 'the event after the quiet time')
    expect(seen).toEqual([{ type: 'MODIFIED', n: '8' }])
    expect(lists).toEqual([1])
    expect(log).toEqual([])
    expect(watchRequests().every((r) => r.status === 200)).toBe(true)
    const resumed = watchRequests().map((r) => Number(r.query.resourceVersion))
    expect(resumed[1]).toBeGreaterThanOrEqual(resumed[0]!)
  })
})
