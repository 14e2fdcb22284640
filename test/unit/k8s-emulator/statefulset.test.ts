import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import * as k8s from '@kubernetes/client-node'
import { startEmulator, type Emulator, type KObject } from '../../support/k8s-emulator/index.js'
import { hashRevision, templatePatch } from '../../support/k8s-emulator/controllers/history.js'
import { clientsFor, statusOf } from './fixtures.js'

let emulator: Emulator
let clients: ReturnType<typeof clientsFor>

beforeEach(async () => {
  emulator = await startEmulator({
    images: {
      'web:1': { readyAfterMs: 1000 },
      'web:2': { readyAfterMs: 1000 },
      'web:bad': { failure: 'ImagePullBackOff' }
    }
  })
  clients = clientsFor(emulator)
})
afterEach(() => emulator.stop())

const strategic = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch)

function manifest(image: string, spec: Record<string, unknown> = {}): k8s.V1StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'default' },
    spec: {
      replicas: 3,
      serviceName: 'db',
      selector: { matchLabels: { app: 'db' } },
      template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'app', image }] } },
      ...spec
    }
  }
}

const create = (image = 'web:1', spec: Record<string, unknown> = {}) => clients.apps.createNamespacedStatefulSet({ namespace: 'default', body: manifest(image, spec) })
const patch = (body: object) => clients.apps.patchNamespacedStatefulSet({ name: 'db', namespace: 'default', body }, strategic)
const setImage = (image: string) => patch({ spec: { template: { spec: { containers: [{ name: 'app', image }] } } } })
const status = async () => (await clients.apps.readNamespacedStatefulSetStatus({ name: 'db', namespace: 'default' })).status!
const revisions = async () =>
  (await clients.apps.listNamespacedControllerRevision({ namespace: 'default', labelSelector: 'app=db' })).items.sort((a, b) => a.revision - b.revision)
const pods = (): KObject[] => emulator.store.list('Pod', 'default')
const pod = (name: string): KObject | undefined => emulator.store.get('Pod', 'default', name)
const imageOf = (name: string): string | undefined => pod(name)?.spec.containers[0].image
const set = (): KObject => emulator.store.get('StatefulSet', 'default', 'db')!
const complete = (): boolean => {
  const s = set()
  return s.status?.observedGeneration === s.metadata.generation && s.status.currentRevision === s.status.updateRevision && s.status.readyReplicas === s.spec.replicas && s.status.updatedReplicas === s.spec.replicas
}
/** Pod names in the order the controller deleted them while `action` ran. */
function deletions(action: () => void): string[] {
  const deleted: string[] = []
  const unsubscribe = emulator.store.subscribe((change) => {
    if (change.kind === 'Pod' && change.type === 'DELETED') deleted.push(change.object.metadata.name!)
  })
  action()
  unsubscribe()
  return deleted
}

