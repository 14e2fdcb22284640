/**
 * KubeClient against the real API server, faults from the proxy in front of it: retries of 5xx and 429 (after
 * Retry-After), no retry of other 4xx, patch content types, read-modify-write as a JSON patch of what changed on 409
 * Conflict and on a real stale write (another writer's change kept), the field manager of every write, a create whose
 * answer was lost, and request deadlines against stalled requests.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { UserError } from '../../../../src/lib/action/errors.js'
import { KubeClient } from '../../../../src/lib/kube/client.js'
import { withinDeadline } from '../../../../src/lib/kube/deadline.js'
import { KubeAlreadyExistsError, KubeConflictError, KubeNotFoundError, KubeUnavailableError } from '../../../../src/lib/kube/errors.js'
import { installCrds } from '../../../../local/kube/crds.js'
import { webDeployment } from '../../../../local/kube/manifests.js'
import { kubeLibTest, type KubeLibTest } from './setup.js'

let t: KubeLibTest
const logs: string[] = []

beforeAll(async () => {
  t = await kubeLibTest('kube-client', { retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 5000 }, log: (m) => logs.push(m), fieldManager: 'pipeline-actions/test' })
  // No pods: the client is under test, not the node.
  await t.kube.create(webDeployment(t.image('1'), { replicas: 0 }))
})
afterAll(() => t?.close())

const path = () => `/apis/apps/v1/namespaces/${t.namespace}/deployments/web`
const requests = (method: string, since = 0) => t.proxy.requests.slice(since).filter((r) => r.method === method && r.path === path())

describe('KubeClient', () => {
  it('retries 5xx and succeeds', async () => {
    t.proxy.faults.error(path(), 503, { times: 2, method: 'GET' })
    const mark = t.proxy.requests.length
    await expect(t.client.getDeployment(t.namespace, 'web')).resolves.toMatchObject({ metadata: { name: 'web' } })
    expect(logs.filter((l) => l.includes('HTTP 503'))).toHaveLength(2)
    expect(requests('GET', mark).map((r) => r.status)).toEqual([503, 503, 200])
  })

  it.each(['status', 'priority-and-fairness'] as const)('waits for Retry-After on 429 (%s)', async (as) => {
    t.proxy.faults.throttle(path(), 1, { times: 1, method: 'GET', as })
    const start = performance.now()
    await t.client.getDeployment(t.namespace, 'web')
    expect(performance.now() - start).toBeGreaterThanOrEqual(950)
    expect(logs.at(-1)).toMatch(/HTTP 429 Too Many Requests\); retry 1 in 1000 ms/)
  })

  it('does not retry a 404', async () => {
    const mark = t.proxy.requests.length
    await expect(t.client.getDeployment(t.namespace, 'missing')).rejects.toMatchObject({ code: 404 })
    expect(t.proxy.requests.length - mark).toBe(1)
  })

  it('sends patches with the content type asked for', async () => {
    const mark = t.proxy.requests.length
    await t.client.patchDeployment(t.namespace, 'web', { metadata: { annotations: { a: '1' } } }, 'merge')
    await t.client.patchDeployment(t.namespace, 'web', { spec: { template: { spec: { containers: [{ name: 'app', image: t.image('1') }] } } } }, 'strategic')
    await t.client.patchDeployment(t.namespace, 'web', [{ op: 'add', path: '/metadata/annotations/b', value: '2' }], 'json')
    expect(requests('PATCH', mark).map((r) => r.contentType)).toEqual(['application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json'])
    expect((await t.client.getDeployment(t.namespace, 'web')).metadata?.annotations).toMatchObject({ a: '1', b: '2' })
  })

  it('re-reads and re-applies a read-modify-write after 409 Conflict', async () => {
    t.proxy.faults.conflict(path(), { times: 2, method: 'PATCH' })
    const mark = t.proxy.requests.length
    let changes = 0
    const result = await t.client.modifyDeployment(t.namespace, 'web', (d) => {
      changes++
      d.spec!.replicas = 3
      return d
    })
    expect(result.spec?.replicas).toBe(3)
    expect(changes).toBe(3)
    expect(requests('PATCH', mark).map((r) => [r.status, r.contentType])).toEqual([
      [409, 'application/json-patch+json'],
      [409, 'application/json-patch+json'],
      [200, 'application/json-patch+json']
    ])
    expect(requests('PUT', mark)).toEqual([])
    expect(logs.filter((l) => l.includes('changed while it was being updated') && l.includes('Operation cannot be fulfilled on deployments.apps "web"'))).toHaveLength(2)
  })

  it("a real stale write is re-read and re-applied, keeping the other writer's change, and modify skips writing when nothing changes", async () => {
    // The deployment controller's own status writes would be further writers: wait until it has nothing to do.
    await t.kube.until(async () => {
      const d = await t.kube.deployment('web')
      return d?.status?.observedGeneration === d?.metadata?.generation && (d?.status?.replicas ?? 0) === d?.spec?.replicas && (d?.status?.availableReplicas ?? 0) === d?.spec?.replicas
    }, 'web settled', 60_000)
    // Someone else writes while our patch is held up: the API server itself refuses it (its resourceVersion test fails).
    t.proxy.faults.latency(path(), 1000, { times: 1, method: 'PATCH' })
    const mark = t.proxy.requests.length
    let changes = 0
    const modified = t.client.modifyDeployment(t.namespace, 'web', (d) => {
      changes++
      d.spec!.replicas = 1
      return d
    })
    await t.kube.until(() => requests('PATCH', mark).length === 1, 'our patch')
    await t.kube.apps.patchNamespacedDeployment({ namespace: t.namespace, name: 'web', body: [{ op: 'add', path: '/metadata/labels/other', value: 'writer' }] })
    const result = await modified
    expect(changes).toBe(2)
    expect(result.spec?.replicas).toBe(1)
    expect(result.metadata?.labels?.other).toBe('writer')
    expect(requests('PATCH', mark).map((r) => r.status)).toEqual([422, 200])
    expect(logs.at(-1)).toContain('changed while it was being updated (the server rejected our request due to an error in our request (HTTP 422)); reading it again')
    const before = requests('PATCH').length
    await t.client.modifyDeployment(t.namespace, 'web', () => undefined)
    await t.client.modifyDeployment(t.namespace, 'web', (d) => d)
    expect(requests('PATCH').length).toBe(before)
  })

  it('a conflict on every re-read is a user error naming the object and the other writer', async () => {
    t.proxy.faults.conflict(path(), { times: 5, method: 'PATCH' })
    const mark = t.proxy.requests.length
    const error = await t.client.modifyDeployment(t.namespace, 'web', (d) => ({ ...d, spec: { ...d.spec!, replicas: 2 } })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KubeConflictError)
    expect(error).toBeInstanceOf(UserError)
    expect((error as Error).message).toMatch(new RegExp(`^Kubernetes refused 5 updates in a row of deployment ${t.namespace}/web: another writer changed it each time between the read and the write \\(Operation cannot be fulfilled on deployments.apps "web"`))
    expect(requests('PATCH', mark).map((r) => r.status)).toEqual([409, 409, 409, 409, 409])
  })

  it('names its field manager on every write, so the managed fields name the action', async () => {
    await t.client.patchDeployment(t.namespace, 'web', { metadata: { annotations: { managed: 'yes' } } }, 'merge')
    const managers = (await t.kube.deployment('web'))?.metadata?.managedFields ?? []
    const ours = managers.find((m) => m.manager === 'pipeline-actions/test')
    expect(JSON.stringify(ours?.fieldsV1)).toContain('f:managed')
  })

  it('a missing named object is a user error saying what to check', async () => {
    const error = await t.client.getDeployment(t.namespace, 'missing').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KubeNotFoundError)
    expect((error as Error).message).toBe(
      `Kubernetes could not get deployment ${t.namespace}/missing: deployments.apps "missing" not found (HTTP 404). Check the name and the namespace (and that the kubeconfig's context is the intended cluster), or create it first.`
    )
  })

  it('patches custom resources (merge / JSON patch)', async () => {
    await installCrds(t.kube.cluster, ['virtualservices.networking.istio.io'])
    await t.kube.create({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'web' },
      spec: { hosts: ['web'], http: [{ route: [{ destination: { host: 'web', subset: 'stable' }, weight: 100 }, { destination: { host: 'web', subset: 'canary' }, weight: 0 }] }] }
    } as never)
    const ref = { group: 'networking.istio.io', version: 'v1', plural: 'virtualservices' }
    await t.client.patchCustomObject(ref, t.namespace, 'web', [{ op: 'replace', path: '/spec/http/0/route/1/weight', value: 10 }], 'json')
    const updated = await t.client.modifyCustomObject(ref, t.namespace, 'web', (vs) => {
      ;(vs.spec as { http: Array<{ route: Array<{ weight: number }> }> }).http[0]!.route[0]!.weight = 90
      return vs
    })
    expect((updated.spec as { http: Array<{ route: Array<{ weight: number }> }> }).http[0]!.route.map((r) => r.weight)).toEqual([90, 10])
  })
})

describe('KubeClient.create', () => {
  const DEPLOYMENTS = () => `/apis/apps/v1/namespaces/${t.namespace}/deployments`
  const create = (name: string, run: string) => {
    const body = { ...webDeployment(t.image('1'), { name, replicas: 0 }), metadata: { name, annotations: { run } } }
    return t.client.create(
      `deployment ${t.namespace}/${name}`,
      () => t.client.apps.createNamespacedDeployment({ namespace: t.namespace, body }),
      () => t.client.apps.readNamespacedDeployment({ namespace: t.namespace, name }),
      (found) => (found.metadata?.annotations?.run === run ? undefined : `belongs to run ${found.metadata?.annotations?.run ?? 'none'}`)
    )
  }

  it('whose answer was lost, retried, meets the object it made and returns it', async () => {
    t.proxy.faults.loseResponse(DEPLOYMENTS(), { method: 'POST', times: 1 })
    const mark = t.proxy.requests.length
    await expect(create('made-once', 'a')).resolves.toMatchObject({ metadata: { name: 'made-once', annotations: { run: 'a' } } })
    expect(t.proxy.requests.slice(mark).filter((r) => r.method === 'POST').map((r) => [r.fault, r.status])).toEqual([
      ['lose-response', 201],
      [undefined, 409]
    ])
    expect(logs.at(-1)).toBe(`Kubernetes API: deployment ${t.namespace}/made-once already exists and is the one this run created (its create was answered after all); carrying on`)
  })

  it('that meets an object of the same name that is not its own fails, naming it and why', async () => {
    await create('taken', 'someone-else')
    const error = await create('taken', 'a').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KubeAlreadyExistsError)
    expect((error as Error).message).toBe(
      `Kubernetes could not create deployment ${t.namespace}/taken: one of that name already exists and belongs to run someone-else. It is left as it is; delete or rename it, then run again.`
    )
    expect((await t.kube.deployment('taken'))?.metadata?.annotations?.run).toBe('someone-else')
  })
})

describe('request deadlines', () => {
  it('a stalled request is given up at the request timeout and retried; one that keeps stalling fails naming the request and the timeout', async () => {
    const stallLogs: string[] = []
    const client = new KubeClient(t.kc, { retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 10 }, requestTimeoutMs: 1000, log: (m) => stallLogs.push(m) })
    t.proxy.faults.stall(path(), { method: 'GET', times: 1 })
    await expect(client.getDeployment(t.namespace, 'web')).resolves.toMatchObject({ metadata: { name: 'web' } })
    expect(stallLogs).toEqual([expect.stringMatching(new RegExp(`^Kubernetes API: get deployment ${t.namespace}/web failed \\(no answer within 1 s\\); retry 1 in \\d+ ms$`))])

    const stall = t.proxy.faults.stall(path(), { method: 'GET' })
    const error = await client.getDeployment(t.namespace, 'web').catch((e: unknown) => e)
    stall.remove()
    expect(error).toBeInstanceOf(KubeUnavailableError)
    expect((error as Error).message).toMatch(new RegExp(`^Kubernetes could not get deployment ${t.namespace}/web: no answer within 1 s, still after retrying`))
    expect(stall.hits).toBe(2)
  })

  it('inside a wait, a request gets no longer than what is left of the wait, and is not retried past its end', async () => {
    const client = new KubeClient(t.kc, { retry: { attempts: 5, baseDelayMs: 10, maxDelayMs: 10 }, requestTimeoutMs: 30_000, log: () => {} })
    const stall = t.proxy.faults.stall(path(), { method: 'GET' })
    const error = await withinDeadline(Date.now() + 2000, () => client.getDeployment(t.namespace, 'web')).catch((e: unknown) => e)
    stall.remove()
    expect((error as Error).message).toMatch(new RegExp(`^Kubernetes could not get deployment ${t.namespace}/web: no answer within [12](\\.\\d)? s`))
    expect(stall.hits).toBe(1)
  })
})
