/**
 * health-rollback on a StatefulSet and a DaemonSet of the real local cluster, after a bad release (an image whose pods
 * never become Ready), checked differentially against the pinned kubectl: an identical workload with the same history
 * in a second namespace is rolled back with `kubectl rollout undo`, and the templates and revision numbers the
 * controllers leave must be the same.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { renderSummary } from '../../../src/health-rollback/summary.js'
import { historyOf, kubectlUndo, podsOf, release, revisionTemplateOf, rolloutStatus, runOn, templateOf } from '../../../local/scenarios/health-rollback-workloads.js'
import { re, startWeb, type Web } from '../../../local/scenarios/health-rollback.js'

let web: Web | undefined
let ref: Web | undefined
afterEach(async () => {
  await Promise.all([web?.close(), ref?.close()])
  web = ref = undefined
})

describe('health-rollback of StatefulSets and DaemonSets on the real cluster', () => {
  it('rolls a StatefulSet back from a release whose pod never becomes Ready, deleting that pod, with the template and revisions kubectl rollout undo gives', async () => {
    web = await startWeb()
    ref = await startWeb()
    const [v2, bad] = [web.image('2'), web.image('unready')]
    await Promise.all([release(web, 'StatefulSet', 'db', [web.image('1'), v2, bad]), release(ref, 'StatefulSet', 'db', [web.image('1'), v2, bad])])

    const result = await runOn(web, 'StatefulSet', 'db', { 'rollout-timeout': '20s' })
    expect(result).toMatchObject({ healthy: false, rolledBack: true, fromRevision: 3, toRevision: 2, fromImages: [bad], toImages: [v2] })
    expect(result.target).toBe(`${web.kube.namespace}/statefulset/db`)
    expect(result.reason).toBe('the rollout did not finish within 20 s: Waiting for 1 pods to be ready... (still waiting after 20 s)')
    // The controller waits for db-1 (the rejected revision, never Ready) even after the undo: the action deleted it.
    const deleted = result.events.filter((e) => e.kind === 'rollback' && e.step === 'delete-pod')
    expect(deleted.map((e) => e.kind === 'rollback' && e.message)).toEqual([expect.stringMatching(/^deleted pod db-1 of the rejected revision 3: it never became Ready/)])
    expect(renderSummary(result)).toMatch(/rollback: delete-pod \| deleted pod db-1 of the rejected revision 3/)
    expect((await podsOf(web, 'db')).map((p) => [p.name, p.image, p.ready])).toEqual([
      ['db-0', v2, true],
      ['db-1', v2, true]
    ])

    await kubectlUndo(ref, 'StatefulSet', 'db')
    await ref.kube.until(async () => (await historyOf(ref!, 'StatefulSet', 'db')).includes(4), 'the controller renumbering the restored revision')
    // Revision 2 came back as revision 4, in both; the templates are the same, as kubectl reads them.
    expect(await historyOf(web, 'StatefulSet', 'db')).toEqual([1, 3, 4])
    expect(await historyOf(ref, 'StatefulSet', 'db')).toEqual([1, 3, 4])
    expect(await templateOf(web, 'StatefulSet', 'db')).toEqual(await templateOf(ref, 'StatefulSet', 'db'))
    expect(await revisionTemplateOf(web, 'StatefulSet', 'db', 4)).toEqual(await revisionTemplateOf(ref, 'StatefulSet', 'db', 4))
    // What kubectl alone leaves: db-1 of the rejected revision, not Ready, and the controller waiting for it.
    await new Promise((resolve) => setTimeout(resolve, 5000))
    expect(await podsOf(ref, 'db')).toContainEqual(expect.objectContaining({ name: 'db-1', image: bad, ready: false }))
  }, 300_000)

  it('rolls a DaemonSet back from a release whose pod never becomes Ready; its controller replaces the pod itself, as after kubectl rollout undo', async () => {
    web = await startWeb()
    ref = await startWeb()
    const [v2, bad] = [web.image('2'), web.image('unready')]
    await Promise.all([release(web, 'DaemonSet', 'agent', [web.image('1'), v2, bad]), release(ref, 'DaemonSet', 'agent', [web.image('1'), v2, bad])])

    const result = await runOn(web, 'DaemonSet', 'agent', { kind: 'daemonset', 'rollout-timeout': '15s' })
    expect(result).toMatchObject({ healthy: false, rolledBack: true, fromRevision: 3, toRevision: 2, fromImages: [bad], toImages: [v2] })
    expect(result.reason).toMatch(new RegExp(`^the rollout did not finish within 15 s: Waiting for daemon set "agent" rollout to finish: 0 of 1 updated pods are available`))
    expect(result.failure).toMatch(new RegExp(`^rolled back from revision 3 \\(${re(bad)}\\) to revision 2 \\(${re(v2)}\\)`))
    expect(result.events.some((e) => e.kind === 'rollback' && e.step === 'delete-pod')).toBe(false)
    expect((await podsOf(web, 'agent')).map((p) => [p.image, p.ready])).toEqual([[v2, true]])

    await kubectlUndo(ref, 'DaemonSet', 'agent')
    await rolloutStatus(ref, 'DaemonSet', 'agent')
    expect(await historyOf(web, 'DaemonSet', 'agent')).toEqual([1, 3, 4])
    expect(await historyOf(ref, 'DaemonSet', 'agent')).toEqual([1, 3, 4])
    expect(await templateOf(web, 'DaemonSet', 'agent')).toEqual(await templateOf(ref, 'DaemonSet', 'agent'))
    expect(await revisionTemplateOf(web, 'DaemonSet', 'agent', 4)).toEqual(await revisionTemplateOf(ref, 'DaemonSet', 'agent', 4))
    expect((await podsOf(ref, 'agent')).map((p) => [p.image, p.ready])).toEqual([[v2, true]])
  }, 300_000)
})