describe('StatefulSet API', () => {
  it('applies the API server defaults and validates selector against template labels', async () => {
    const created = await create('web:1', { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] })
    expect(created.spec).toMatchObject({
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' }
    })
    expect(created.spec!.template.spec!.containers[0]).toMatchObject({ imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' })
    expect(created.spec!.volumeClaimTemplates![0]).toMatchObject({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', spec: { volumeMode: 'Filesystem' }, status: { phase: 'Pending' } })
    expect(created.metadata!.generation).toBe(1)

    const { code, body } = await statusOf(
      clients.apps.createNamespacedStatefulSet({ namespace: 'default', body: { ...manifest('web:1'), metadata: { name: 'other' }, spec: { ...manifest('web:1').spec!, selector: { matchLabels: { app: 'x' } } } } })
    )
    expect(code).toBe(422)
    expect(body.message).toContain('`selector` does not match template `labels`')
    const forbidden = await statusOf(patch({ spec: { serviceName: 'other' } }))
    expect(forbidden.code).toBe(422)
    expect(forbidden.body.message).toContain("updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template'")
  })

  it('keeps an explicit RollingUpdate without rollingUpdate as it is (no partition), as SetDefaults_StatefulSet does', async () => {
    const created = await create('web:1', { updateStrategy: { type: 'RollingUpdate' } })
    expect(created.spec!.updateStrategy).toEqual({ type: 'RollingUpdate' })
  })

  it('serves the scale subresource', async () => {
    await create()
    await clients.apps.patchNamespacedStatefulSetScale({ name: 'db', namespace: 'default', body: { spec: { replicas: 5 } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch))
    const scale = await clients.apps.readNamespacedStatefulSetScale({ name: 'db', namespace: 'default' })
    expect(scale.spec!.replicas).toBe(5)
    expect(scale.status!.selector).toBe('app=db')
  })
})

describe('StatefulSet controller', () => {
  it('creates pods in order, each once the one before is Running and Ready, with identity and revision labels', async () => {
    await create()
    emulator.clock.settle()
    expect(pods().map((p) => p.metadata.name)).toEqual(['db-0'])
    const [revision] = await revisions()
    expect(revision!.metadata!.name).toBe(`db-${revision!.metadata!.labels!['controller.kubernetes.io/hash']}`)
    expect(revision!.revision).toBe(1)
    expect(revision!.metadata!.ownerReferences).toEqual([expect.objectContaining({ kind: 'StatefulSet', name: 'db', controller: true, blockOwnerDeletion: true })])
    expect(revision!.data).toEqual({
      spec: { template: { $patch: 'replace', metadata: { creationTimestamp: null, labels: { app: 'db' } }, spec: expect.objectContaining({ containers: [expect.objectContaining({ image: 'web:1' })] }) } }
    })
    const name = revision!.metadata!.name!
    expect(await status()).toEqual({ observedGeneration: 1, replicas: 1, currentRevision: name, updateRevision: name, currentReplicas: 1, updatedReplicas: 1, collisionCount: 0, availableReplicas: 0 })
    expect(pod('db-0')!.metadata).toMatchObject({
      labels: { app: 'db', 'statefulset.kubernetes.io/pod-name': 'db-0', 'apps.kubernetes.io/pod-index': '0', 'controller-revision-hash': name },
      ownerReferences: [expect.objectContaining({ kind: 'StatefulSet', name: 'db', controller: true })]
    })
    expect(pod('db-0')!.spec).toMatchObject({ hostname: 'db-0', subdomain: 'db' })

    emulator.clock.advance(999)
    expect(pods()).toHaveLength(1)
    emulator.clock.advance(1)
    expect(pods().map((p) => p.metadata.name)).toEqual(['db-0', 'db-1'])
    expect(await status()).toMatchObject({ replicas: 2, readyReplicas: 1, availableReplicas: 1 })
    emulator.clock.advance(1000)
    expect(pods().map((p) => p.metadata.name)).toEqual(['db-0', 'db-1', 'db-2'])
    emulator.clock.advance(1000)
    expect(await status()).toEqual({ observedGeneration: 1, replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, currentRevision: name, updateRevision: name, collisionCount: 0, availableReplicas: 3 })
    const events = (await clients.core.listNamespacedEvent({ namespace: 'default', fieldSelector: 'involvedObject.name=db' })).items
    expect(events.map((e) => `${e.reason} ${e.message}`)).toEqual(
      expect.arrayContaining(['SuccessfulCreate create Pod db-0 in StatefulSet db successful', 'SuccessfulCreate create Pod db-2 in StatefulSet db successful'])
    )
  })

  it('rolls out from the highest ordinal down, one Ready pod at a time, then makes the update revision current', async () => {
    await create()
    emulator.clock.advanceUntil(complete)
    const [first] = await revisions()
    await setImage('web:2')
    emulator.clock.settle()
    const [, second] = await revisions()
    expect(second!.revision).toBe(2)
    expect(pod('db-2')!.metadata.labels!['controller-revision-hash']).toBe(second!.metadata!.name)
    expect(imageOf('db-2')).toBe('web:2')
    expect(imageOf('db-1')).toBe('web:1')
    expect(await status()).toMatchObject({
      observedGeneration: 2,
      replicas: 3,
      readyReplicas: 2,
      currentReplicas: 2,
      updatedReplicas: 1,
      currentRevision: first!.metadata!.name,
      updateRevision: second!.metadata!.name
    })

    const order = deletions(() => emulator.clock.advanceUntil(complete))
    expect(order).toEqual(['db-1', 'db-0'])
    expect(pods().map((p) => p.spec.containers[0].image)).toEqual(['web:2', 'web:2', 'web:2'])
    expect(await status()).toMatchObject({ currentReplicas: 3, updatedReplicas: 3, readyReplicas: 3, currentRevision: second!.metadata!.name, updateRevision: second!.metadata!.name })
  })

  it('updates only ordinals at or above the partition and keeps the current revision until the partition comes down', async () => {
    await create('web:1', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } })
    emulator.clock.advanceUntil(complete)
    await setImage('web:2')
    emulator.clock.advance(60_000)
    expect(pods().map((p) => p.spec.containers[0].image)).toEqual(['web:1', 'web:1', 'web:2'])
    const [first, second] = await revisions()
    expect(await status()).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 2, updatedReplicas: 1, currentRevision: first!.metadata!.name, updateRevision: second!.metadata!.name })

    // A replacement pod below the partition is made from the current revision.
    await clients.core.deleteNamespacedPod({ name: 'db-0', namespace: 'default' })
    emulator.clock.advance(5000)
    expect(imageOf('db-0')).toBe('web:1')

    await patch({ spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } })
    const order = deletions(() => emulator.clock.advanceUntil(complete))
    expect(order).toEqual(['db-1', 'db-0'])
    expect(await status()).toMatchObject({ currentReplicas: 3, updatedReplicas: 3, currentRevision: second!.metadata!.name })
  })

  it('stops a rollout at the first pod that does not become Ready (OrderedReady)', async () => {
    await create()
    emulator.clock.advanceUntil(complete)
    await setImage('web:bad')
    emulator.clock.advance(10 * 60_000)
    expect(pods().map((p) => p.spec.containers[0].image)).toEqual(['web:1', 'web:1', 'web:bad'])
    expect(pod('db-2')!.status.containerStatuses[0].state.waiting.reason).toBe('ImagePullBackOff')
    const [first, second] = await revisions()
    expect(await status()).toMatchObject({
      observedGeneration: 2,
      replicas: 3,
      readyReplicas: 2,
      availableReplicas: 2,
      currentReplicas: 2,
      updatedReplicas: 1,
      currentRevision: first!.metadata!.name,
      updateRevision: second!.metadata!.name
    })
  })

  it('a rollback to an earlier template (kubectl rollout undo: the revision data as a strategic merge patch) reuses its ControllerRevision with the next revision number', async () => {
    await create()
    emulator.clock.advanceUntil(complete)
    await setImage('web:bad')
    emulator.clock.advance(60_000)
    const [first] = await revisions()

    await patch(first!.data as object)
    emulator.clock.settle()
    const after = await revisions()
    expect(after).toHaveLength(2)
    expect(after.map((r) => [r.metadata!.name, r.revision])).toEqual([
      [after[0]!.metadata!.name, 2],
      [first!.metadata!.name, 3]
    ])
    expect(set().spec.template.spec.containers[0].image).toBe('web:1')
    expect(await status()).toMatchObject({ observedGeneration: 3, currentRevision: first!.metadata!.name, updateRevision: first!.metadata!.name })

    // As upstream: the broken pod is not replaced by the controller (it waits for it to become Ready first) ...
    emulator.clock.advance(10 * 60_000)
    expect(imageOf('db-2')).toBe('web:bad')
    expect(await status()).toMatchObject({ readyReplicas: 2, currentReplicas: 2, updatedReplicas: 2 })
    // ... until someone deletes it; then it comes back from the rolled-back revision.
    await clients.core.deleteNamespacedPod({ name: 'db-2', namespace: 'default' })
    emulator.clock.advanceUntil(complete)
    expect(imageOf('db-2')).toBe('web:1')
    expect(await status()).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3 })
  })

  it('prunes revisions beyond revisionHistoryLimit, oldest first, never the current or update revision', async () => {
    await create('web:1', { revisionHistoryLimit: 1 })
    emulator.clock.advanceUntil(complete)
    emulator.images['web:3'] = { readyAfterMs: 1000 }
    emulator.images['web:4'] = { readyAfterMs: 1000 }
    for (const image of ['web:2', 'web:3', 'web:4']) {
      await setImage(image)
      emulator.clock.advanceUntil(complete)
    }
    // The current revision (4) and one more.
    expect((await revisions()).map((r) => r.revision)).toEqual([3, 4])

    // Mid-rollout the current and update revisions are both kept, whatever the limit.
    await patch({ spec: { revisionHistoryLimit: 0 } })
    await setImage('web:bad')
    emulator.clock.advance(60_000)
    const kept = await revisions()
    expect(kept.map((r) => r.revision)).toEqual([4, 5])
    expect((await status()).currentRevision).toBe(kept[0]!.metadata!.name)
  })

  it('scales down from the highest ordinal, one pod at a time', async () => {
    await create('web:1', { replicas: 4 })
    emulator.clock.advanceUntil(complete)
    await patch({ spec: { replicas: 1 } })
    const order = deletions(() => emulator.clock.settle())
    expect(order).toEqual(['db-3', 'db-2', 'db-1'])
    expect(await status()).toMatchObject({ replicas: 1, readyReplicas: 1, currentReplicas: 1, updatedReplicas: 1 })
  })

  it('OnDelete leaves pods alone; a deleted pod comes back from the update revision', async () => {
    await create('web:1', { updateStrategy: { type: 'OnDelete' } })
    emulator.clock.advanceUntil(complete)
    await setImage('web:2')
    emulator.clock.advance(60_000)
    expect(pods().map((p) => p.spec.containers[0].image)).toEqual(['web:1', 'web:1', 'web:1'])
    const held = await status()
    expect(held).toMatchObject({ currentReplicas: 3, observedGeneration: 2 })
    // updatedReplicas 0 is omitted on the wire (omitempty), as from a real API server.
    expect(held.updatedReplicas).toBeUndefined()
    expect(held.updateRevision).not.toBe(held.currentRevision)
    await clients.core.deleteNamespacedPod({ name: 'db-1', namespace: 'default' })
    emulator.clock.advance(5000)
    expect(imageOf('db-1')).toBe('web:2')
    expect(await status()).toMatchObject({ currentReplicas: 2, updatedReplicas: 1 })
  })

  it('Parallel creates and deletes all pods at once, without waiting for readiness', async () => {
    await create('web:1', { podManagementPolicy: 'Parallel' })
    emulator.clock.settle()
    expect(pods().map((p) => p.metadata.name)).toEqual(['db-0', 'db-1', 'db-2'])
    emulator.clock.advanceUntil(complete)
    await patch({ spec: { replicas: 0 } })
    emulator.clock.settle()
    expect(pods()).toEqual([])
  })

  it('on a hash collision (a revision of that name with other data) bumps collisionCount and names the revision with the next hash', async () => {
    await create()
    const data = templatePatch(set())
    emulator.store.create({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: `db-${hashRevision(data, 0)}`, namespace: 'default' }, data: { other: true }, revision: 1 })
    emulator.clock.settle()
    const name = `db-${hashRevision(data, 1)}`
    expect(emulator.store.get('ControllerRevision', 'default', name)!.data).toEqual(data)
    expect(await status()).toMatchObject({ collisionCount: 1, currentRevision: name, updateRevision: name })
  })

  it('deleting the StatefulSet removes its pods and revisions (background cascading deletion)', async () => {
    await create()
    emulator.clock.advanceUntil(complete)
    await clients.apps.deleteNamespacedStatefulSet({ name: 'db', namespace: 'default' })
    emulator.clock.settle()
    expect(pods()).toEqual([])
    expect(emulator.store.list('ControllerRevision', 'default')).toEqual([])
  })
})
