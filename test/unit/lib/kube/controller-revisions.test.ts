import { describe, expect, it } from '@jest/globals'
import type * as k8s from '@kubernetes/client-node'
import { currentRevision, planWorkloadUndo, podRunsRevision, sameTemplate, workloadHistory } from '../../../../src/lib/kube/controller-revisions.js'
import { UndoRefused } from '../../../../src/lib/kube/rollout-undo.js'

const template = (image: string): k8s.V1PodTemplateSpec => ({ metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'app', image, resources: {} }] } })

const sts = (image: string): k8s.V1StatefulSet => ({
  metadata: { name: 'db', uid: 's-1' },
  spec: { selector: { matchLabels: { app: 'db' } }, serviceName: 'db', template: template(image) }
})

/** A ControllerRevision as the controller writes it: the template with $patch: replace, as JSON. */
const revision = (n: number, image: string, owner = 's-1'): k8s.V1ControllerRevision => ({
  metadata: { name: `db-${image.replace(/\W/g, '')}`, labels: { app: 'db', 'controller-revision-hash': image.replace(/\W/g, '') }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: owner, controller: true }] },
  revision: n,
  data: { spec: { template: { $patch: 'replace', metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'app', image, resources: {} }] } } } }
})

describe('workloadHistory', () => {
  it('is the workload’s own ControllerRevisions by revision number, their templates without the $patch directive', () => {
    const history = workloadHistory(sts('db:3'), [revision(3, 'db:3'), revision(1, 'db:1'), revision(7, 'db:x', 'other'), revision(2, 'db:2')])
    expect(history.map((h) => [h.revision, h.images])).toEqual([
      [1, ['db:1']],
      [2, ['db:2']],
      [3, ['db:3']]
    ])
    expect(history[0]!.template).toEqual(template('db:1'))
    expect(currentRevision(sts('db:3'), history)?.revision).toBe(3)
  })
})

describe('planWorkloadUndo (kubectl rollout undo statefulset|daemonset/NAME)', () => {
  const history = [revision(1, 'db:1'), revision(2, 'db:2'), revision(3, 'db:3')]

  it('targets the second-highest revision and sends its data unchanged as the strategic merge patch', () => {
    const plan = planWorkloadUndo(sts('db:3'), history)
    expect(plan).toMatchObject({ action: 'patch', toRevision: 2, fromImages: ['db:3'], toImages: ['db:2'] })
    if (plan.action !== 'patch') throw new Error('expected a patch')
    expect(plan.patch).toEqual(history[1]!.data)
    expect(plan.patch).toHaveProperty(['spec', 'template', '$patch'], 'replace')
  })

  it('takes --to-revision, and refuses one not in the history, a negative one, or no history, with kubectl’s words', () => {
    expect(planWorkloadUndo(sts('db:3'), history, 1)).toMatchObject({ action: 'patch', toRevision: 1, toImages: ['db:1'] })
    expect(() => planWorkloadUndo(sts('db:3'), history, 9)).toThrow(new UndoRefused('revision-not-found', 'unable to find specified revision 9 in history'))
    expect(() => planWorkloadUndo(sts('db:3'), history, -1)).toThrow('unable to find specified revision -1 in history')
    expect(() => planWorkloadUndo(sts('db:1'), [revision(1, 'db:1')])).toThrow(new UndoRefused('no-history', 'no last revision to roll back to'))
  })

  it('skips a target whose template is the current one, empty and absent fields alike', () => {
    const current = sts('db:2')
    current.spec!.template.spec!.containers[0]!.resources = undefined
    current.spec!.template.spec!.securityContext = {}
    expect(planWorkloadUndo(current, history, 2)).toMatchObject({ action: 'skip', toRevision: 2, message: 'skipped rollback (current template already matches revision 2)' })
  })
})

describe('sameTemplate / podRunsRevision', () => {
  it('tells templates apart by any field, not only the image', () => {
    const withEnv = template('db:1')
    withEnv.spec!.containers[0]!.env = [{ name: 'MODE', value: 'fast' }]
    expect(sameTemplate(template('db:1'), withEnv)).toBe(false)
    expect(sameTemplate(template('db:1'), template('db:1'))).toBe(true)
  })

  it('knows a StatefulSet pod by the revision name and a DaemonSet pod by the revision’s hash label', () => {
    const [r] = workloadHistory(sts('db:1'), [revision(1, 'db:1')])
    expect(podRunsRevision({ metadata: { labels: { 'controller-revision-hash': 'db-db1' } } }, r!)).toBe(true)
    expect(podRunsRevision({ metadata: { labels: { 'controller-revision-hash': 'db1' } } }, r!)).toBe(true)
    expect(podRunsRevision({ metadata: { labels: { 'controller-revision-hash': 'db2' } } }, r!)).toBe(false)
  })
})
