/**
 * `kubectl rollout status` and `kubectl rollout undo` as src/lib/kube implements them, against the real deployment
 * controller and kubelet: the test service's tags are the versions, a tag the registry lacks never becomes ready.
 * The client under test talks through the fault proxy (its request log shows what was sent; faults are injected
 * there); the outcome is read straight from the API server.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import type { V1Deployment } from '@kubernetes/client-node'
import { ownedReplicaSets, revisionHistory, revisionOf } from '../../../../src/lib/kube/revisions.js'
import { deploymentRolloutStatus } from '../../../../src/lib/kube/rollout-status.js'
import { rolloutUndo, UndoRefused } from '../../../../src/lib/kube/rollout-undo.js'
import type { KubeServiceTag } from '../../../../local/kube/images.js'
import { webDeployment, type WebOptions } from '../../../../local/kube/manifests.js'
import { kubeLibTest, type KubeLibTest } from './setup.js'

let t: KubeLibTest
const execFileAsync = promisify(execFile)

beforeEach(async () => {
  t = await kubeLibTest('kube-rollout')
})
afterEach(() => t?.close())

/** Short enough for a test, long enough for a healthy version's pods to start and pass their probe. */
const DEADLINE_SECONDS = 6
/** Every new pod at once (the default, 25% of 3 replicas, starts one pod at a time). */
const ALL_AT_ONCE = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '100%', maxUnavailable: 0 } }

type Tag = KubeServiceTag | 'missing'

const deploymentPath = () => `/apis/apps/v1/namespaces/${t.namespace}/deployments/web`
const setImage = (tag: Tag) =>
  t.client.patchDeployment(t.namespace, 'web', { spec: { template: { spec: { containers: [{ name: 'app', image: t.image(tag) }] } } } }, 'strategic')
const statusNow = async () => deploymentRolloutStatus(await t.client.getDeployment(t.namespace, 'web'))
const deployment = async (): Promise<V1Deployment> => (await t.kube.deployment('web'))!
/** The images of web's pods that are not being deleted (an old one may take its grace period to go). */
const images = async () =>
  (await t.kube.pods('app=web'))
    .filter((p) => !p.metadata?.deletionTimestamp)
    .map((p) => p.spec!.containers[0]!.image!)
    .sort()

const observed = () =>
  t.kube.until(async () => {
    const d = await deployment()
    return (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 1)
  }, 'the controller to observe the change')
const rolledOut = (timeoutMs = 30_000) => t.kube.until(async () => (await statusNow()).state === 'complete', 'deployment web rolled out', timeoutMs)
const podsAre = (tags: Tag[]) => {
  const expected = tags.map((tag) => t.image(tag)).sort()
  return t.kube.until(async () => JSON.stringify(await images()) === JSON.stringify(expected), `pods ${tags.join(', ')}`)
}
/** The JSON patches the client handed to client-node, one per attempt (the proxy logs no bodies). */
const patchBodies = () => jest.spyOn(t.client.apps, 'patchNamespacedDeployment')

/** Revisions 1, 2, ... of web, each rolled out completely. */
async function history(tags: Tag[], options: WebOptions = {}): Promise<void> {
  const [first, ...rest] = tags
  await t.kube.create(webDeployment(t.image(first!), { replicas: 3, ...options, spec: { strategy: ALL_AT_ONCE, ...options.spec } }))
  await rolledOut()
  for (const tag of rest) {
    await setImage(tag)
    await rolledOut()
  }
}

