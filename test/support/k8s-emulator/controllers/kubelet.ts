/**
 * The node: every pod is scheduled at once on `emulator-node`, and its status (phase, conditions, container
 * statuses) follows the behaviour the test declared for each container's image.
 */
import type { EmulatorClock } from '../clock.js'
import { toTimestamp } from '../clock.js'
import type { LogOptions } from '../api.js'
import { resourceByKind } from '../resources.js'
import { badRequest } from '../status.js'
import type { Store } from '../store.js'
import type { ImageBehaviour, KObject, Loose } from '../types.js'
import type { PodAddresses } from '../pod-network.js'
import { containerAt, type ContainerModel } from './container-model.js'
import type { EventRecorder } from './events.js'

const PODS = resourceByKind('Pod')

export class Kubelet {
  /** Exact start times (object timestamps only have second precision). */
  private readonly startedAt = new Map<string, number>()

  constructor(
    private readonly store: Store,
    private readonly clock: EmulatorClock,
    private readonly events: EventRecorder,
    private readonly behaviourOf: (image: string) => ImageBehaviour,
    private readonly addresses: PodAddresses
  ) {}

  private start(pod: KObject): number {
    let start = this.startedAt.get(pod.metadata.uid!)
    if (start === undefined) {
      start = this.clock.now()
      this.startedAt.set(pod.metadata.uid!, start)
    }
    return start
  }

  private models(pod: KObject, now: number): Array<{ container: Loose; model: ContainerModel }> {
    const start = this.start(pod)
    return (pod.spec?.containers ?? []).map((container: Loose) => ({
      container,
      model: containerAt(this.behaviourOf(container.image), container.image, container.name, pod.metadata.name!, start, now - start)
    }))
  }

  sync(now: number): void {
    for (const pod of this.store.list(PODS)) {
      if (pod.metadata.deletionTimestamp) continue
      const models = this.models(pod, now)
      const status = this.statusOf(pod, models)
      if (JSON.stringify(status) === JSON.stringify(pod.status)) continue
      this.recordTransitions(pod, pod.status, models)
      this.store.update(PODS, { ...pod, spec: { ...pod.spec, nodeName: pod.spec?.nodeName ?? 'emulator-node' }, status })
    }
  }

  nextWakeup(now: number): number | undefined {
    let next: number | undefined
    for (const pod of this.store.list(PODS)) {
      const start = this.startedAt.get(pod.metadata.uid!)
      if (start === undefined) return now
      for (const { model } of this.models(pod, now)) {
        if (model.nextChangeAt !== undefined) next = Math.min(next ?? Infinity, start + model.nextChangeAt)
      }
    }
    return next
  }

