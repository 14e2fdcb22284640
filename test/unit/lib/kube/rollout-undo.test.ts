import { describe, expect, it } from '@jest/globals'
import type * as k8s from '@kubernetes/client-node'
import { planUndo, UndoRefused } from '../../../../src/lib/kube/rollout-undo.js'
import { deploymentRolloutStatus } from '../../../../src/lib/kube/rollout-status.js'

const template = (image: string, hash?: string): k8s.V1PodTemplateSpec => ({
  metadata: { labels: { app: 'web', ...(hash ? { 'pod-template-hash': hash } : {}) } },
  spec: { containers: [{ name: 'app', image }] }
})

const deployment = (image: string, extra: Partial<k8s.V1DeploymentSpec> = {}, annotations: Record<string, string> = {}): k8s.V1Deployment => ({
  metadata: { name: 'web', uid: 'd-1', annotations: { 'deployment.kubernetes.io/revision': '3', ...annotations } },
  spec: { selector: { matchLabels: { app: 'web' } }, template: template(image), ...extra }
})

const rs = (revision: number | undefined, image: string, options: { owner?: string; annotations?: Record<string, string> } = {}): k8s.V1ReplicaSet => ({
  metadata: {
    name: `web-${image.replace(/\W/g, '')}`,
    annotations: { ...(revision !== undefined ? { 'deployment.kubernetes.io/revision': String(revision) } : {}), ...options.annotations },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: options.owner ?? 'd-1', controller: true }]
  },
  spec: { selector: { matchLabels: { app: 'web' } }, template: template(image, `h${revision}`) }
})

describe('planUndo', () => {
  it('targets the second-newest revision, ignoring ReplicaSets of other owners and without a revision', () => {
    const plan = planUndo(deployment('web:3'), [rs(1, 'web:1'), rs(2, 'web:2'), rs(3, 'web:3'), rs(9, 'web:9', { owner: 'other' }), rs(undefined, 'web:x')])
    expect(plan).toMatchObject({ action: 'patch', toRevision: 2, fromRevision: 3, fromImages: ['web:3'], toImages: ['web:2'] })
  })

  it('builds kubectl’s JSON patch: the template without pod-template-hash, the annotations merged', () => {
    const plan = planUndo(
      deployment('web:3', {}, { 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'example.com/team': 'shop' }),
      [rs(2, 'web:2', { annotations: { 'kubernetes.io/change-cause': 'v2', 'deployment.kubernetes.io/revision-history': '1', 'deployment.kubernetes.io/desired-replicas': '3' } }), rs(3, 'web:3')]
    )
    if (plan.action !== 'patch') throw new Error('expected a patch')
    expect(plan.patch).toEqual([
      { op: 'replace', path: '/spec/template', value: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'web:2' }] } } },
      {
        op: 'replace',
        path: '/metadata/annotations',
        value: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'deployment.kubernetes.io/revision': '3', 'kubernetes.io/change-cause': 'v2' }
      }
    ])
  })

  it('refuses without history, with an unknown or negative revision, and when paused (after the revision lookup)', () => {
    const refusal = (fn: () => unknown) => {
      try {
        fn()
      } catch (error) {
        return [(error as UndoRefused).refusal, (error as Error).message]
      }
      return undefined
    }
    expect(refusal(() => planUndo(deployment('web:3'), [rs(3, 'web:3')]))).toEqual(['no-history', 'no rollout history found for deployment "web"'])
    expect(refusal(() => planUndo(deployment('web:3'), [rs(2, 'web:2'), rs(3, 'web:3')], 7))).toEqual(['revision-not-found', 'unable to find specified revision 7 in history'])
    expect(refusal(() => planUndo(deployment('web:3'), [rs(2, 'web:2'), rs(3, 'web:3')], -1))?.[0]).toBe('revision-not-found')
    expect(refusal(() => planUndo(deployment('web:3', { paused: true }), [rs(3, 'web:3')]))?.[0]).toBe('no-history')
    expect(refusal(() => planUndo(deployment('web:3', { paused: true }), [rs(2, 'web:2'), rs(3, 'web:3')]))?.[0]).toBe('paused')
  })

  it('skips when the target equals the current template', () => {
    expect(planUndo(deployment('web:2'), [rs(2, 'web:2'), rs(3, 'web:3')], 2)).toEqual({ action: 'skip', toRevision: 2, message: 'skipped rollback (current template already matches revision 2)' })
  })
})

describe('deploymentRolloutStatus', () => {
  const at = (status: k8s.V1DeploymentStatus, generation = 2, replicas = 3): k8s.V1Deployment => ({ metadata: { name: 'web', generation }, spec: { replicas, selector: {}, template: {} }, status })
  it.each([
    [at({ observedGeneration: 1 }), 'waiting', 'Waiting for deployment spec update to be observed...'],
    [at({ observedGeneration: 1, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] }), 'waiting', 'Waiting for deployment spec update to be observed...'],
    [at({ observedGeneration: 2, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] }), 'deadline-exceeded', 'deployment "web" exceeded its progress deadline'],
    [at({ observedGeneration: 2, updatedReplicas: 1, replicas: 4 }), 'waiting', 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...'],
    [at({ observedGeneration: 2, updatedReplicas: 3, replicas: 4 }), 'waiting', 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...'],
    [at({ observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 2 }), 'waiting', 'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...'],
    [at({ observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 3 }), 'complete', 'deployment "web" successfully rolled out']
  ])('%#: %s', (d, state, message) => expect(deploymentRolloutStatus(d)).toEqual({ state, message }))
})
