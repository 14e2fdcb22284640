/**
 * The emulator's etcd: objects keyed by resource type and namespace/name, one global resourceVersion counter bumped
 * on every write, and a bounded per-type event history that watches replay from. A watch from a resourceVersion older
 * than the history answers 410 Gone ("too old resource version"), as the API server's watch cache does.
 */
import { randomUUID } from 'node:crypto'
import type { EmulatorClock } from './clock.js'
import { apiVersionOf, storageKey, type ResourceType } from './resources.js'
import { canonicalJson } from './canonical.js'
import type { KObject } from './types.js'

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED'

export interface StoreEvent {
  rv: number
  type: EventType
  resource: ResourceType
  object: KObject
  /** The object before a MODIFIED/DELETED event (watches with selectors need it). */
  previous?: KObject
  /** Writes made through the HTTP API (as opposed to the emulated controllers). */
  external: boolean
}

interface History {
  events: StoreEvent[]
  /** Watches may start from any resourceVersion >= this one. */
  startRv: number
}

const keyOf = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`

/** Everything a write may change outside metadata and status: what metadata.generation tracks. */
function specPart(object: KObject): string {
  const { metadata: _metadata, status: _status, apiVersion: _apiVersion, kind: _kind, ...rest } = object
  return canonicalJson(rest)
}

export class Store {
  private rv = 1000
  private readonly data = new Map<string, Map<string, KObject>>()
  private readonly histories = new Map<string, History>()
  private readonly listeners = new Set<(event: StoreEvent) => void>()

  constructor(
    private readonly clock: EmulatorClock,
    private readonly historySize = 1000
  ) {}

  get resourceVersion(): number {
    return this.rv
  }

  private bucket(type: ResourceType): Map<string, KObject> {
    const key = storageKey(type)
    let bucket = this.data.get(key)
    if (!bucket) this.data.set(key, (bucket = new Map()))
    return bucket
  }

  private history(type: ResourceType): History {
    const key = storageKey(type)
    let history = this.histories.get(key)
    if (!history) this.histories.set(key, (history = { events: [], startRv: 0 }))
    return history
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KObject | undefined {
    const found = this.bucket(type).get(keyOf(namespace, name))
    return found && structuredClone(found)
  }

  list(type: ResourceType, namespace?: string): KObject[] {
    return [...this.bucket(type).values()]
      .filter((o) => namespace === undefined || o.metadata.namespace === namespace)
      .sort((a, b) => keyOf(a.metadata.namespace, a.metadata.name!).localeCompare(keyOf(b.metadata.namespace, b.metadata.name!)))
      .map((o) => structuredClone(o))
  }

  create(type: ResourceType, object: KObject, external = false): KObject {
    const stored = structuredClone(object)
    stored.apiVersion = apiVersionOf(type)
    stored.kind = type.kind
    stored.metadata.uid = randomUUID()
    stored.metadata.creationTimestamp = this.clock.timestamp()
    if (type.generation) stored.metadata.generation = 1
    stored.metadata.resourceVersion = String(++this.rv)
    this.bucket(type).set(keyOf(stored.metadata.namespace, stored.metadata.name!), stored)
    this.record({ rv: this.rv, type: 'ADDED', resource: type, object: stored, external })
    return structuredClone(stored)
  }

  /** Stores a new version of an existing object (callers check preconditions); bumps generation on spec changes. */
  update(type: ResourceType, object: KObject, external = false): KObject {
    const key = keyOf(object.metadata.namespace, object.metadata.name!)
    const previous = this.bucket(type).get(key)
    if (!previous) throw new Error(`update of missing ${type.resource} ${key}`)
    const stored = structuredClone(object)
    stored.apiVersion = apiVersionOf(type)
    stored.kind = type.kind
    stored.metadata.uid = previous.metadata.uid
    stored.metadata.creationTimestamp = previous.metadata.creationTimestamp
    if (type.generation) {
      const generation = previous.metadata.generation ?? 1
      stored.metadata.generation = specPart(stored) === specPart(previous) ? generation : generation + 1
    }
    // An update that changes nothing is a no-op: no new resourceVersion, no watch event (as in the API server).
    stored.metadata.resourceVersion = previous.metadata.resourceVersion
    if (canonicalJson(stored) === canonicalJson(previous)) return structuredClone(previous)
    stored.metadata.resourceVersion = String(++this.rv)
    this.bucket(type).set(key, stored)
    this.record({ rv: this.rv, type: 'MODIFIED', resource: type, object: stored, previous, external })
    return structuredClone(stored)
  }

  delete(type: ResourceType, namespace: string | undefined, name: string, external = false): KObject | undefined {
    const key = keyOf(namespace, name)
    const previous = this.bucket(type).get(key)
    if (!previous) return undefined
    this.bucket(type).delete(key)
    const deleted = structuredClone(previous)
    deleted.metadata.resourceVersion = String(++this.rv)
    this.record({ rv: this.rv, type: 'DELETED', resource: type, object: deleted, previous, external })
    return structuredClone(deleted)
  }

  private record(event: StoreEvent): void {
    const history = this.history(event.resource)
    history.events.push(event)
    while (history.events.length > this.historySize) history.startRv = history.events.shift()!.rv
    for (const listener of this.listeners) listener(event)
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Events after `rv`, or 'gone' when the history no longer reaches back that far. */
  eventsSince(type: ResourceType, rv: number): StoreEvent[] | 'gone' {
    const history = this.history(type)
    if (rv < Math.max(history.startRv, this.compactedAt)) return 'gone'
    return history.events.filter((e) => e.rv > rv)
  }

  /** Forgets all watch history, as etcd compaction does: every watch from an older resourceVersion gets 410 Gone. */
  compact(): void {
    this.compactedAt = this.rv
    for (const history of this.histories.values()) history.events = []
  }

  private compactedAt = 0
}
