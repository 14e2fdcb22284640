import { describe, expect, it } from '@jest/globals'
import type * as k8s from '@kubernetes/client-node'
import { placementProblem, UNSCHEDULABLE_GRACE_MS } from '../../../../src/lib/kube/placement.js'

const NOW = Date.parse('2026-12-02T12:00:00Z')
const rs = (conditions: k8s.V1ReplicaSetCondition[] = []): k8s.V1ReplicaSet => ({ metadata: { name: 'web-abc' }, status: { replicas: 0, conditions } })
const unschedulable = (secondsAgo: number): k8s.V1Pod => ({
  metadata: { name: 'web-abc-x1' },
  status: { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient cpu.', lastTransitionTime: new Date(NOW - secondsAgo * 1000) }] }
})

describe('placementProblem', () => {
  it("a ReplicaSet whose pods a quota refuses fails at once, in the controller's words", () => {
    const quota = rs([{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'pods "web-abc-x1" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2' }])
    expect(placementProblem(quota, [], NOW)).toEqual({ reason: 'FailedCreate', message: expect.stringMatching(/^ReplicaSet web-abc cannot create its pods: pods "web-abc-x1" is forbidden: exceeded quota/) })
  })

  it("a pod the scheduler cannot place counts only after the grace period (a node may be on its way), with the scheduler's reason", () => {
    const graceSeconds = UNSCHEDULABLE_GRACE_MS / 1000
    expect(placementProblem(rs(), [unschedulable(graceSeconds - 5)], NOW)).toBeUndefined()
    expect(placementProblem(rs(), [unschedulable(graceSeconds + 5)], NOW)).toEqual({ reason: 'Unschedulable', message: `pod web-abc-x1 could not be placed for ${graceSeconds + 5} s: 0/1 nodes are available: 1 Insufficient cpu.` })
  })

  it('without the time, only the quota refusal counts; a scheduled pod or a resolved failure is no problem', () => {
    expect(placementProblem(rs(), [unschedulable(600)])).toBeUndefined()
    expect(placementProblem(rs([{ type: 'ReplicaFailure', status: 'False', reason: 'FailedCreate' }]), [], NOW)).toBeUndefined()
    expect(placementProblem(rs(), [{ status: { conditions: [{ type: 'PodScheduled', status: 'True' }] } }], NOW)).toBeUndefined()
  })
})
