import { describe, expect, it } from '@jest/globals'
import type * as k8s from '@kubernetes/client-node'
import { templateRevision, judgeWorkloadRestore, judgeWorkloadRollout, recordWorkloadBaseline, stuckPods, type WorkloadSnapshot } from '../../../src/health-rollback/workload-verdict.js'
import { REJECTED_TEMPLATE_ANNOTATION } from '../../../src/health-rollback/rollback-decision.js'

const template = (image: string): k8s.V1PodTemplateSpec => ({ metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'app', image }] } })
const hash = (image: string) => image.replace(/\W/g, '')

const revision = (n: number, image: string): k8s.V1ControllerRevision => ({
  metadata: { name: `db-${hash(image)}`, labels: { 'controller-revision-hash': hash(image) }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 's-1', controller: true }] },
  revision: n,
  data: { spec: { template: { $patch: 'replace', ...template(image) } } }
})

/** A pod of the StatefulSet at the revision of `image`; `waiting` makes its container wait with that reason. */
const pod = (ordinal: number, image: string, options: { ready?: boolean; waiting?: string } = {}): k8s.V1Pod => ({
  metadata: { name: `db-${ordinal}`, uid: `p-${ordinal}-${hash(image)}`, labels: { app: 'db', 'controller-revision-hash': `db-${hash(image)}` } },
  spec: { containers: [{ name: 'app', image }] },
  status: {
    conditions: [{ type: 'Ready', status: options.ready === false ? 'False' : 'True' }],
    containerStatuses: [{ name: 'app', image, imageID: '', ready: options.ready !== false, restartCount: 0, ...(options.waiting ? { state: { waiting: { reason: options.waiting } } } : { state: { running: {} } }) }]
  }
})

const snapshot = (image: string, status: Partial<k8s.V1StatefulSetStatus>, pods: k8s.V1Pod[], annotations: Record<string, string> = {}): WorkloadSnapshot => ({
  kind: 'StatefulSet',
  workload: {
    metadata: { name: 'db', uid: 's-1', generation: 4, annotations },
    spec: { replicas: 2, selector: { matchLabels: { app: 'db' } }, serviceName: 'db', template: template(image), updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } } },
    status: { replicas: 2, observedGeneration: 4, ...status }
  },
  revisions: [revision(1, 'db:1'), revision(2, 'db:bad')],
  pods
})

describe('a StatefulSet stuck on a pod that never becomes Ready', () => {
  const stuck = snapshot('db:bad', { readyReplicas: 1, updatedReplicas: 1, currentRevision: 'db-db1', updateRevision: 'db-dbbad' }, [pod(0, 'db:1'), pod(1, 'db:bad', { ready: false })])

  it('is a rollout that waits, as kubectl says, with the known-good revision recorded', () => {
    expect(judgeWorkloadRollout(stuck, 3)).toMatchObject({ state: 'waiting', message: 'Waiting for 1 pods to be ready...' })
    expect(recordWorkloadBaseline(stuck)).toEqual({ ok: true, knownGood: { revision: 1, images: ['db:1'], fromRevision: 2, fromImages: ['db:bad'] } })
  })

  it('fails at once when the new revision’s pod cannot pull its image', () => {
    const pull = snapshot('db:bad', { readyReplicas: 1 }, [pod(0, 'db:1'), pod(1, 'db:bad', { ready: false, waiting: 'InvalidImageName' })])
    expect(judgeWorkloadRollout(pull, 3)).toMatchObject({ state: 'failed', reason: 'InvalidImageName' })
  })

  it('after the undo is observed, names the not-Ready pod of the rejected revision for deletion, and only it', () => {
    const rejected = templateRevision(stuck)!
    const restored = snapshot('db:1', { observedGeneration: 5, readyReplicas: 1, updatedReplicas: 1, currentRevision: 'db-db1', updateRevision: 'db-db1' }, stuck.pods)
    restored.workload.metadata!.generation = 5
    expect(stuckPods(restored, rejected, { generation: 5 }).map((p) => p.metadata?.name)).toEqual(['db-1'])
    // Not before the controller has observed the restored template: it would recreate the pod from the rejected one.
    const unobserved = structuredClone(restored)
    unobserved.workload.status!.observedGeneration = 4
    expect(stuckPods(unobserved, rejected, { generation: 5 })).toEqual([])
    expect(stuckPods({ ...restored, kind: 'DaemonSet' }, rejected, { generation: 5 })).toEqual([])
    expect(judgeWorkloadRestore(restored, { generation: 5, images: ['db:1'] }, 3)).toMatchObject({ state: 'waiting' })
  })

  it('is restored once every pod of the restored revision is Ready and kubectl calls the rollout complete', () => {
    const done = snapshot('db:1', { readyReplicas: 2, updatedReplicas: 2, currentRevision: 'db-db1', updateRevision: 'db-db1' }, [pod(0, 'db:1'), pod(1, 'db:1')])
    expect(judgeWorkloadRestore(done, { generation: 4, images: ['db:1'] }, 3)).toMatchObject({ state: 'complete', message: 'statefulset "db" runs db:1 on 2 ready pods (revision 1)' })
    expect(judgeWorkloadRestore(done, { generation: 4, images: ['db:0'] }, 3)).toMatchObject({ state: 'failed', reason: 'TemplateChanged' })
  })

  it('never takes as known-good the revision an earlier run rolled back from', () => {
    const again = snapshot('db:bad', { readyReplicas: 1 }, stuck.pods, { [REJECTED_TEMPLATE_ANNOTATION]: 'db-db1' })
    expect(recordWorkloadBaseline(again)).toMatchObject({ ok: false, why: expect.stringMatching(/^the previous revision 1 \(db:1\) is the version an earlier health-rollback rolled back from/) })
  })

  it('with OnDelete, has no rollout to judge', () => {
    const onDelete = snapshot('db:bad', {}, [])
    onDelete.workload.spec!.updateStrategy = { type: 'OnDelete' }
    expect(judgeWorkloadRollout(onDelete, 3)).toMatchObject({ state: 'unsupported', message: expect.stringMatching(/updateStrategy OnDelete: rollout status is only available for RollingUpdate strategy type/) })
  })
})
