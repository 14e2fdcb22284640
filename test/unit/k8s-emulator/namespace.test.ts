/** Namespaces as the API server and the namespace controller handle them. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startEmulator, type Emulator, type StoreChange } from '../../support/k8s-emulator/index.js'
import { clientsFor, deploymentManifest, rawRequest, statusOf } from './fixtures.js'

let emulator: Emulator
let clients: ReturnType<typeof clientsFor>

beforeAll(async () => {
  emulator = await startEmulator()
  clients = clientsFor(emulator)
})
afterAll(() => emulator.stop())

const inNamespace = (namespace: string, name: string) => ({ ...deploymentManifest(name, 'web:1'), metadata: { name, namespace, labels: { app: name } } })

describe('namespaces', () => {
  it('refuses to create in a namespace that does not exist, and finds nothing else there', async () => {
    const created = await statusOf(clients.apps.createNamespacedDeployment({ namespace: 'ghost', body: inNamespace('ghost', 'web') }))
    expect(created).toMatchObject({ code: 404, body: { reason: 'NotFound', message: 'namespaces "ghost" not found', details: { name: 'ghost', kind: 'namespaces' } } })
    expect(() => emulator.store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ghost' } })).toThrow('namespaces "ghost" not found')
    // Reads are not admission-checked: the object itself is missing.
    const read = await statusOf(clients.apps.readNamespacedDeployment({ name: 'web', namespace: 'ghost' }))
    expect(read).toMatchObject({ code: 404, body: { message: 'deployments.apps "web" not found' } })
    await expect(clients.apps.listNamespacedDeployment({ namespace: 'ghost' })).resolves.toMatchObject({ items: [] })
  })

  it('deletes a namespace through Terminating: contents first, then the namespace', async () => {
    await clients.core.createNamespace({ body: { metadata: { name: 'doomed' } } })
    await clients.apps.createNamespacedDeployment({ namespace: 'doomed', body: inNamespace('doomed', 'web') })
    await clients.core.createNamespacedConfigMap({ namespace: 'doomed', body: { metadata: { name: 'settings' }, data: { a: '1' } } })
    emulator.clock.advance(2_000)
    expect(emulator.store.list('Pod', 'doomed')).toHaveLength(3)

    const changes: StoreChange[] = []
    const unsubscribe = emulator.store.subscribe((change) => changes.push(change))
    // Raw: client-node reads the answer as a V1Status and drops the namespace's metadata.
    const raw = await rawRequest(emulator, 'DELETE', '/api/v1/namespaces/doomed', { token: emulator.token })
    unsubscribe()
    expect(raw.status).toBe(200)
    const answer = JSON.parse(raw.text) as { kind: string; metadata: { deletionTimestamp?: unknown }; status: { phase: string } }

    expect(answer).toMatchObject({ kind: 'Namespace', status: { phase: 'Terminating' } })
    expect(answer.metadata.deletionTimestamp).toBeDefined()
    const namespaceChanges = changes.filter((c) => c.kind === 'Namespace')
    expect(namespaceChanges.map((c) => [c.type, c.object.status?.phase])).toEqual([
      ['MODIFIED', 'Terminating'],
      ['MODIFIED', 'Terminating'],
      ['DELETED', 'Terminating']
    ])
    expect(namespaceChanges[1]!.object.spec.finalizers).toEqual([])
    const firstContent = changes.findIndex((c) => c.kind !== 'Namespace')
    const lastContent = changes.length - 1 - [...changes].reverse().findIndex((c) => c.kind !== 'Namespace')
    expect(changes.indexOf(namespaceChanges[0]!)).toBeLessThan(firstContent)
    expect(changes.indexOf(namespaceChanges[2]!)).toBeGreaterThan(lastContent)
    expect(new Set(changes.filter((c) => c.kind !== 'Namespace').map((c) => `${c.type} ${c.kind}`))).toEqual(
      new Set(['DELETED Pod', 'DELETED ReplicaSet', 'DELETED Deployment', 'DELETED ConfigMap', 'DELETED Event'])
    )

    for (const kind of ['Pod', 'ReplicaSet', 'Deployment', 'ConfigMap', 'Event']) expect(emulator.store.list(kind, 'doomed')).toEqual([])
    expect((await statusOf(clients.core.readNamespace({ name: 'doomed' }))).body.message).toBe('namespaces "doomed" not found')
    const again = await statusOf(clients.apps.createNamespacedDeployment({ namespace: 'doomed', body: inNamespace('doomed', 'web') }))
    expect(again.body.message).toBe('namespaces "doomed" not found')
    // Nothing comes back once the controllers run again.
    emulator.clock.advance(5_000)
    expect(emulator.store.list('Pod', 'doomed')).toEqual([])
  })
})
