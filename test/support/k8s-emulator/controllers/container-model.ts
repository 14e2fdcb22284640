/**
 * What the kubelet reports for one container at a point in its pod's life, as a pure function of the image's
 * declared behaviour and the time since the pod started. Crash loops follow the kubelet's restart back-off: the
 * first restart is immediate, later ones wait 10 s doubling up to 5 min, with the container Waiting in
 * CrashLoopBackOff meanwhile (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-restarts).
 */
import { toTimestamp } from '../clock.js'
import type { ImageBehaviour, Loose } from '../types.js'

export interface ContainerModel {
  state: Loose
  lastState: Loose
  ready: boolean
  started: boolean
  restartCount: number
  /** The container has run at least once (the pod's phase is Running). */
  hasRun: boolean
  /** Absolute time the container became ready, when ready. */
  readySince?: number
  /** Waiting reason, if waiting. */
  reason?: string
  /** Elapsed time (since pod start) of the next change, if any. */
  nextChangeAt?: number
}

export const DEFAULT_BEHAVIOUR: Required<Pick<ImageBehaviour, 'startAfterMs' | 'readyAfterMs'>> = { startAfterMs: 200, readyAfterMs: 1000 }

const waiting = (reason: string, message?: string): Loose => ({ waiting: { reason, ...(message ? { message } : {}) } })

export function containerAt(behaviour: ImageBehaviour, image: string, container: string, podName: string, podStart: number, elapsed: number): ContainerModel {
  const startAfter = behaviour.startAfterMs ?? DEFAULT_BEHAVIOUR.startAfterMs
  const failAfter = behaviour.failAfterMs ?? 1000
  const base = { lastState: {}, ready: false, started: false, restartCount: 0, hasRun: false }
  const creating = (until: number): ContainerModel => ({ ...base, state: waiting('ContainerCreating'), reason: 'ContainerCreating', nextChangeAt: until })

  switch (behaviour.failure) {
    case 'ImagePullBackOff':
    case 'ErrImagePull': {
      if (elapsed < failAfter) return creating(failAfter)
      const pullError = behaviour.message ?? `failed to pull and unpack image "${image}": failed to resolve reference "${image}": not found`
      if (behaviour.failure === 'ErrImagePull') return { ...base, state: waiting('ErrImagePull', pullError), reason: 'ErrImagePull' }
      if (elapsed < failAfter + 1000) return { ...base, state: waiting('ErrImagePull', pullError), reason: 'ErrImagePull', nextChangeAt: failAfter + 1000 }
      return { ...base, state: waiting('ImagePullBackOff', `Back-off pulling image "${image}": ErrImagePull: ${pullError}`), reason: 'ImagePullBackOff' }
    }
    case 'CreateContainerConfigError': {
      if (elapsed < failAfter) return creating(failAfter)
      const message = behaviour.message ?? 'secret "app-config" not found'
      return { ...base, state: waiting('CreateContainerConfigError', message), reason: 'CreateContainerConfigError' }
    }
    case 'CrashLoopBackOff':
      return crashLoop(behaviour, container, podName, podStart, elapsed, startAfter)
    default: {
      if (elapsed < startAfter) return creating(startAfter)
      const readyAfter = Math.max(behaviour.readyAfterMs ?? DEFAULT_BEHAVIOUR.readyAfterMs, startAfter)
      const running = { running: { startedAt: toTimestamp(podStart + startAfter) } }
      if (elapsed < readyAfter) return { ...base, state: running, started: true, hasRun: true, nextChangeAt: readyAfter }
      return { ...base, state: running, started: true, hasRun: true, ready: true, readySince: podStart + readyAfter }
    }
  }
}

function crashLoop(behaviour: ImageBehaviour, container: string, podName: string, podStart: number, elapsed: number, startAfter: number): ContainerModel {
  const runFor = behaviour.crashAfterMs ?? 1000
  const exitCode = behaviour.exitCode ?? 1
  if (elapsed < startAfter) {
    return { state: waiting('ContainerCreating'), lastState: {}, ready: false, started: false, restartCount: 0, hasRun: false, reason: 'ContainerCreating', nextChangeAt: startAfter }
  }
  let runStart = startAfter
  let restarts = 0
  let lastState: Loose = {}
  for (;;) {
    const runEnd = runStart + runFor
    if (elapsed < runEnd) {
      // With readyAfterMs < crashAfterMs the container passes its readiness probe before it crashes.
      const readyAt = behaviour.readyAfterMs !== undefined && behaviour.readyAfterMs < runFor ? runStart + behaviour.readyAfterMs : undefined
      const ready = readyAt !== undefined && elapsed >= readyAt
      return {
        state: { running: { startedAt: toTimestamp(podStart + runStart) } },
        lastState,
        ready,
        started: true,
        restartCount: restarts,
        hasRun: true,
        ...(ready ? { readySince: podStart + readyAt! } : {}),
        nextChangeAt: readyAt !== undefined && !ready ? readyAt : runEnd
      }
    }
    lastState = { terminated: { exitCode, reason: 'Error', startedAt: toTimestamp(podStart + runStart), finishedAt: toTimestamp(podStart + runEnd), containerID: `containerd://${podName}-${container}-${restarts}` } }
    const crashes = restarts + 1
    const backOff = crashes === 1 ? 0 : Math.min(10_000 * 2 ** (crashes - 2), 300_000)
    if (elapsed < runEnd + backOff) {
      return {
        state: waiting('CrashLoopBackOff', `back-off ${backOff / 1000}s restarting failed container=${container} pod=${podName}_(${podName})`),
        lastState,
        ready: false,
        started: false,
        restartCount: restarts,
        hasRun: true,
        reason: 'CrashLoopBackOff',
        nextChangeAt: runEnd + backOff
      }
    }
    runStart = runEnd + backOff
    restarts = crashes
  }
}
