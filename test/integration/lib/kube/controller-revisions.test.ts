/**
 * `kubectl rollout undo` of a DaemonSet as src/lib/kube/controller-revisions.ts sends it, against the real daemon
 * set controller, when someone else writes between the undo's read and its patch: a change that leaves the template
 * alone does not stop the undo; a version deployed meanwhile is never rolled back. The patch is held up in the fault
 * proxy while the other write goes straight to the API server.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { workloadRolloutUndo } from '../../../../src/lib/kube/controller-revisions.js'
import { UndoRefused } from '../../../../src/lib/kube/rollout-undo.js'
import type { KubeServiceTag } from '../../../../local/kube/images.js'
import { webDaemonSet } from '../../../../local/kube/manifests.js'
import { kubeLibTest, type KubeLibTest } from './setup.js'

let t: KubeLibTest
beforeEach(async () => {
  t = await kubeLibTest('kube-revisions')
})
afterEach(() => t?.close())

const daemonSetPath = () => `/apis/apps/v1/namespaces/${t.namespace}/daemonsets/agent`
const read = () => t.kube.apps.readNamespacedDaemonSet({ namespace: t.namespace, name: 'agent' })
const imageOf = async () => (await read()).spec!.template.spec!.containers[0]!.image
const setImage = (tag: KubeServiceTag) =>
  t.kube.apps.patchNamespacedDaemonSet({ namespace: t.namespace, name: 'agent', body: [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: t.image(tag) }] })
const revisions = async () => (await t.kube.apps.listNamespacedControllerRevision({ namespace: t.namespace, labelSelector: 'app=agent' })).items.length

/** Versions 1 then 2, each recorded by the controller as a ControllerRevision. */
async function history(): Promise<void> {
  await t.kube.create(webDaemonSet(t.image('1'), { name: 'agent' }))
  await t.kube.until(async () => (await revisions()) === 1, 'revision 1 recorded')
  await setImage('2')
  await t.kube.until(async () => (await revisions()) === 2, 'revision 2 recorded')
}

/** Starts the undo with its PATCH held for 1.5 s, and resolves once the proxy has that PATCH in hand. */
async function undoHeldUp(): Promise<{ result: Promise<unknown>; patches: () => (number | undefined)[] }> {
  t.proxy.faults.latency(daemonSetPath(), 1500, { method: 'PATCH', times: 1 })
  const mark = t.proxy.requests.length
  const patches = () => t.proxy.requests.slice(mark).filter((r) => r.method === 'PATCH').map((r) => r.status)
  const result = workloadRolloutUndo(t.client, 'DaemonSet', t.namespace, 'agent').catch((error: unknown) => error)
  await t.kube.until(() => patches().length > 0, 'the undo patch sent')
  return { result, patches }
}

describe('rollout undo of a DaemonSet with another writer between read and patch', () => {
  it('never rolls back a version deployed meanwhile: refused, named, and that version left in place', async () => {
    await history()
    const undo = await undoHeldUp()
    await setImage('3')
    const error = await undo.result
    expect(error).toBeInstanceOf(UndoRefused)
    expect((error as UndoRefused).refusal).toBe('changed')
    expect((error as Error).message).toBe(
      `daemonset "agent" was changed by another writer while it was being rolled back: it now runs ${t.image('3')}, not the ${t.image('2')} that was judged, so it is left as it is`
    )
    expect(await imageOf()).toBe(t.image('3'))
    expect(undo.patches()[0]).toBe(409)
  }, 90_000)

  it('a change that leaves the template alone (a label) does not stop the undo: sent again behind the new resourceVersion', async () => {
    await history()
    const undo = await undoHeldUp()
    await t.kube.apps.patchNamespacedDaemonSet({ namespace: t.namespace, name: 'agent', body: [{ op: 'add', path: '/metadata/labels/team', value: 'payments' }] })
    const result = await undo.result
    expect(result).toMatchObject({ plan: { action: 'patch', toRevision: 1, toImages: [t.image('1')] } })
    const after = await read()
    expect(after.spec!.template.spec!.containers[0]!.image).toBe(t.image('1'))
    expect(after.metadata!.labels!.team).toBe('payments')
    // The label write makes the first patch conflict; the daemon set controller's own status writes may make a resend
    // conflict too. Each conflict is followed by a resend, and the last one lands.
    const patches = undo.patches()
    expect(patches.length).toBeGreaterThanOrEqual(2)
    expect(patches).toEqual([...Array<number>(patches.length - 1).fill(409), 200])
  }, 90_000)
})
