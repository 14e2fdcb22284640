import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { KubeConfig } from '@kubernetes/client-node'
import { KubeClient } from '../../../../src/lib/kube/client.js'
import { revisionHistory, ownedReplicaSets } from '../../../../src/lib/kube/revisions.js'
import { deploymentRolloutStatus } from '../../../../src/lib/kube/rollout-status.js'
import { rolloutUndo, UndoRefused } from '../../../../src/lib/kube/rollout-undo.js'
import { startEmulator, type Emulator, type KObject } from '../../../support/k8s-emulator/index.js'
import { deploymentManifest } from '../../k8s-emulator/fixtures.js'

let emulator: Emulator
let client: KubeClient

beforeEach(async () => {
  emulator = await startEmulator({ images: { 'web:bad': { failure: 'ImagePullBackOff' }, 'web:slow': { readyAfterMs: 20_000 } } })
  const kc = new KubeConfig()
  kc.loadFromString(emulator.kubeconfig)
  client = new KubeClient(kc, { retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 }, log: () => {} })
})
afterEach(() => emulator.stop())

const deployment = (): KObject => emulator.store.get('Deployment', 'default', 'web')!
const images = (): string[] => emulator.store.list('Pod', 'default').map((p) => p.spec.containers[0].image).sort()
const setImage = (image: string) => client.patchDeployment('default', 'web', { spec: { template: { spec: { containers: [{ name: 'app', image }] } } } }, 'strategic')
const statusNow = async () => deploymentRolloutStatus(await client.getDeployment('default', 'web'))

async function history(...imagesInOrder: string[]): Promise<void> {
  const [first, ...rest] = imagesInOrder
  emulator.store.create(deploymentManifest('web', first!, { replicas: 3, spec: { progressDeadlineSeconds: 30 } }))
  emulator.clock.advance(5000)
  for (const image of rest) {
    await setImage(image)
    emulator.clock.advance(10_000)
  }
}

