/**
 * A Kubernetes API emulator for tests: HTTPS with its own CA, bearer tokens, the real paths and bodies of the
 * resources the actions use, watches, an emulated control plane (deployment, ReplicaSet, StatefulSet and DaemonSet
 * controllers with their ControllerRevisions, a kubelet whose pods behave as the test declares per image), fault
 * injection and a controllable clock.
 *
 *   const k8s = await startEmulator({ images: { 'web:2': { readyAfterMs: 2000 }, 'web:bad': { failure: 'ImagePullBackOff' } } })
 *   const kc = new KubeConfig(); kc.loadFromString(k8s.kubeconfig)
 *   ...; k8s.clock.advance(30_000); ...; await k8s.stop()
 */
import { randomBytes } from 'node:crypto'
import type { Server } from 'node:https'
import { ResourceApi, type ApiResponse } from './api.js'
import { EmulatorClock, type ClockOptions } from './clock.js'
import { ControllerManager } from './controllers/manager.js'
import { DEFAULT_BEHAVIOUR } from './controllers/container-model.js'
import { Faults } from './faults.js'
import { buildKubeconfig } from './kubeconfig.js'
import { resourceByKind } from './resources.js'
import { podAddresses, type PodNetwork } from './pod-network.js'
import { ProxyForwarder } from './proxy/forward.js'
import { startServer, type RequestRecord, type TokenGrant } from './server.js'
import { ApiError } from './status.js'
import { Store } from './store.js'
import { makeCertificates } from './tls.js'
import type { ImageBehaviour, KObject } from './types.js'

export type { ImageBehaviour, KObject } from './types.js'
export type { RequestRecord, TokenGrant } from './server.js'
export type { FaultRule, FaultEffect, FaultHandle } from './faults.js'
export type { PodNetwork } from './pod-network.js'
export { EmulatorClock } from './clock.js'

export interface EmulatorOptions {
  /** Behaviour of pods per image reference (exact match, e.g. 'web:2'). */
  images?: Record<string, ImageBehaviour>
  /** Behaviour of images not listed (default: Ready after 1 s). */
  defaultImage?: ImageBehaviour
  clock?: ClockOptions
  /** Namespaces that exist at start (default ['default']). */
  namespaces?: string[]
  /** Extra tokens, e.g. { 'team-a-token': { namespaces: ['team-a'] } }. An all-namespace admin token always exists. */
  tokens?: Record<string, TokenGrant>
  /** Real milliseconds between BOOKMARK events on watches that allow them (default 1000). */
  bookmarkIntervalMs?: number
  /** Watch events kept per resource type before older resourceVersions answer 410 Gone (default 1000). */
  watchHistorySize?: number
  /** 0 (default): the controllers run to a fixed point in one emulated instant. Above 0: one round of all
   * controllers at a time, at least this many emulated ms apart, exposing the states between syncs to pollers. */
  controllerSyncIntervalMs?: number
  /** How a watch from a too-old resourceVersion is answered: 200 + ERROR event with a 410 Status (the API server's
   * watch cache; default) or a plain HTTP 410 (servers reading etcd directly). */
  watchGoneAs?: 'error-event' | 'http-410'
  /** Pod addresses. 'virtual' (default): 10.244.0.x, reachable by nothing. 'loopback': each pod gets a unique,
   * really reachable address (status.podIP/podIPs) in a random /16 of 127.0.0.0/8 chosen per emulator, kept for
   * the pod's life, hostIP 127.0.0.1: start a server on podIP:containerPort and the `pods/proxy` and
   * `services/proxy` subresources reach it, as `kubectl get --raw /api/v1/namespaces/NS/pods/NAME:PORT/proxy/PATH`
   * reaches a real cluster's pod. */
  podNetwork?: PodNetwork
}

/** Direct access to the emulated cluster's state, bypassing HTTP (but not defaulting and validation). */
export interface StoreHelpers {
  /** Creates an object as `kubectl create` would (kind and metadata.namespace decide where). */
  create(object: KObject): KObject
  /** Replaces an object (PUT semantics, resourceVersion checked when given). */
  replace(object: KObject): KObject
  get(kind: string, namespace: string | undefined, name: string): KObject | undefined
  list(kind: string, namespace?: string): KObject[]
  delete(kind: string, namespace: string | undefined, name: string): void
  /** Drops all watch history: watches from an older resourceVersion get 410 Gone. */
  compact(): void
  /** Calls `listener` on every change, with its emulated time (e.g. to time "first failing pod" in a benchmark). */
  subscribe(listener: (change: StoreChange) => void): () => void
  readonly resourceVersion: number
}

export interface StoreChange {
  /** Emulated time of the change. */
  at: number
  type: 'ADDED' | 'MODIFIED' | 'DELETED'
  kind: string
  object: KObject
  previous?: KObject
  /** Made through the HTTP API (rather than by the emulated controllers). */
  external: boolean
}

