/** core/v1 Events as controllers and the kubelet record them; repeats of the same event bump count. */
import { randomBytes } from 'node:crypto'
import type { EmulatorClock } from '../clock.js'
import { resourceByKind } from '../resources.js'
import type { Store } from '../store.js'
import type { KObject } from '../types.js'

const EVENTS = resourceByKind('Event')

export class EventRecorder {
  constructor(
    private readonly store: Store,
    private readonly clock: EmulatorClock
  ) {}

  record(object: KObject, type: 'Normal' | 'Warning', reason: string, message: string, component: string, fieldPath?: string): void {
    const namespace = object.metadata.namespace ?? 'default'
    const now = this.clock.timestamp()
    const existing = this.store
      .list(EVENTS, namespace)
      .find((e) => e.involvedObject?.uid === object.metadata.uid && e.reason === reason && e.message === message)
    if (existing) {
      this.store.update(EVENTS, { ...existing, count: (existing.count ?? 1) + 1, lastTimestamp: now })
      return
    }
    this.store.create(EVENTS, {
      metadata: { name: `${object.metadata.name}.${randomBytes(8).toString('hex')}`, namespace },
      involvedObject: {
        kind: object.kind,
        namespace,
        name: object.metadata.name,
        uid: object.metadata.uid,
        apiVersion: object.apiVersion,
        resourceVersion: object.metadata.resourceVersion,
        ...(fieldPath ? { fieldPath } : {})
      },
      reason,
      message,
      source: { component, ...(component === 'kubelet' ? { host: 'emulator-node' } : {}) },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: component === 'kubelet' ? 'emulator-node' : ''
    })
  }
}
