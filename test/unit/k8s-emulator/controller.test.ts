import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import * as k8s from '@kubernetes/client-node'
import { startEmulator, type Emulator, type KObject } from '../../support/k8s-emulator/index.js'
import { clientsFor, deploymentManifest } from './fixtures.js'

let emulator: Emulator
let clients: ReturnType<typeof clientsFor>

beforeEach(async () => {
  emulator = await startEmulator({
    images: {
      'web:1': { readyAfterMs: 1000 },
      'web:2': { readyAfterMs: 2000 },
      'web:bad': { failure: 'ImagePullBackOff' },
      'web:crash': { failure: 'CrashLoopBackOff', crashAfterMs: 500 },
      'web:config': { failure: 'CreateContainerConfigError' }
    }
  })
  clients = clientsFor(emulator)
})
afterEach(() => emulator.stop())

const deployment = (name = 'web'): KObject => emulator.store.get('Deployment', 'default', name)!
const replicaSets = (name = 'web'): KObject[] =>
  emulator.store.list('ReplicaSet', 'default').filter((rs) => rs.metadata.ownerReferences?.some((r) => r.name === name))
const pods = (): KObject[] => emulator.store.list('Pod', 'default')
const condition = (d: KObject, type: string) => (d.status?.conditions ?? []).find((c: { type: string }) => c.type === type)
const complete = (name = 'web'): boolean => {
  const d = deployment(name)
  const s = d.status ?? {}
  return s.observedGeneration >= d.metadata.generation! && s.updatedReplicas === d.spec.replicas && s.replicas === d.spec.replicas && s.availableReplicas === d.spec.replicas
}
const setImage = (image: string, name = 'web') =>
  clients.apps.patchNamespacedDeployment(
    { name, namespace: 'default', body: { spec: { template: { spec: { containers: [{ name: 'app', image }] } } } } },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch)
  )

async function deployed(image = 'web:1', replicas = 4, spec: Record<string, unknown> = {}): Promise<void> {
  await clients.apps.createNamespacedDeployment({ namespace: 'default', body: deploymentManifest('web', image, { replicas, spec }) })
  emulator.clock.advanceUntil(() => complete())
}

