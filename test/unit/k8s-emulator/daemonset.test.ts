import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import * as k8s from '@kubernetes/client-node'
import { startEmulator, type Emulator, type KObject } from '../../support/k8s-emulator/index.js'
import { computeHash } from '../../support/k8s-emulator/controllers/deployment-util.js'
import { clientsFor, statusOf } from './fixtures.js'

let emulator: Emulator
let clients: ReturnType<typeof clientsFor>

beforeEach(async () => {
  emulator = await startEmulator({
    images: {
      'agent:1': { readyAfterMs: 1000 },
      'agent:2': { readyAfterMs: 2000 },
      'agent:bad': { failure: 'ImagePullBackOff' }
    }
  })
  clients = clientsFor(emulator)
})
afterEach(() => emulator.stop())

const strategic = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch)

function manifest(image: string, spec: Record<string, unknown> = {}): k8s.V1DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image }] } },
      ...spec
    }
  }
}

const create = (image = 'agent:1', spec: Record<string, unknown> = {}) => clients.apps.createNamespacedDaemonSet({ namespace: 'default', body: manifest(image, spec) })
const patch = (body: object) => clients.apps.patchNamespacedDaemonSet({ name: 'agent', namespace: 'default', body }, strategic)
const setImage = (image: string) => patch({ spec: { template: { spec: { containers: [{ name: 'agent', image }] } } } })
const status = async () => (await clients.apps.readNamespacedDaemonSetStatus({ name: 'agent', namespace: 'default' })).status!
const revisions = async () =>
  (await clients.apps.listNamespacedControllerRevision({ namespace: 'default', labelSelector: 'app=agent' })).items.sort((a, b) => a.revision - b.revision)
const pods = (): KObject[] => emulator.store.list('Pod', 'default')
const ds = (): KObject => emulator.store.get('DaemonSet', 'default', 'agent')!
const complete = (): boolean => {
  const d = ds()
  const s = d.status ?? {}
  return s.observedGeneration === d.metadata.generation && s.updatedNumberScheduled === s.desiredNumberScheduled && s.numberAvailable === s.desiredNumberScheduled
}

describe('DaemonSet API', () => {
  it('applies the API server defaults, the template generation annotation, and validates the selector', async () => {
    const created = await create()
    expect(created.spec).toMatchObject({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, revisionHistoryLimit: 10 })
    expect(created.spec!.template.spec!.containers[0]).toMatchObject({ imagePullPolicy: 'IfNotPresent' })
    expect(created.metadata!.annotations).toEqual({ 'deprecated.daemonset.template.generation': '1' })
    // A change outside the template keeps the template generation; a template change bumps it.
    expect((await patch({ spec: { minReadySeconds: 0, revisionHistoryLimit: 5 } })).metadata!.annotations!['deprecated.daemonset.template.generation']).toBe('1')
    expect((await setImage('agent:2')).metadata!.annotations!['deprecated.daemonset.template.generation']).toBe('2')

    const { code, body } = await statusOf(
      clients.apps.createNamespacedDaemonSet({ namespace: 'default', body: { ...manifest('agent:1'), metadata: { name: 'other' }, spec: { ...manifest('agent:1').spec!, selector: { matchLabels: { app: 'x' } } } } })
    )
    expect(code).toBe(422)
    expect(body.message).toContain('`selector` does not match template `labels`')
    const zero = await statusOf(patch({ spec: { updateStrategy: { rollingUpdate: { maxUnavailable: 0 } } } }))
    expect(zero.code).toBe(422)
  })
})