  private statusOf(pod: KObject, models: Array<{ container: Loose; model: ContainerModel }>): Loose {
    const start = this.start(pod)
    const allReady = models.every((m) => m.model.ready)
    const readySince = Math.max(start, ...models.map((m) => m.model.readySince ?? start))
    const everyRun = models.every((m) => m.model.hasRun)
    const readyCondition = (type: string): Loose => ({
      type,
      status: allReady ? 'True' : 'False',
      lastProbeTime: null,
      lastTransitionTime: toTimestamp(allReady ? readySince : start),
      ...(allReady ? {} : { reason: 'ContainersNotReady', message: `containers with unready status: [${models.filter((m) => !m.model.ready).map((m) => m.container.name).join(' ')}]` })
    })
    const previous = pod.status ?? {}
    const ip: string = previous.podIP ?? this.addresses.next()
    return {
      phase: everyRun ? 'Running' : 'Pending',
      conditions: [
        { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: toTimestamp(start) },
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: toTimestamp(start) },
        readyCondition('Ready'),
        readyCondition('ContainersReady'),
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: toTimestamp(start) }
      ],
      hostIP: this.addresses.hostIP,
      hostIPs: [{ ip: this.addresses.hostIP }],
      podIP: ip,
      podIPs: [{ ip }],
      startTime: toTimestamp(start),
      containerStatuses: models.map(({ container, model }) => ({
        name: container.name,
        state: model.state,
        lastState: model.lastState,
        ready: model.ready,
        restartCount: model.restartCount,
        image: container.image,
        imageID: model.hasRun ? `${String(container.image).split(':')[0]}@sha256:${Buffer.from(String(container.image)).toString('hex').padEnd(64, '0').slice(0, 64)}` : '',
        ...(model.hasRun ? { containerID: `containerd://${pod.metadata.uid}-${container.name}-${model.restartCount}` } : {}),
        started: model.started
      })),
      qosClass: 'BestEffort'
    }
  }

  private recordTransitions(pod: KObject, previous: Loose, models: Array<{ container: Loose; model: ContainerModel }>): void {
    if (!previous?.startTime) this.events.record(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to emulator-node`, 'default-scheduler')
    for (const { container, model } of models) {
      const before = (previous?.containerStatuses ?? []).find((s: Loose) => s.name === container.name)
      const fieldPath = `spec.containers{${container.name}}`
      const wasRunning = before?.state?.running !== undefined
      const beforeReason = before?.state?.waiting?.reason
      if (!before) this.events.record(pod, 'Normal', 'Pulling', `Pulling image "${container.image}"`, 'kubelet', fieldPath)
      if (model.state.running && !wasRunning && model.restartCount === 0 && !model.lastState?.terminated) {
        this.events.record(pod, 'Normal', 'Pulled', `Successfully pulled image "${container.image}"`, 'kubelet', fieldPath)
        this.events.record(pod, 'Normal', 'Created', `Created container ${container.name}`, 'kubelet', fieldPath)
      }
      if (model.reason === beforeReason && (model.state.running !== undefined) === wasRunning && model.restartCount === (before?.restartCount ?? 0)) continue
      switch (model.reason) {
        case 'ErrImagePull':
          this.events.record(pod, 'Warning', 'Failed', `Failed to pull image "${container.image}": ${model.state.waiting.message}`, 'kubelet', fieldPath)
          break
        case 'ImagePullBackOff':
          this.events.record(pod, 'Normal', 'BackOff', `Back-off pulling image "${container.image}"`, 'kubelet', fieldPath)
          break
        case 'CreateContainerConfigError':
          this.events.record(pod, 'Warning', 'Failed', `Error: ${model.state.waiting.message}`, 'kubelet', fieldPath)
          break
        case 'CrashLoopBackOff':
          this.events.record(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${container.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`, 'kubelet', fieldPath)
          break
        default:
          if (model.state.running && !wasRunning) this.events.record(pod, 'Normal', 'Started', `Started container ${container.name}`, 'kubelet', fieldPath)
      }
    }
  }

  logs(pod: KObject, options: LogOptions): string {
    const container = (pod.spec?.containers ?? []).find((c: Loose) => c.name === options.container)
    const status = (pod.status?.containerStatuses ?? []).find((s: Loose) => s.name === options.container)
    const behaviour = this.behaviourOf(container.image)
    if (options.previous) {
      if (!status?.lastState?.terminated) throw badRequest(`previous terminated container "${options.container}" in pod "${pod.metadata.name}" not found`)
    } else if (status?.state?.waiting && !status?.lastState?.terminated) {
      throw badRequest(`container "${options.container}" in pod "${pod.metadata.name}" is waiting to start: ${/ImagePull/.test(status.state.waiting.reason) ? 'trying and failing to pull image' : status.state.waiting.reason}`)
    }
    const lines =
      behaviour.logs ??
      (behaviour.failure === 'CrashLoopBackOff'
        ? [`starting ${container.image}`, `fatal: cannot start: exit code ${behaviour.exitCode ?? 1}`]
        : [`starting ${container.image}`, 'listening on :8080'])
    const tail = options.tailLines !== undefined ? lines.slice(Math.max(0, lines.length - options.tailLines)) : lines
    return tail.length === 0 ? '' : tail.join('\n') + '\n'
  }
}