describe('a first rollout', () => {
  it('creates one ReplicaSet with a pod-template-hash, pods that become Ready, and complete status', async () => {
    await clients.apps.createNamespacedDeployment({ namespace: 'default', body: deploymentManifest('web', 'web:1', { replicas: 3 }) })
    // Before the controllers run, status is empty: observedGeneration lags generation.
    expect(deployment().status).toBeUndefined()
    emulator.clock.settle()
    const [rs] = replicaSets()
    const hash = rs!.metadata.labels!['pod-template-hash']!
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/)
    expect(rs!.metadata.name).toBe(`web-${hash}`)
    expect(rs!.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash })
    expect(rs!.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' })
    expect(pods()).toHaveLength(3)
    expect(pods()[0]!.metadata.name).toMatch(new RegExp(`^web-${hash}-[a-z0-9]{5}$`))
    expect(pods()[0]!.status.containerStatuses[0].state.waiting.reason).toBe('ContainerCreating')
    expect(deployment().status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 0, unavailableReplicas: 3 })
    // NewReplicaSetCreated is replaced by ReplicaSetUpdated in the same sync, once the new ReplicaSet scaled up.
    expect(condition(deployment(), 'Progressing')).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated' })
    expect(deployment().metadata.annotations!['deployment.kubernetes.io/revision']).toBe('1')

    emulator.clock.advance(1000)
    expect(pods().every((p) => p.status.phase === 'Running' && p.status.containerStatuses[0].ready)).toBe(true)
    expect(deployment().status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 })
    expect(condition(deployment(), 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "web-${hash}" has successfully progressed.` })
    expect(condition(deployment(), 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' })
  })

  it('minReadySeconds delays availability', async () => {
    await clients.apps.createNamespacedDeployment({ namespace: 'default', body: deploymentManifest('web', 'web:1', { replicas: 2, spec: { minReadySeconds: 10 } }) })
    emulator.clock.advance(2000)
    expect(deployment().status).toMatchObject({ readyReplicas: 2, availableReplicas: 0 })
    emulator.clock.advance(10_000)
    expect(deployment().status).toMatchObject({ readyReplicas: 2, availableReplicas: 2 })
  })
})

describe('rolling updates', () => {
  it('never exceeds maxSurge or drops below maxUnavailable, and ends with the old ReplicaSet at 0', async () => {
    await deployed('web:1', 4, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } })
    await setImage('web:2')
    const seen: Array<{ total: number; available: number }> = []
    emulator.clock.advanceUntil(
      () => {
        const sets = replicaSets()
        seen.push({ total: sets.reduce((n, rs) => n + rs.spec.replicas, 0), available: sets.reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0) })
        return complete()
      },
      { stepMs: 250 }
    )
    expect(Math.max(...seen.map((s) => s.total))).toBe(5)
    expect(Math.min(...seen.map((s) => s.available))).toBe(4)
    const sets = replicaSets().sort((a, b) => Number(a.metadata.annotations!['deployment.kubernetes.io/revision']) - Number(b.metadata.annotations!['deployment.kubernetes.io/revision']))
    expect(sets.map((rs) => [rs.metadata.annotations!['deployment.kubernetes.io/revision'], rs.spec.replicas, rs.spec.template.spec.containers[0].image])).toEqual([
      ['1', 0, 'web:1'],
      ['2', 4, 'web:2']
    ])
    expect(pods().map((p) => p.spec.containers[0].image)).toEqual(Array(4).fill('web:2'))
    expect(deployment().metadata.annotations!['deployment.kubernetes.io/revision']).toBe('2')
    const events = await clients.core.listNamespacedEvent({ namespace: 'default', fieldSelector: 'involvedObject.kind=Deployment,involvedObject.name=web' })
    expect(events.items.map((e) => e.message)).toContain(`Scaled down replica set ${sets[0]!.metadata.name} from 1 to 0`)
  })

  it('with default 25% fenceposts a 4-replica update surges by 1 and keeps 3 available', async () => {
    await deployed('web:1', 4)
    await setImage('web:2')
    emulator.clock.settle()
    const revision = (rs: KObject): number => Number(rs.metadata.annotations!['deployment.kubernetes.io/revision'])
    const [old, next] = replicaSets().sort((a, b) => revision(a) - revision(b))
    // maxSurge 25% of 4 rounds up to 1, maxUnavailable 25% rounds down to 1: old 4 -> 3, new 0 -> 2.
    expect(old!.spec.replicas).toBe(3)
    expect(next!.spec.replicas).toBe(2)
    expect(deployment().status.updatedReplicas).toBe(2)
  })

  it('Recreate scales the old ReplicaSet to 0 before creating pods of the new one', async () => {
    await deployed('web:1', 2, { strategy: { type: 'Recreate' } })
    await setImage('web:2')
    emulator.clock.settle()
    expect(pods().map((p) => p.spec.containers[0].image)).toEqual(['web:2', 'web:2'])
    expect(replicaSets().map((rs) => rs.spec.replicas).sort()).toEqual([0, 2])
  })

  it('a paused Deployment records template changes but makes no rollout progress until resumed', async () => {
    await deployed('web:1', 2)
    await clients.apps.patchNamespacedDeployment({ name: 'web', namespace: 'default', body: { spec: { paused: true } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch))
    await setImage('web:2')
    emulator.clock.advance(60_000)
    expect(replicaSets()).toHaveLength(1)
    expect(condition(deployment(), 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused' })
    expect(deployment().status.observedGeneration).toBe(deployment().metadata.generation)
    await clients.apps.patchNamespacedDeployment({ name: 'web', namespace: 'default', body: { spec: { paused: false } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch))
    emulator.clock.advanceUntil(() => complete())
    expect(replicaSets()).toHaveLength(2)
    expect(pods().map((p) => p.spec.containers[0].image)).toEqual(['web:2', 'web:2'])
  })

  it('scaling mid-rollout spreads replicas proportionally (the example of the Deployment docs)', async () => {
    // https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#proportional-scaling: 10 replicas,
    // maxSurge 3, maxUnavailable 2, stuck on a bad image: old 8 + new 5; scaled to 15: old 11 + new 7.
    emulator.images['nginx:sometag'] = { failure: 'ImagePullBackOff' }
    await deployed('web:1', 10, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } })
    await setImage('nginx:sometag')
    emulator.clock.advance(5000)
    const sizes = () => Object.fromEntries(replicaSets().map((rs) => [rs.spec.template.spec.containers[0].image, rs.spec.replicas]))
    expect(sizes()).toEqual({ 'web:1': 8, 'nginx:sometag': 5 })
    await clients.apps.patchNamespacedDeploymentScale({ name: 'web', namespace: 'default', body: { spec: { replicas: 15 } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch))
    emulator.clock.advance(1000)
    expect(sizes()).toEqual({ 'web:1': 11, 'nginx:sometag': 7 })
  })

  it('scaling does not create a revision', async () => {
    await deployed('web:1', 2)
    await clients.apps.patchNamespacedDeploymentScale({ name: 'web', namespace: 'default', body: { spec: { replicas: 5 } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch))
    emulator.clock.advanceUntil(() => complete())
    expect(replicaSets()).toHaveLength(1)
    expect(pods()).toHaveLength(5)
  })
})

describe('failing rollouts', () => {
  it('ImagePullBackOff: ErrImagePull then ImagePullBackOff, pods Pending, ProgressDeadlineExceeded after the deadline', async () => {
    await deployed('web:1', 2, { progressDeadlineSeconds: 60 })
    const firstFailure: number[] = []
    const unsubscribe = emulator.store.subscribe((change) => {
      if (change.kind === 'Pod' && change.object.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ErrImagePull') firstFailure.push(change.at)
    })
    const patchedAt = emulator.clock.now()
    await setImage('web:bad')
    emulator.clock.advance(1500)
    unsubscribe()
    // The pull fails 1 s (failAfterMs default) after the pod was created.
    expect(firstFailure[0]! - patchedAt).toBe(1000)
    const bad = () => pods().filter((p) => p.spec.containers[0].image === 'web:bad')
    expect(bad()[0]!.status.phase).toBe('Pending')
    expect(bad()[0]!.status.containerStatuses[0].state.waiting).toMatchObject({ reason: 'ErrImagePull' })
    emulator.clock.advance(1000)
    expect(bad()[0]!.status.containerStatuses[0].state.waiting).toMatchObject({ reason: 'ImagePullBackOff', message: expect.stringContaining('Back-off pulling image "web:bad"') })
    expect(condition(deployment(), 'Progressing')).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated' })
    emulator.clock.advance(60_000)
    expect(condition(deployment(), 'Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded', message: expect.stringContaining('has timed out progressing') })
    // maxSurge 25% of 2 rounds up to 1, maxUnavailable down to 0: both old pods keep serving, and Kubernetes takes
    // no action beyond the condition.
    expect(deployment().status).toMatchObject({ replicas: 3, availableReplicas: 2, updatedReplicas: 1, unavailableReplicas: 1 })
    const events = await clients.core.listNamespacedEvent({ namespace: 'default', fieldSelector: `involvedObject.name=${bad()[0]!.metadata.name}` })
    expect(events.items.map((e) => e.reason)).toEqual(expect.arrayContaining(['Failed', 'BackOff']))
  })

  it('CrashLoopBackOff counts restarts with the kubelet back-off and keeps the pod Running but not Ready', async () => {
    await deployed('web:1', 1)
    await setImage('web:crash')
    emulator.clock.advance(200 + 500 + 1)
    const crashing = () => pods().find((p) => p.spec.containers[0].image === 'web:crash')!
    expect(crashing().status.containerStatuses[0]).toMatchObject({ restartCount: 1, ready: false, state: { running: expect.any(Object) }, lastState: { terminated: { exitCode: 1, reason: 'Error' } } })
    emulator.clock.advance(500)
    expect(crashing().status.containerStatuses[0]).toMatchObject({ restartCount: 1, state: { waiting: { reason: 'CrashLoopBackOff' } } })
    // Crashes at 0.7 s (restarted at once), 1.2 s (10 s back-off), 11.7 s (20 s), 32.2 s (40 s back-off).
    emulator.clock.advance(31_800)
    expect(crashing().status.containerStatuses[0]).toMatchObject({ restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } })
    expect(crashing().status.phase).toBe('Running')
    const log = await clients.core.readNamespacedPodLog({ name: crashing().metadata.name!, namespace: 'default', tailLines: 1 })
    expect(log).toBe('fatal: cannot start: exit code 1\n')
  })

  it('a container that becomes Ready and then crashes completes the rollout, then loses availability', async () => {
    emulator.images['web:late-crash'] = { failure: 'CrashLoopBackOff', readyAfterMs: 1000, crashAfterMs: 30_000 }
    await deployed('web:1', 2)
    await setImage('web:late-crash')
    emulator.clock.advanceUntil(() => complete())
    expect(condition(deployment(), 'Progressing')).toMatchObject({ reason: 'NewReplicaSetAvailable' })
    // First crash after 30 s: restarted at once, Ready again 1 s later; second crash after 60 s: 10 s back-off.
    emulator.clock.advance(62_000)
    expect(deployment().status).toMatchObject({ availableReplicas: 0, unavailableReplicas: 2 })
    expect(condition(deployment(), 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' })
    // A completed rollout keeps Progressing=NewReplicaSetAvailable: only Available reflects the crash.
    expect(condition(deployment(), 'Progressing')).toMatchObject({ reason: 'NewReplicaSetAvailable' })
    expect(pods()[0]!.status.containerStatuses[0]).toMatchObject({ restartCount: 1 })
  })

  it('CreateContainerConfigError shows as a waiting reason with its message', async () => {
    await clients.apps.createNamespacedDeployment({ namespace: 'default', body: deploymentManifest('web', 'web:config', { replicas: 1 }) })
    emulator.clock.advance(5000)
    const pod = pods()[0]!
    expect(pod.status.phase).toBe('Pending')
    expect(pod.status.containerStatuses[0].state.waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'secret "app-config" not found' })
    expect(deployment().status).toMatchObject({ replicas: 1, availableReplicas: 0, unavailableReplicas: 1 })
  })
})

describe('revisions and rollback by template', () => {
  it('an old template brought back reuses its ReplicaSet, which gets the newest revision', async () => {
    await deployed('web:1', 2)
    const first = replicaSets()[0]!
    await setImage('web:2')
    emulator.clock.advanceUntil(() => complete())
    await setImage('web:1')
    emulator.clock.advanceUntil(() => complete())
    const sets = replicaSets()
    expect(sets).toHaveLength(2)
    const reused = sets.find((rs) => rs.metadata.uid === first.metadata.uid)!
    expect(reused.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('3')
    expect(reused.metadata.annotations!['deployment.kubernetes.io/revision-history']).toBe('1')
    expect(reused.spec.replicas).toBe(2)
    expect(deployment().metadata.annotations!['deployment.kubernetes.io/revision']).toBe('3')
  })

  it('revisionHistoryLimit prunes the oldest scaled-down ReplicaSets; 0 keeps none', async () => {
    await deployed('web:1', 1, { revisionHistoryLimit: 1 })
    for (const image of ['web:2', 'web:3', 'web:4']) {
      await setImage(image)
      emulator.clock.advanceUntil(() => complete())
    }
    expect(replicaSets().map((rs) => rs.spec.template.spec.containers[0].image).sort()).toEqual(['web:3', 'web:4'])
    await clients.apps.patchNamespacedDeployment({ name: 'web', namespace: 'default', body: { spec: { revisionHistoryLimit: 0 } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch))
    await setImage('web:5')
    emulator.clock.advanceUntil(() => complete())
    expect(replicaSets().map((rs) => rs.spec.template.spec.containers[0].image)).toEqual(['web:5'])
  })

  it('deleting a Deployment removes its ReplicaSets and pods', async () => {
    await deployed('web:1', 2)
    await clients.apps.deleteNamespacedDeployment({ name: 'web', namespace: 'default' })
    emulator.clock.settle()
    expect(replicaSets()).toEqual([])
    expect(pods()).toEqual([])
  })
})