describe('DaemonSet controller', () => {
  it('runs one pod on the node, with the revision hash, template generation, node affinity and daemon tolerations', async () => {
    await create()
    emulator.clock.settle()
    const [revision] = await revisions()
    const hash = revision!.metadata!.labels!['controller-revision-hash']!
    expect(revision!.metadata!.name).toBe(`agent-${hash}`)
    expect(revision!.revision).toBe(1)
    expect(revision!.metadata!.annotations).toEqual({ 'deprecated.daemonset.template.generation': '1' })
    expect(revision!.data).toMatchObject({ spec: { template: { $patch: 'replace', metadata: { creationTimestamp: null, labels: { app: 'agent' } } } } })
    const [pod] = pods()
    expect(pod!.metadata.name).toMatch(/^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/)
    expect(pod!.metadata.labels).toEqual({ app: 'agent', 'controller-revision-hash': hash, 'pod-template-generation': '1' })
    expect(pod!.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'DaemonSet', name: 'agent', controller: true })])
    expect(pod!.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['emulator-node'] }] }
    ])
    expect(pod!.spec.tolerations).toContainEqual({ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' })
    expect(pod!.spec.nodeName).toBe('emulator-node')
    expect(await status()).toEqual({ currentNumberScheduled: 1, numberMisscheduled: 0, desiredNumberScheduled: 1, numberReady: 0, observedGeneration: 1, updatedNumberScheduled: 1, numberUnavailable: 1 })

    emulator.clock.advance(1000)
    expect(await status()).toEqual({ currentNumberScheduled: 1, numberMisscheduled: 0, desiredNumberScheduled: 1, numberReady: 1, observedGeneration: 1, updatedNumberScheduled: 1, numberAvailable: 1 })
    const events = (await clients.core.listNamespacedEvent({ namespace: 'default', fieldSelector: 'involvedObject.name=agent' })).items
    expect(events.map((e) => `${e.reason} ${e.message}`)).toEqual([`SuccessfulCreate Created pod: ${pod!.metadata.name}`])
  })

  it('rolls out by deleting the old pod and creating one from the new revision, with status at each stage', async () => {
    await create()
    emulator.clock.advanceUntil(complete)
    const [old] = pods()
    await setImage('agent:2')
    expect((await status()).observedGeneration).toBe(1)
    emulator.clock.settle()
    const [first, second] = await revisions()
    expect([first!.revision, second!.revision]).toEqual([1, 2])
    const [replacement] = pods()
    expect(replacement!.metadata.name).not.toBe(old!.metadata.name)
    expect(replacement!.metadata.labels).toMatchObject({ 'controller-revision-hash': second!.metadata!.labels!['controller-revision-hash'], 'pod-template-generation': '2' })
    expect(replacement!.spec.containers[0].image).toBe('agent:2')
    expect(await status()).toEqual({ currentNumberScheduled: 1, numberMisscheduled: 0, desiredNumberScheduled: 1, numberReady: 0, observedGeneration: 2, updatedNumberScheduled: 1, numberUnavailable: 1 })
    const events = (await clients.core.listNamespacedEvent({ namespace: 'default', fieldSelector: 'involvedObject.name=agent' })).items.map((e) => `${e.reason} ${e.message}`)
    expect(events).toEqual(expect.arrayContaining([`SuccessfulDelete Deleted pod: ${old!.metadata.name}`, `SuccessfulCreate Created pod: ${replacement!.metadata.name}`]))

    emulator.clock.advance(2000)
    expect(await status()).toMatchObject({ numberReady: 1, numberAvailable: 1, updatedNumberScheduled: 1 })
    expect((await status()).numberUnavailable).toBeUndefined()
  })

  it('a stuck rollout shows the new pod unavailable; a rollback reuses the old revision with the next number', async () => {
    await create()
    emulator.clock.advanceUntil(complete)
    await setImage('agent:bad')
    emulator.clock.advance(5 * 60_000)
    expect(pods().map((p) => p.status.containerStatuses[0].state.waiting?.reason)).toEqual(['ImagePullBackOff'])
    expect(await status()).toMatchObject({ desiredNumberScheduled: 1, numberReady: 0, updatedNumberScheduled: 1, numberUnavailable: 1, observedGeneration: 2 })

    const [first] = await revisions()
    await patch(first!.data as object)
    emulator.clock.settle()
    const after = await revisions()
    expect(after.map((r) => [r.metadata!.name, r.revision])).toEqual([
      [after[0]!.metadata!.name, 2],
      [first!.metadata!.name, 3]
    ])
    // Unlike a StatefulSet, the unavailable pod is replaced at once.
    expect(pods().map((p) => p.spec.containers[0].image)).toEqual(['agent:1'])
    expect(pods()[0]!.metadata.labels!['pod-template-generation']).toBe('3')
    emulator.clock.advanceUntil(complete)
    expect(await status()).toMatchObject({ numberReady: 1, numberAvailable: 1, updatedNumberScheduled: 1, observedGeneration: 3 })
  })

  it('with maxSurge the new pod starts first and the old one goes once the new one is available', async () => {
    await create('agent:1', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } })
    emulator.clock.advanceUntil(complete)
    await setImage('agent:2')
    emulator.clock.settle()
    expect(pods().map((p) => p.spec.containers[0].image).sort()).toEqual(['agent:1', 'agent:2'])
    // The oldest pod on the node is the one status counts: still the old, available one.
    const surging = await status()
    expect(surging).toMatchObject({ numberReady: 1, numberAvailable: 1 })
    expect(surging.updatedNumberScheduled).toBeUndefined()
    emulator.clock.advance(1999)
    expect(pods()).toHaveLength(2)
    emulator.clock.advance(1)
    expect(pods().map((p) => p.spec.containers[0].image)).toEqual(['agent:2'])
    expect(await status()).toMatchObject({ numberReady: 1, numberAvailable: 1, updatedNumberScheduled: 1 })
  })

  it('prunes old revisions beyond revisionHistoryLimit', async () => {
    await create('agent:1', { revisionHistoryLimit: 1 })
    emulator.clock.advanceUntil(complete)
    for (const image of ['agent:2', 'agent:1', 'agent:2']) {
      await setImage(image)
      emulator.clock.advanceUntil(complete)
    }
    emulator.images['agent:3'] = {}
    await setImage('agent:3')
    emulator.clock.advanceUntil(complete)
    expect((await revisions()).map((r) => r.revision)).toEqual([4, 5])
  })

  it('on a hash collision bumps status.collisionCount and names the revision with the next hash', async () => {
    await create()
    const template = ds().spec.template
    emulator.store.create({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: `agent-${computeHash(template)}`, namespace: 'default' }, data: { other: true }, revision: 1 })
    emulator.clock.settle()
    const hash = computeHash(template, 1)
    expect(emulator.store.get('ControllerRevision', 'default', `agent-${hash}`)).toBeDefined()
    expect(pods()[0]!.metadata.labels!['controller-revision-hash']).toBe(hash)
    expect((await status()).collisionCount).toBe(1)
  })

  it('runs no pod where the nodeSelector excludes the node', async () => {
    await create('agent:1', { template: { metadata: { labels: { app: 'agent' } }, spec: { nodeSelector: { 'kubernetes.io/os': 'windows' }, containers: [{ name: 'agent', image: 'agent:1' }] } } })
    emulator.clock.advance(5000)
    expect(pods()).toEqual([])
    expect(await status()).toEqual({ currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0, observedGeneration: 1 })
  })
})
