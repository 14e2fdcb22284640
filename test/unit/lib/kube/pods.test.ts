import { describe, expect, it } from '@jest/globals'
import type * as k8s from '@kubernetes/client-node'
import { containerProblems, isReadyPod, isServing, isTerminalProblem, isTerminating, managedImages, managedProblems, TRANSIENT_GRACE_MS } from '../../../../src/lib/kube/pods.js'

const START = Date.parse('2026-12-02T12:00:00Z')
const waitingPod = (reason: string, message = ''): k8s.V1Pod => ({
  metadata: { name: 'web-abc-x1', creationTimestamp: new Date(START - 2000) },
  status: { startTime: new Date(START), containerStatuses: [{ name: 'app', image: 'r/web:2', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason, message } } }] }
})
const problemOf = (pod: k8s.V1Pod) => containerProblems([pod])[0]!

describe('isTerminalProblem', () => {
  it.each(['ErrImagePull', 'ImagePullBackOff', 'CreateContainerConfigError', 'CreateContainerError'])('%s counts only once its pod has had the grace period to clear it', (reason) => {
    const problem = problemOf(waitingPod(reason))
    expect(problem.since).toEqual(new Date(START))
    expect(isTerminalProblem(problem, 3, START + 1000)).toBe(false)
    expect(isTerminalProblem(problem, 3, START + TRANSIENT_GRACE_MS - 1)).toBe(false)
    expect(isTerminalProblem(problem, 3, START + TRANSIENT_GRACE_MS)).toBe(true)
  })

  it('InvalidImageName never clears and counts at once; without a time every pull error counts at once (as before)', () => {
    expect(isTerminalProblem(problemOf(waitingPod('InvalidImageName')), 3, START)).toBe(true)
    expect(isTerminalProblem(problemOf(waitingPod('ErrImagePull')), 3)).toBe(true)
  })

  it('CrashLoopBackOff counts at max-restarts, whatever the age', () => {
    const crash = { ...problemOf(waitingPod('CrashLoopBackOff')), restartCount: 3 }
    expect(isTerminalProblem(crash, 3, START)).toBe(true)
    expect(isTerminalProblem({ ...crash, restartCount: 2 }, 3, START + 10 * TRANSIENT_GRACE_MS)).toBe(false)
  })
})

describe('the containers a template declares', () => {
  const template = { spec: { containers: [{ name: 'app', image: 'r/web:2' }] } }
  const withSidecar: k8s.V1Pod = {
    metadata: { name: 'web-abc-x1' },
    spec: { containers: [{ name: 'app', image: 'r/web:2' }, { name: 'mesh-proxy', image: 'r/proxy:1' }] },
    status: {
      containerStatuses: [
        { name: 'app', image: 'r/web:2', imageID: '', ready: true, restartCount: 0, state: { running: {} } },
        { name: 'mesh-proxy', image: 'r/proxy:1', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }
      ]
    }
  }

  it("an injected sidecar's problem is not the version's, and its image is not part of what the pod runs", () => {
    expect(containerProblems([withSidecar]).map((p) => p.container)).toEqual(['mesh-proxy'])
    expect(managedProblems(containerProblems([withSidecar]), template)).toEqual([])
    expect(managedImages(withSidecar, template)).toEqual(['r/web:2'])
  })
})

describe('terminating pods', () => {
  const pod = (state: k8s.V1ContainerState, deleting: boolean, name = 'app'): k8s.V1Pod => ({
    metadata: { name: 'web-abc-x1', ...(deleting ? { deletionTimestamp: new Date(START) } : {}) },
    status: { conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name, image: 'r/web:2', imageID: '', ready: true, restartCount: 1, state }] }
  })
  const template = { spec: { containers: [{ name: 'app', image: 'r/web:2' }] } }

  it('are neither ready for their version nor failing, but serve until their containers stop', () => {
    const inPreStop = pod({ running: {} }, true)
    const exited = pod({ terminated: { exitCode: 143, reason: 'Error' } }, true)
    expect(isTerminating(inPreStop)).toBe(true)
    expect(isReadyPod(inPreStop)).toBe(false)
    expect(isReadyPod(pod({ running: {} }, false))).toBe(true)
    expect(containerProblems([exited])).toEqual([])
    expect(containerProblems([pod({ terminated: { exitCode: 143, reason: 'Error' } }, false)])).toHaveLength(1)
    expect(isServing(inPreStop, template)).toBe(true)
    expect(isServing(exited, template)).toBe(false)
    // Only an injected sidecar still running: the version's own container has stopped.
    expect(isServing(pod({ running: {} }, true, 'mesh-proxy'), template)).toBe(false)
  })
})