export interface Emulator {
  url: string
  /** Kubeconfig YAML for the admin token (context 'emulator', namespace 'default'). */
  kubeconfig: string
  caPem: string
  token: string
  /** A kubeconfig for another token (e.g. a namespace-limited one). */
  kubeconfigFor(token: string, namespace?: string): string
  clock: EmulatorClock
  store: StoreHelpers
  faults: Faults
  /** Mutable: declare or change image behaviours while the test runs. */
  images: Record<string, ImageBehaviour>
  /** Every request received, in order. */
  requests: RequestRecord[]
  /** Freezes or unfreezes the controllers and kubelet. */
  setControllersEnabled(enabled: boolean): void
  /** Changes the BOOKMARK interval of watches started from now on. */
  setBookmarkIntervalMs(ms: number): void
  /** Changes how watches from a too-old resourceVersion are answered from now on. */
  setWatchGoneAs(mode: 'error-event' | 'http-410'): void
  stop(): Promise<void>
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const certificates = makeCertificates()
  const clock = new EmulatorClock({ ...options.clock, mode: 'manual' })
  const store = new Store(clock, options.watchHistorySize ?? 1000)
  const images: Record<string, ImageBehaviour> = { ...options.images }
  const defaultImage = options.defaultImage ?? DEFAULT_BEHAVIOUR
  const manager = new ControllerManager(store, clock, (image) => images[image] ?? defaultImage, options.controllerSyncIntervalMs ?? 0, podAddresses(options.podNetwork))
  clock.attach(manager)
  const api = new ResourceApi({ store, now: () => clock.timestamp(), podLogs: (pod, logOptions) => manager.kubelet.logs(pod, logOptions) })

  const token = randomBytes(24).toString('hex')
  const tokens = new Map<string, TokenGrant>([[token, { namespaces: '*', user: 'kubernetes-admin' }]])
  for (const [value, grant] of Object.entries(options.tokens ?? {})) tokens.set(value, grant)

  const faults = new Faults()
  const requests: RequestRecord[] = []
  const serverContext = {
    store,
    clock,
    faults,
    api,
    tokens,
    requests,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 1000,
    watchGoneAs: options.watchGoneAs ?? 'error-event',
    proxy: new ProxyForwarder()
  }
  const server: Server = await startServer(certificates, serverContext)
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('the emulator did not get a TCP port')
  const url = `https://127.0.0.1:${address.port}`

  const call = (method: string, object: KObject, named: boolean): ApiResponse => {
    const type = resourceByKind(object.kind ?? '')
    const namespace = type.namespaced ? (object.metadata.namespace ?? 'default') : undefined
    return api.handle({
      method,
      route: { kind: 'resource', type, version: type.versions[0]!, ...(namespace ? { namespace } : {}), ...(named ? { name: object.metadata.name! } : {}) },
      query: new URLSearchParams(),
      body: object,
      contentType: 'application/json'
    })
  }
  for (const namespace of options.namespaces ?? ['default']) call('POST', { kind: 'Namespace', metadata: { name: namespace } }, false)

  const helpers: StoreHelpers = {
    create: (object) => call('POST', object, false).body as KObject,
    replace: (object) => call('PUT', object, true).body as KObject,
    get: (kind, namespace, name) => store.get(resourceByKind(kind), namespace, name),
    list: (kind, namespace) => store.list(resourceByKind(kind), namespace),
    delete: (kind, namespace, name) => {
      try {
        call('DELETE', { kind, metadata: { name, ...(namespace ? { namespace } : {}) } }, true)
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 404)) throw error
      }
    },
    compact: () => store.compact(),
    subscribe: (listener) =>
      store.subscribe((event) =>
        listener({
          at: clock.now(),
          type: event.type,
          kind: event.resource.kind,
          object: structuredClone(event.object),
          ...(event.previous ? { previous: structuredClone(event.previous) } : {}),
          external: event.external
        })
      ),
    get resourceVersion() {
      return store.resourceVersion
    }
  }

  if (options.clock?.mode === 'auto') clock.auto(options.clock.speed)

  const users = [{ name: 'admin', token, namespace: 'default' }]
  return {
    url,
    kubeconfig: buildKubeconfig(url, certificates.caPem, users, 'admin'),
    caPem: certificates.caPem,
    token,
    kubeconfigFor: (other, namespace = 'default') => buildKubeconfig(url, certificates.caPem, [{ name: 'user', token: other, namespace }], 'user'),
    clock,
    store: helpers,
    faults,
    images,
    requests,
    setControllersEnabled: (enabled) => {
      manager.enabled = enabled
    },
    setBookmarkIntervalMs: (ms) => {
      serverContext.bookmarkIntervalMs = ms
    },
    setWatchGoneAs: (mode) => {
      serverContext.watchGoneAs = mode
    },
    stop: async () => {
      clock.manual()
      faults.dropWatches()
      serverContext.proxy.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
