import { describe, expect, it } from '@jest/globals'
import type * as k8s from '@kubernetes/client-node'
import { judgeDeployRollout, judgeReplacedStopped, judgeRestore, type ClusterSnapshot } from '../../../src/health-rollback/rollout-verdict.js'

const uid = 'd-uid'
const template = (image: string, hash?: string): k8s.V1PodTemplateSpec => ({
  metadata: { labels: { app: 'web', ...(hash ? { 'pod-template-hash': hash } : {}) } },
  spec: { containers: [{ name: 'app', image }] }
})
function deployment(image: string, revision: number, extra: Partial<k8s.V1DeploymentSpec> = {}, status: k8s.V1DeploymentStatus = {}): k8s.V1Deployment {
  return {
    metadata: { name: 'web', uid, generation: 2, annotations: { 'deployment.kubernetes.io/revision': String(revision) } },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: template(image), ...extra },
    status: { observedGeneration: 2, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2, ...status }
  }
}
const rs = (image: string, revision: number, hash: string): k8s.V1ReplicaSet => ({
  metadata: { name: `web-${hash}`, uid: `rs-${hash}`, creationTimestamp: new Date(revision * 1000), annotations: { 'deployment.kubernetes.io/revision': String(revision) }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid, controller: true }] },
  spec: { selector: { matchLabels: { app: 'web' } }, template: template(image, hash) }
})
function pod(hash: string, image: string, state: Partial<k8s.V1ContainerStatus> & { ready?: boolean }, name = `web-${hash}-x`): k8s.V1Pod {
  return {
    metadata: { name, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `web-${hash}`, uid: `rs-${hash}`, controller: true }] },
    spec: { containers: [{ name: 'app', image }] },
    status: { conditions: [{ type: 'Ready', status: state.ready ? 'True' : 'False' }], containerStatuses: [{ name: 'app', image, imageID: '', restartCount: 0, ready: state.ready ?? false, ...state }] }
  }
}

