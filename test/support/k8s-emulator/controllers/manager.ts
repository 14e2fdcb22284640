/** Runs the emulated control plane (garbage collector, deployment, ReplicaSet, StatefulSet and DaemonSet controllers, kubelet) to a fixed
 * point at a given emulated time, and tells the clock when something is next due. */
import type { EmulatorClock, Scheduler } from '../clock.js'
import type { Store } from '../store.js'
import type { ImageBehaviour } from '../types.js'
import { podAddresses, type PodAddresses } from '../pod-network.js'
import { DeploymentController } from './deployment.js'
import { EventRecorder } from './events.js'
import { collectGarbage } from './garbage-collector.js'
import { Kubelet } from './kubelet.js'
import { ReplicaSetController } from './replicaset.js'
import { DaemonSetController } from './daemonset.js'
import { StatefulSetController } from './statefulset.js'

export class ControllerManager implements Scheduler {
  readonly events: EventRecorder
  readonly kubelet: Kubelet
  readonly replicaSets: ReplicaSetController
  readonly deployments: DeploymentController
  readonly statefulSets: StatefulSetController
  readonly daemonSets: DaemonSetController
  /** Controllers can be stopped to freeze the cluster (e.g. to observe the state right after a write). */
  enabled = true

  /** Emulated time of the last controller round (interval mode). */
  private lastRound = -Infinity
  /** When the next round is due because the last one changed something or the API was written to. */
  private roundDueAt: number | undefined

  /**
   * @param syncIntervalMs 0: every controller runs to a fixed point in the same instant. Above 0: one round of all
   * controllers at a time, rounds at least this far apart, so pollers see the states between two controller syncs
   * (e.g. a ProgressDeadlineExceeded condition that outlives the spec change that will clear it).
   */
  constructor(
    private readonly store: Store,
    private readonly clock: EmulatorClock,
    behaviourOf: (image: string) => ImageBehaviour,
    private readonly syncIntervalMs = 0,
    addresses: PodAddresses = podAddresses()
  ) {
    this.events = new EventRecorder(store, clock)
    this.kubelet = new Kubelet(store, clock, this.events, behaviourOf, addresses)
    this.replicaSets = new ReplicaSetController(store, clock, this.events)
    this.deployments = new DeploymentController(store, clock, this.events, this.replicaSets)
    this.statefulSets = new StatefulSetController(store, this.events)
    this.daemonSets = new DaemonSetController(store, this.events)
    if (syncIntervalMs > 0) {
      store.subscribe((event) => {
        if (event.external) this.roundDueAt = Math.min(this.roundDueAt ?? Infinity, Math.max(this.clock.now(), this.lastRound + syncIntervalMs))
      })
    }
  }

  /** One pass of every controller; true when it changed something. */
  private round(now: number): boolean {
    const before = this.store.resourceVersion
    collectGarbage(this.store)
    this.deployments.sync()
    this.replicaSets.sync(now)
    this.statefulSets.sync(now)
    this.daemonSets.sync(now)
    this.kubelet.sync(now)
    return this.store.resourceVersion !== before
  }

  runUntilStable(now: number): void {
    if (!this.enabled) return
    if (this.syncIntervalMs > 0) {
      const timer = this.timerWakeup(now)
      const due = (this.roundDueAt !== undefined && this.roundDueAt <= now) || (timer !== undefined && timer <= now && now >= this.lastRound + this.syncIntervalMs)
      if (!due) return
      this.lastRound = now
      this.roundDueAt = this.round(now) ? now + this.syncIntervalMs : undefined
      return
    }
    for (let round = 0; round < 200; round++) {
      if (!this.round(now)) return
    }
    throw new Error('the emulated controllers did not settle after 200 rounds (a controller bug)')
  }

  private timerWakeup(now: number): number | undefined {
    const times = [
      this.kubelet.nextWakeup(now),
      this.replicaSets.nextWakeup(now),
      this.deployments.nextWakeup(),
      this.statefulSets.nextWakeup(now),
      this.daemonSets.nextWakeup(now)
    ].filter((t): t is number => t !== undefined)
    return times.length === 0 ? undefined : Math.min(...times)
  }

  nextWakeup(now: number): number | undefined {
    if (!this.enabled) return undefined
    const timer = this.timerWakeup(now)
    if (this.syncIntervalMs === 0) return timer
    const candidates = [this.roundDueAt, timer === undefined ? undefined : Math.max(timer, this.lastRound + this.syncIntervalMs)].filter((t): t is number => t !== undefined)
    return candidates.length === 0 ? undefined : Math.min(...candidates)
  }
}