describe('deploymentRolloutStatus (kubectl rollout status)', () => {
  it('waits for the spec to be observed, reports progress, completion and an exceeded deadline', async () => {
    await history('web:1')
    expect((await statusNow()).state).toBe('complete')
    expect((await statusNow()).message).toBe('deployment "web" successfully rolled out')
    await setImage('web:bad')
    expect(await statusNow()).toEqual({ state: 'waiting', message: 'Waiting for deployment spec update to be observed...' })
    emulator.clock.settle()
    expect((await statusNow()).message).toBe('Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...')
    emulator.clock.advance(31_000)
    expect(await statusNow()).toEqual({ state: 'deadline-exceeded', message: 'deployment "web" exceeded its progress deadline' })
  })

  it('with controller latency, an undo to a scaled-down revision first reads the stale ProgressDeadlineExceeded', async () => {
    await emulator.stop()
    emulator = await startEmulator({ images: { 'web:bad': { failure: 'ImagePullBackOff' } }, controllerSyncIntervalMs: 1000 })
    const kc = new KubeConfig()
    kc.loadFromString(emulator.kubeconfig)
    client = new KubeClient(kc, { log: () => {} })
    emulator.store.create(deploymentManifest('web', 'web:1', { replicas: 3, spec: { progressDeadlineSeconds: 30 } }))
    emulator.clock.advance(20_000)
    await setImage('web:2')
    emulator.clock.advance(20_000)
    await setImage('web:bad')
    emulator.clock.advance(40_000)
    expect((await statusNow()).state).toBe('deadline-exceeded')
    // Revision 1's ReplicaSet has no pods: the first sync after the undo scales it up but sees no progress yet, so
    // it observes the new generation and keeps the timed-out condition (progress.go: reused ReplicaSets get no new
    // condition). `rollout status` reports a failure although the rollback is under way.
    await rolloutUndo(client, 'default', 'web', { toRevision: 1 })
    expect((await statusNow()).state).toBe('waiting')
    emulator.clock.advanceUntil(() => {
      const d = emulator.store.get('Deployment', 'default', 'web')!
      return d.status.observedGeneration === d.metadata.generation
    }, { stepMs: 50 })
    expect(await statusNow()).toEqual({ state: 'deadline-exceeded', message: 'deployment "web" exceeded its progress deadline' })
    emulator.clock.advance(1000)
    expect((await statusNow()).state).toBe('waiting')
    emulator.clock.advance(20_000)
    expect((await statusNow()).state).toBe('complete')
  })

  it('follows a rollout with the real client polling while emulated time runs 50x', async () => {
    await history('web:1')
    await setImage('web:slow')
    // 50x: the three 20 s waves take about 1.2 s real, so a poll delayed by a loaded machine still sees them.
    emulator.clock.auto(50)
    const messages = new Set<string>()
    const started = emulator.clock.now()
    for (;;) {
      const status = await statusNow()
      messages.add(status.message.replace(/\d+/g, 'N'))
      if (status.state !== 'waiting') break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    emulator.clock.manual()
    expect((await statusNow()).state).toBe('complete')
    // 3 replicas, surge 1, unavailable 0: three waves of 20 s each.
    expect(emulator.clock.now() - started).toBeGreaterThanOrEqual(60_000)
    expect(messages).toContain('Waiting for deployment "web" rollout to finish: N out of N new replicas have been updated...')
  })
})

describe('rolloutUndo (kubectl rollout undo)', () => {
  it('puts the previous ReplicaSet template back; that ReplicaSet gets the newest revision and its pods return', async () => {
    await history('web:1', 'web:2')
    await setImage('web:bad')
    emulator.clock.advance(5000)
    const result = await rolloutUndo(client, 'default', 'web')
    expect(result.plan).toMatchObject({ action: 'patch', toRevision: 2, fromRevision: 3, fromImages: ['web:bad'], toImages: ['web:2'] })
    const patch = emulator.requests.filter((r) => r.method === 'PATCH').at(-1)!
    expect(patch.contentType).toBe('application/json-patch+json')
    const ops = patch.body as Array<{ path: string; value: { metadata: { labels: Record<string, string> } } }>
    expect(ops.map((o) => o.path)).toEqual(['/spec/template', '/metadata/annotations'])
    expect(ops[0]!.value.metadata.labels).toEqual({ app: 'web' })
    emulator.clock.advance(10_000)
    expect(images()).toEqual(['web:2', 'web:2', 'web:2'])
    expect(deployment().metadata.annotations!['deployment.kubernetes.io/revision']).toBe('4')
    const owned = ownedReplicaSets(await client.getDeployment('default', 'web'), await client.listReplicaSets('default', 'app=web'))
    expect(revisionHistory(owned).map((e) => [e.revision, e.images[0]])).toEqual([
      [1, 'web:1'],
      [3, 'web:bad'],
      [4, 'web:2']
    ])
    expect((await statusNow()).state).toBe('complete')
  })

  it('to-revision picks that revision', async () => {
    await history('web:1', 'web:2', 'web:3')
    const result = await rolloutUndo(client, 'default', 'web', { toRevision: 1 })
    expect(result.plan).toMatchObject({ action: 'patch', toRevision: 1, toImages: ['web:1'] })
    emulator.clock.advance(10_000)
    expect(images()).toEqual(['web:1', 'web:1', 'web:1'])
    await expect(rolloutUndo(client, 'default', 'web', { toRevision: 9 })).rejects.toThrow('unable to find specified revision 9 in history')
  })

  it('refuses a paused Deployment and changes nothing', async () => {
    await history('web:1', 'web:2')
    await client.patchDeployment('default', 'web', { spec: { paused: true } }, 'merge')
    const generation = deployment().metadata.generation
    const error = await rolloutUndo(client, 'default', 'web').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UndoRefused)
    expect((error as UndoRefused).refusal).toBe('paused')
    expect((error as Error).message).toMatch(/^you cannot rollback a paused deployment; resume it first/)
    expect(deployment().metadata.generation).toBe(generation)
  })

  it('with revisionHistoryLimit 0 there is no history to roll back to', async () => {
    emulator.store.create(deploymentManifest('web', 'web:1', { replicas: 1, spec: { revisionHistoryLimit: 0 } }))
    emulator.clock.advance(3000)
    await setImage('web:2')
    emulator.clock.advance(10_000)
    const error = await rolloutUndo(client, 'default', 'web').catch((e: unknown) => e)
    expect((error as UndoRefused).refusal).toBe('no-history')
    expect((error as Error).message).toBe('no rollout history found for deployment "web"')
  })

  it('skips when the target template is already current', async () => {
    await history('web:1', 'web:2')
    const first = await rolloutUndo(client, 'default', 'web', { toRevision: 1 })
    expect(first.plan.action).toBe('patch')
    // Before the controller syncs, revision 1 is still there and equals the template now.
    const second = await rolloutUndo(client, 'default', 'web', { toRevision: 1 })
    expect(second.plan).toEqual({ action: 'skip', toRevision: 1, message: 'skipped rollback (current template already matches revision 1)' })
  })

  it('retries a 5xx during the undo and the rollback happens exactly once', async () => {
    await history('web:1', 'web:2')
    const generation = deployment().metadata.generation!
    emulator.faults.error('/apis/apps/v1/namespaces/default/deployments/web', 503, { method: 'PATCH', times: 2 })
    await rolloutUndo(client, 'default', 'web')
    expect(deployment().metadata.generation).toBe(generation + 1)
    emulator.clock.advance(10_000)
    expect(images()).toEqual(['web:1', 'web:1', 'web:1'])
  })

  it('a 409 on the undo patch resends the same target, never a re-planned one', async () => {
    await history('web:1', 'web:2')
    emulator.faults.conflict('/apis/apps/v1/namespaces/default/deployments/web', { method: 'PATCH', times: 1 })
    const mark = emulator.requests.length
    const result = await rolloutUndo(client, 'default', 'web')
    expect(result.plan).toMatchObject({ action: 'patch', toImages: ['web:1'] })
    const patches = emulator.requests.slice(mark).filter((r) => r.method === 'PATCH' && r.path.endsWith('/deployments/web'))
    expect(patches.map((r) => r.status)).toEqual([409, 200])
    expect(JSON.stringify(patches[1]!.body)).toBe(JSON.stringify(patches[0]!.body))
    emulator.clock.advance(10_000)
    expect(images()).toEqual(['web:1', 'web:1', 'web:1'])
  })

  it('carries the change-cause of the target revision back', async () => {
    emulator.store.create({ ...deploymentManifest('web', 'web:1', { replicas: 1 }), metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, annotations: { 'kubernetes.io/change-cause': 'release 1' } } })
    emulator.clock.advance(3000)
    await client.patchDeployment('default', 'web', { metadata: { annotations: { 'kubernetes.io/change-cause': 'release 2' } }, spec: { template: { spec: { containers: [{ name: 'app', image: 'web:2' }] } } } }, 'strategic')
    emulator.clock.advance(5000)
    await rolloutUndo(client, 'default', 'web')
    expect(deployment().metadata.annotations!['kubernetes.io/change-cause']).toBe('release 1')
  })
})