describe('judging a rollout', () => {
  const snapshot = (d: k8s.V1Deployment, pods: k8s.V1Pod[]): ClusterSnapshot => ({ deployment: d, replicaSets: [rs('web:1', 1, 'a'), rs('web:2', 2, 'b')], pods })
  it('fails fast on a terminal pod state of the new version only', () => {
    const d = deployment('web:2', 2, {}, { updatedReplicas: 1, availableReplicas: 1 })
    const oldCrashing = pod('a', 'web:1', { state: { waiting: { reason: 'CrashLoopBackOff' } }, restartCount: 9 })
    expect(judgeDeployRollout(snapshot(d, [oldCrashing]), 3).state).toBe('waiting')
    const pulling = pod('b', 'web:2', { state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } } })
    expect(judgeDeployRollout(snapshot(d, [pulling]), 3)).toMatchObject({ state: 'failed', reason: 'ImagePullBackOff', message: 'pod web-b-x container app: ImagePullBackOff (Back-off pulling image)' })
  })

  it('waits on a crash loop until restarts reach max-restarts', () => {
    const d = deployment('web:2', 2, {}, { availableReplicas: 1 })
    const crash = (restartCount: number) => pod('b', 'web:2', { state: { waiting: { reason: 'CrashLoopBackOff' } }, restartCount })
    expect(judgeDeployRollout(snapshot(d, [crash(2)]), 3).state).toBe('waiting')
    expect(judgeDeployRollout(snapshot(d, [crash(3)]), 3)).toMatchObject({ state: 'failed', reason: 'CrashLoopBackOff' })
  })

  it('does not read pod states or conditions before the new generation is observed', () => {
    const d = deployment('web:2', 2, {}, { observedGeneration: 1, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] })
    const pulling = pod('b', 'web:2', { state: { waiting: { reason: 'ErrImagePull' } } })
    expect(judgeDeployRollout(snapshot(d, [pulling]), 3)).toMatchObject({ state: 'waiting', message: 'Waiting for deployment spec update to be observed...' })
  })

  it('fails on ProgressDeadlineExceeded and on a paused unfinished rollout', () => {
    const late = deployment('web:2', 2, {}, { updatedReplicas: 1, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] })
    expect(judgeDeployRollout(snapshot(late, []), 3)).toMatchObject({ state: 'failed', reason: 'ProgressDeadlineExceeded' })
    const paused = deployment('web:2', 2, { paused: true }, { updatedReplicas: 1 })
    expect(judgeDeployRollout(snapshot(paused, []), 3)).toMatchObject({ state: 'failed', reason: 'DeploymentPaused' })
  })

  it('ignores a ProgressDeadlineExceeded that names an earlier ReplicaSet (redeploy of an older version)', () => {
    const timedOut = (name: string) => ({ updatedReplicas: 1, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${name}" has timed out progressing.` }] })
    const back = deployment('web:1', 3, {}, timedOut('web-b'))
    expect(judgeDeployRollout(snapshot(back, []), 3)).toMatchObject({ state: 'waiting', message: expect.stringMatching(/^ignoring the ProgressDeadlineExceeded of ReplicaSet "web-b", an earlier rollout/) })
    const own = deployment('web:1', 3, {}, timedOut('web-a'))
    expect(judgeDeployRollout(snapshot(own, []), 3)).toMatchObject({ state: 'failed', reason: 'ProgressDeadlineExceeded' })
  })

  it('judges a restore by generation, replicas and the images pods run, never by the stale condition', () => {
    const stale = { conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] }
    const restored = deployment('web:1', 3, {}, { ...stale, observedGeneration: 3 })
    restored.metadata!.generation = 3
    const ready = [pod('a', 'web:1', { ready: true }, 'web-a-1'), pod('a', 'web:1', { ready: true }, 'web-a-2')]
    expect(judgeRestore(snapshot(restored, ready), { generation: 3, images: ['web:1'] }, 3)).toMatchObject({ state: 'complete', message: 'deployment "web" runs web:1 on 2 ready pods' })
    expect(judgeRestore(snapshot(restored, ready.slice(0, 1)), { generation: 3, images: ['web:1'] }, 3).state).toBe('waiting')
    expect(judgeRestore(snapshot({ ...restored, status: { ...restored.status, observedGeneration: 2 } }, ready), { generation: 3, images: ['web:1'] }, 3).state).toBe('waiting')
    expect(judgeRestore(snapshot(deployment('web:9', 4), ready), { generation: 3, images: ['web:1'] }, 3)).toMatchObject({ state: 'failed', reason: 'TemplateChanged' })
  })

  const terminating = (p: k8s.V1Pod): k8s.V1Pod => ({ ...p, metadata: { ...p.metadata, deletionTimestamp: new Date(0) } })

  it('does not count a terminating pod of the restored version as ready (it stays Ready through its grace period)', () => {
    const restored = deployment('web:1', 3)
    restored.metadata!.generation = 2
    const live = pod('a', 'web:1', { ready: true, state: { running: {} } }, 'web-a-1')
    const leaving = terminating(pod('a', 'web:1', { ready: true, state: { running: {} } }, 'web-a-2'))
    expect(judgeRestore(snapshot(restored, [live, leaving]), { generation: 2, images: ['web:1'] }, 3)).toMatchObject({ state: 'waiting', message: 'Waiting for the rollback: 1 of 2 pods run web:1' })
  })

  it('a terminating pod that exits is no failure; the replaced version is gone once none of its pods runs', () => {
    const restored = deployment('web:1', 3)
    const running = [pod('a', 'web:1', { ready: true, state: { running: {} } }, 'web-a-1'), pod('a', 'web:1', { ready: true, state: { running: {} } }, 'web-a-2')]
    const badServing = terminating(pod('b', 'web:2', { ready: true, state: { running: {} } }, 'web-b-1'))
    const badExited = terminating(pod('b', 'web:2', { state: { terminated: { exitCode: 137, reason: 'Error' } }, restartCount: 4 }, 'web-b-2'))
    expect(judgeRestore(snapshot(restored, [...running, badExited]), { generation: 2, images: ['web:1'] }, 3).problems).toEqual([])
    expect(judgeReplacedStopped(snapshot(restored, [...running, badServing, badExited]))).toEqual({ state: 'waiting', message: '1 pod of the replaced version still serving: web-b-1 (terminating)', problems: [] })
    expect(judgeReplacedStopped(snapshot(restored, [...running, badExited]))).toMatchObject({ state: 'complete' })
    expect(judgeReplacedStopped(snapshot(restored, running))).toMatchObject({ state: 'complete', message: 'no pod of the replaced version is serving any more' })
  })
})
