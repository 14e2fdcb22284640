/** Runs the emulated control plane (garbage collector, deployment and ReplicaSet controllers, kubelet) to a fixed
 * point at a given emulated time, and tells the clock when something is next due. */
import type { EmulatorClock, Scheduler } from '../clock.js'
import type { Store } from '../store.js'
import type { ImageBehaviour } from '../types.js'
import { DeploymentController } from './deployment.js'
import { EventRecorder } from './events.js'
import { collectGarbage } from './garbage-collector.js'
import { Kubelet } from './kubelet.js'
import { ReplicaSetController } from './replicaset.js'

export class ControllerManager implements Scheduler {
  readonly events: EventRecorder
  readonly kubelet: Kubelet
  readonly replicaSets: ReplicaSetController
  readonly deployments: DeploymentController
  /** Controllers can be stopped to freeze the cluster (e.g. to observe the state right after a write). */
  enabled = true

  constructor(
    private readonly store: Store,
    clock: EmulatorClock,
    behaviourOf: (image: string) => ImageBehaviour
  ) {
    this.events = new EventRecorder(store, clock)
    this.kubelet = new Kubelet(store, clock, this.events, behaviourOf)
    this.replicaSets = new ReplicaSetController(store, clock, this.events)
    this.deployments = new DeploymentController(store, clock, this.events, this.replicaSets)
  }

  runUntilStable(now: number): void {
    if (!this.enabled) return
    for (let round = 0; round < 200; round++) {
      const before = this.store.resourceVersion
      collectGarbage(this.store)
      this.deployments.sync()
      this.replicaSets.sync(now)
      this.kubelet.sync(now)
      if (this.store.resourceVersion === before) return
    }
    throw new Error('the emulated controllers did not settle after 200 rounds (a controller bug)')
  }

  nextWakeup(now: number): number | undefined {
    if (!this.enabled) return undefined
    const times = [this.kubelet.nextWakeup(now), this.replicaSets.nextWakeup(now), this.deployments.nextWakeup()].filter((t): t is number => t !== undefined)
    return times.length === 0 ? undefined : Math.min(...times)
  }
}
