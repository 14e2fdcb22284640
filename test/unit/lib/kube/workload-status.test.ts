import { describe, expect, it } from '@jest/globals'
import type * as k8s from '@kubernetes/client-node'
import { daemonSetRolloutStatus, statefulSetRolloutStatus } from '../../../../src/lib/kube/workload-status.js'

const sts = (spec: Partial<k8s.V1StatefulSetSpec>, status: Partial<k8s.V1StatefulSetStatus>, generation = 2): k8s.V1StatefulSet => ({
  metadata: { name: 'db', generation },
  spec: { replicas: 3, selector: {}, serviceName: 'db', template: {}, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, ...spec },
  status: { replicas: 3, observedGeneration: 2, ...status }
})

const ds = (status: Partial<k8s.V1DaemonSetStatus>, generation = 2, type = 'RollingUpdate'): k8s.V1DaemonSet => ({
  metadata: { name: 'agent', generation },
  spec: { selector: {}, template: {}, updateStrategy: { type } },
  status: { currentNumberScheduled: 2, desiredNumberScheduled: 2, numberMisscheduled: 0, numberReady: 0, observedGeneration: 2, ...status }
})

describe('statefulSetRolloutStatus (kubectl rollout status statefulset/NAME)', () => {
  it('waits until the controller has observed the spec (also while it has observed nothing)', () => {
    expect(statefulSetRolloutStatus(sts({}, { observedGeneration: 1 }))).toEqual({ state: 'waiting', message: 'Waiting for statefulset spec update to be observed...' })
    expect(statefulSetRolloutStatus(sts({}, { observedGeneration: 0 }, 0))).toEqual({ state: 'waiting', message: 'Waiting for statefulset spec update to be observed...' })
  })

  it('waits for every replica to be ready, then for the updated ones the partition asks for', () => {
    expect(statefulSetRolloutStatus(sts({}, { readyReplicas: 2, updatedReplicas: 3 }))).toEqual({ state: 'waiting', message: 'Waiting for 1 pods to be ready...' })
    expect(statefulSetRolloutStatus(sts({}, { readyReplicas: 3, updatedReplicas: 2 }))).toEqual({ state: 'waiting', message: 'Waiting for partitioned roll out to finish: 2 out of 3 new pods have been updated...' })
    expect(statefulSetRolloutStatus(sts({}, { readyReplicas: 3, updatedReplicas: 3 }))).toEqual({ state: 'complete', message: 'partitioned roll out complete: 3 new pods have been updated...' })
  })

  it('with a partition, is complete once the pods from the partition up are updated', () => {
    const partitioned = { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } }
    expect(statefulSetRolloutStatus(sts(partitioned, { readyReplicas: 3, updatedReplicas: 0 }))).toMatchObject({ state: 'waiting', message: 'Waiting for partitioned roll out to finish: 0 out of 1 new pods have been updated...' })
    expect(statefulSetRolloutStatus(sts(partitioned, { readyReplicas: 3, updatedReplicas: 1 }))).toEqual({ state: 'complete', message: 'partitioned roll out complete: 1 new pods have been updated...' })
  })

  it('without rollingUpdate, compares the current and update revisions', () => {
    const plain = { updateStrategy: { type: 'RollingUpdate' } }
    expect(statefulSetRolloutStatus(sts(plain, { readyReplicas: 3, updatedReplicas: 1, currentRevision: 'db-a', updateRevision: 'db-b' }))).toEqual({
      state: 'waiting',
      message: 'waiting for statefulset rolling update to complete 1 pods at revision db-b...'
    })
    expect(statefulSetRolloutStatus(sts(plain, { readyReplicas: 3, currentReplicas: 3, currentRevision: 'db-b', updateRevision: 'db-b' }))).toEqual({
      state: 'complete',
      message: 'statefulset rolling update complete 3 pods at revision db-b...'
    })
  })

  it('refuses OnDelete as kubectl does', () => {
    expect(statefulSetRolloutStatus(sts({ updateStrategy: { type: 'OnDelete' } }, { readyReplicas: 3 }))).toEqual({ state: 'unsupported', message: 'rollout status is only available for RollingUpdate strategy type' })
  })
})

describe('daemonSetRolloutStatus (kubectl rollout status daemonset/NAME)', () => {
  it('reads updatedNumberScheduled, then numberAvailable, against desiredNumberScheduled', () => {
    expect(daemonSetRolloutStatus(ds({ observedGeneration: 1 }))).toEqual({ state: 'waiting', message: 'Waiting for daemon set spec update to be observed...' })
    expect(daemonSetRolloutStatus(ds({ updatedNumberScheduled: 1, numberAvailable: 2 }))).toEqual({ state: 'waiting', message: 'Waiting for daemon set "agent" rollout to finish: 1 out of 2 new pods have been updated...' })
    expect(daemonSetRolloutStatus(ds({ updatedNumberScheduled: 2, numberAvailable: 1 }))).toEqual({ state: 'waiting', message: 'Waiting for daemon set "agent" rollout to finish: 1 of 2 updated pods are available...' })
    expect(daemonSetRolloutStatus(ds({ updatedNumberScheduled: 2, numberAvailable: 2 }))).toEqual({ state: 'complete', message: 'daemon set "agent" successfully rolled out' })
  })

  it('refuses OnDelete as kubectl does', () => {
    expect(daemonSetRolloutStatus(ds({}, 2, 'OnDelete'))).toMatchObject({ state: 'unsupported' })
  })
})