describe('deploymentRolloutStatus (kubectl rollout status)', () => {
  it('waits for the spec to be observed, reports progress, completion and an exceeded deadline', async () => {
    await t.kube.create(webDeployment(t.image('1'), { replicas: 3, spec: { progressDeadlineSeconds: DEADLINE_SECONDS } }))
    await rolledOut()
    expect(await statusNow()).toEqual({ state: 'complete', message: 'deployment "web" successfully rolled out' })
    // The write's answer has the new generation and the status the controller wrote for the old one.
    expect(deploymentRolloutStatus(await setImage('missing'))).toEqual({ state: 'waiting', message: 'Waiting for deployment spec update to be observed...' })
    // 3 replicas, surge 25% (1), unavailable 25% (0): one new pod, which never becomes ready.
    const progress = 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...'
    await t.kube.until(async () => (await statusNow()).message === progress, 'one new replica')
    await t.kube.until(async () => (await statusNow()).state !== 'waiting', 'the progress deadline', (DEADLINE_SECONDS + 20) * 1000)
    expect(await statusNow()).toEqual({ state: 'deadline-exceeded', message: 'deployment "web" exceeded its progress deadline' })
  })

  it('an undo to a scaled-down revision first reads the stale ProgressDeadlineExceeded, then completes', async () => {
    await history(['1', '2'], { spec: { progressDeadlineSeconds: DEADLINE_SECONDS } })
    await setImage('missing')
    await t.kube.until(async () => (await statusNow()).state === 'deadline-exceeded', 'the progress deadline', (DEADLINE_SECONDS + 20) * 1000)
    const states: Array<{ resourceVersion: number; state: string }> = []
    await t.kube.watchDeployments((_type, d) => states.push({ resourceVersion: Number(d.metadata!.resourceVersion), state: deploymentRolloutStatus(d).state }))
    const undo = await rolloutUndo(t.client, t.namespace, 'web', { toRevision: 1 })
    await rolledOut()
    await t.kube.until(() => states.at(-1)?.state === 'complete', 'the watch to see the rollout complete')
    // Revision 1's ReplicaSet has no pods: the controller's first sync after the undo scales it up but sees no
    // progress yet, so it observes the new generation and keeps the timed-out condition (progress.go: a reused
    // ReplicaSet gets no new condition). For that moment `rollout status` reports a failure, although the
    // rollback is under way; the next sync sees the new pods and reports progress.
    const after = states.filter((s) => s.resourceVersion >= Number(undo.deployment.metadata!.resourceVersion)).map((s) => s.state)
    expect(after.filter((state, i) => state !== after[i - 1])).toEqual(['waiting', 'deadline-exceeded', 'waiting', 'complete'])
  })

  it('follows a rollout with the real client polling', async () => {
    await t.kube.create(webDeployment(t.image('1'), { replicas: 3 }))
    await rolledOut()
    await setImage('2')
    const messages = new Set<string>()
    for (;;) {
      const status = await statusNow()
      messages.add(status.message.replace(/\d+/g, 'N'))
      if (status.state !== 'waiting') break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect((await statusNow()).state).toBe('complete')
    // The last old pod may still be terminating: complete counts the pods not being deleted.
    expect(await images()).toEqual([t.image('2'), t.image('2'), t.image('2')])
    // 3 replicas, surge 1, unavailable 0: one new pod at a time.
    expect(messages).toContain('Waiting for deployment "web" rollout to finish: N out of N new replicas have been updated...')
  })
})

describe('rolloutUndo (kubectl rollout undo)', () => {
  it('puts the previous ReplicaSet template back; that ReplicaSet gets the newest revision and its pods return', async () => {
    await history(['1', '2'])
    await setImage('missing')
    await observed()
    const patches = patchBodies()
    const result = await rolloutUndo(t.client, t.namespace, 'web')
    expect(result.plan).toMatchObject({ action: 'patch', toRevision: 2, fromRevision: 3, fromImages: [t.image('missing')], toImages: [t.image('2')] })
    const patch = t.proxy.requests.filter((r) => r.method === 'PATCH').at(-1)!
    expect(patch.contentType).toBe('application/json-patch+json')
    const ops = patches.mock.calls.at(-1)![0].body as Array<{ op: string; path: string; value: { metadata: { labels: Record<string, string> } } }>
    expect(ops.map((o) => `${o.op} ${o.path}`)).toEqual(['test /metadata/resourceVersion', 'replace /spec/template', 'replace /metadata/annotations'])
    expect(ops[1]!.value.metadata.labels).toEqual({ app: 'web' })
    await podsAre(['2', '2', '2'])
    await rolledOut()
    expect((await deployment()).metadata!.annotations!['deployment.kubernetes.io/revision']).toBe('4')
    const owned = ownedReplicaSets(await t.client.getDeployment(t.namespace, 'web'), await t.client.listReplicaSets(t.namespace, 'app=web'))
    expect(revisionHistory(owned).map((e) => [e.revision, e.images[0]])).toEqual([
      [1, t.image('1')],
      [3, t.image('missing')],
      [4, t.image('2')]
    ])
  })

  it('to-revision picks that revision', async () => {
    await history(['1', '2', '3'])
    const result = await rolloutUndo(t.client, t.namespace, 'web', { toRevision: 1 })
    expect(result.plan).toMatchObject({ action: 'patch', toRevision: 1, toImages: [t.image('1')] })
    await podsAre(['1', '1', '1'])
    await expect(rolloutUndo(t.client, t.namespace, 'web', { toRevision: 9 })).rejects.toThrow('unable to find specified revision 9 in history')
  })

  it('refuses a paused Deployment and changes nothing', async () => {
    await history(['1', '2'])
    await t.client.patchDeployment(t.namespace, 'web', { spec: { paused: true } }, 'merge')
    const generation = (await deployment()).metadata!.generation
    const error = await rolloutUndo(t.client, t.namespace, 'web').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UndoRefused)
    expect((error as UndoRefused).refusal).toBe('paused')
    expect((error as Error).message).toMatch(/^you cannot rollback a paused deployment; resume it first/)
    expect((await deployment()).metadata!.generation).toBe(generation)
  })

  it('with revisionHistoryLimit 0 there is no history to roll back to', async () => {
    await history(['1', '2'], { replicas: 1, spec: { revisionHistoryLimit: 0 } })
    // The controller deletes the old ReplicaSet once the rollout is complete.
    await t.kube.until(async () => (await t.client.listReplicaSets(t.namespace, 'app=web')).length === 1, 'the old ReplicaSet to be deleted')
    const error = await rolloutUndo(t.client, t.namespace, 'web').catch((e: unknown) => e)
    expect((error as UndoRefused).refusal).toBe('no-history')
    expect((error as Error).message).toBe('no rollout history found for deployment "web"')
  })

  it('skips when the target template is already current', async () => {
    await history(['1', '2'])
    const first = await rolloutUndo(t.client, t.namespace, 'web', { toRevision: 1 })
    expect(first.plan.action).toBe('patch')
    // The controller moves revision 1's ReplicaSet to the newest revision at once: asking for that one again
    // finds the template already in place. (Revision 1 no longer exists, as with kubectl.)
    await t.kube.until(async () => (await t.client.listReplicaSets(t.namespace, 'app=web')).some((rs) => revisionOf(rs) === 3), 'revision 3')
    const again = await rolloutUndo(t.client, t.namespace, 'web', { toRevision: 3 })
    expect(again.plan).toEqual({ action: 'skip', toRevision: 3, message: 'skipped rollback (current template already matches revision 3)' })
    await expect(rolloutUndo(t.client, t.namespace, 'web', { toRevision: 1 })).rejects.toThrow('unable to find specified revision 1 in history')
  })

  it('retries a 5xx during the undo and the rollback happens exactly once', async () => {
    await history(['1', '2'])
    const generation = (await deployment()).metadata!.generation!
    t.proxy.faults.error(deploymentPath(), 503, { method: 'PATCH', times: 2 })
    const mark = t.proxy.requests.length
    await rolloutUndo(t.client, t.namespace, 'web')
    expect(t.proxy.requests.slice(mark).filter((r) => r.method === 'PATCH').map((r) => r.status)).toEqual([503, 503, 200])
    expect((await deployment()).metadata!.generation).toBe(generation + 1)
    await podsAre(['1', '1', '1'])
  })

  it('a 409 on the undo patch resends the same target, never a re-planned one', async () => {
    await history(['1', '2'])
    t.proxy.faults.conflict(deploymentPath(), { method: 'PATCH', times: 1 })
    const mark = t.proxy.requests.length
    const patches = patchBodies()
    const result = await rolloutUndo(t.client, t.namespace, 'web')
    expect(result.plan).toMatchObject({ action: 'patch', toImages: [t.image('1')] })
    const sent = t.proxy.requests.slice(mark).filter((r) => r.method === 'PATCH' && r.path === deploymentPath())
    expect(sent.map((r) => r.status)).toEqual([409, 200])
    // The same target template and annotations (the resourceVersion test is of the Deployment read again).
    const bodies = patches.mock.calls.map((call) => JSON.stringify((call[0].body as unknown[]).slice(1)))
    expect(bodies).toHaveLength(2)
    expect(bodies[1]).toBe(bodies[0])
    await podsAre(['1', '1', '1'])
  })

  it("keeps what a kubectl apply wrote between the undo's read and its patch (its last-applied-configuration), as a later kubectl apply needs it", async () => {
    const manifest = (tag: Tag, labels: Record<string, string> = {}) => {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'undo-apply-')), 'web.json')
      const d = webDeployment(t.image(tag), { replicas: 2, spec: { strategy: ALL_AT_ONCE } })
      writeFileSync(file, JSON.stringify({ ...d, metadata: { ...d.metadata, namespace: t.namespace, labels: { ...d.metadata!.labels, ...labels } } }))
      return file
    }
    const apply = (file: string) => execFileAsync(t.kube.cluster.kubectl, ['--kubeconfig', t.kube.cluster.kubeconfig, 'apply', '-f', file])
    await apply(manifest('1'))
    await rolledOut()
    await apply(manifest('2'))
    await rolledOut()
    // The undo's patch is held up; meanwhile the same manifest is applied again with a label (the template unchanged).
    t.proxy.faults.latency(deploymentPath(), 1500, { method: 'PATCH', times: 1 })
    const mark = t.proxy.requests.length
    const undo = rolloutUndo(t.client, t.namespace, 'web')
    await t.kube.until(() => t.proxy.requests.slice(mark).some((r) => r.method === 'PATCH'), 'the undo patch sent')
    await apply(manifest('2', { team: 'payments' }))
    const result = await undo
    expect(result.plan).toMatchObject({ action: 'patch', toImages: [t.image('1')] })
    const after = await deployment()
    expect(after.spec!.template.spec!.containers[0]!.image).toBe(t.image('1'))
    expect(after.metadata!.labels!.team).toBe('payments')
    expect(JSON.parse(after.metadata!.annotations!['kubectl.kubernetes.io/last-applied-configuration']!)).toMatchObject({ metadata: { labels: { team: 'payments' } } })
    expect(t.proxy.requests.slice(mark).filter((r) => r.method === 'PATCH').map((r) => r.status)).toEqual([422, 200])
  })

  it('never rolls back a version deployed between its read and its patch: refused, that version left running', async () => {
    await history(['1', '2'])
    t.proxy.faults.latency(deploymentPath(), 1500, { method: 'PATCH', times: 1 })
    const mark = t.proxy.requests.length
    const undo = rolloutUndo(t.client, t.namespace, 'web').catch((e: unknown) => e)
    await t.kube.until(() => t.proxy.requests.slice(mark).some((r) => r.method === 'PATCH'), 'the undo patch sent')
    await t.kube.apps.patchNamespacedDeployment({ namespace: t.namespace, name: 'web', body: [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: t.image('3') }] })
    const error = await undo
    expect(error).toBeInstanceOf(UndoRefused)
    expect((error as UndoRefused).refusal).toBe('changed')
    expect((error as Error).message).toMatch(new RegExp(`^deployment "web" was changed by another writer while it was being rolled back: it now runs ${t.image('3')}.*, not the ${t.image('2')} that was judged, so it is left as it is$`))
    expect((await deployment()).spec!.template.spec!.containers[0]!.image).toBe(t.image('3'))
    await podsAre(['3', '3', '3'])
  })

  it('carries the change-cause of the target revision back', async () => {
    await t.kube.create(webDeployment(t.image('1'), { replicas: 1, annotations: { 'kubernetes.io/change-cause': 'release 1' } }))
    await rolledOut()
    await t.client.patchDeployment(
      t.namespace,
      'web',
      { metadata: { annotations: { 'kubernetes.io/change-cause': 'release 2' } }, spec: { template: { spec: { containers: [{ name: 'app', image: t.image('2') }] } } } },
      'strategic'
    )
    await observed()
    await rolloutUndo(t.client, t.namespace, 'web')
    expect((await deployment()).metadata!.annotations!['kubernetes.io/change-cause']).toBe('release 1')
  })
})
