/**
 * Watch streams (https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes):
 * newline-delimited JSON events ADDED/MODIFIED/DELETED, BOOKMARK events when allowWatchBookmarks=true, and for a
 * resourceVersion older than the history an ERROR event carrying a 410 Expired Status. A real API server answers a
 * too-old resourceVersion with HTTP 200 and that ERROR event (the watch cache's error watcher,
 * k8s.io/apiserver/pkg/storage/cacher), so clients must handle both that and a plain 410.
 * Selectors apply to the object before and after a change: an object that stops matching arrives as DELETED, one
 * that starts matching as ADDED.
 */
import type { ServerResponse } from 'node:http'
import { present } from './api.js'
import type { ActiveWatch, Faults } from './faults.js'
import { apiVersionOf } from './resources.js'
import type { ResourceRoute } from './routes.js'
import { parseFieldSelector, parseLabelSelector } from './selectors.js'
import { gone } from './status.js'
import type { Store, StoreEvent } from './store.js'
import type { KObject } from './types.js'

export interface WatchOptions {
  store: Store
  faults: Faults
  route: ResourceRoute
  query: URLSearchParams
  path: string
  bookmarkIntervalMs: number
  /** How a too-old resourceVersion is answered: an ERROR event (watch cache, the default) or HTTP 410 (etcd). */
  goneAs: 'error-event' | 'http-410'
  /** After how many events the stream is cut (a drop-watch fault), if any. */
  dropAfterEvents?: { count: number; abrupt: boolean }
}

export function serveWatch(response: ServerResponse, options: WatchOptions): void {
  const { store, route, query } = options
  const labels = parseLabelSelector(query.get('labelSelector'))
  const fields = parseFieldSelector(query.get('fieldSelector'))
  const matches = (object: KObject | undefined): boolean =>
    object !== undefined &&
    (route.namespace === undefined || object.metadata.namespace === route.namespace) &&
    (route.name === undefined || object.metadata.name === route.name) &&
    labels(object.metadata.labels) &&
    fields(object)

  const requested = query.get('resourceVersion')
  const replay = requested === null || requested === '' || requested === '0' ? undefined : store.eventsSince(route.type, Number(requested))
  if (replay === 'gone' && options.goneAs === 'http-410') {
    const status = gone(`too old resource version: ${requested} (${store.resourceVersion})`)
    response.writeHead(410, { 'Content-Type': 'application/json' })
    response.end(JSON.stringify(status.toStatus()))
    return
  }
  response.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' })
  // The API server sends the headers at once; clients (client-node's fetch) wait for them before watching.
  response.flushHeaders()
  let sent = 0
  let closed = false
  const timers: NodeJS.Timeout[] = []
  let unsubscribe = (): void => {}

  const close = (abrupt: boolean): void => {
    if (closed) return
    closed = true
    unsubscribe()
    timers.forEach(clearTimeout)
    timers.forEach(clearInterval)
    options.faults.watches.delete(active)
    if (abrupt) response.socket?.destroy()
    else response.end()
  }
  const active: ActiveWatch = { path: options.path, close }
  options.faults.watches.add(active)
  response.on('close', () => close(false))

  const write = (type: string, object: unknown): void => {
    if (closed) return
    response.write(JSON.stringify({ type, object }) + '\n')
    if (type === 'BOOKMARK' || type === 'ERROR') return
    sent++
    if (options.dropAfterEvents && sent >= options.dropAfterEvents.count) close(options.dropAfterEvents.abrupt)
  }

  const send = (event: StoreEvent): void => {
    if (event.resource !== route.type) return
    const now = matches(event.object)
    const before = matches(event.previous)
    let type: string | undefined
    if (event.type === 'ADDED') type = now ? 'ADDED' : undefined
    else if (event.type === 'DELETED') type = before ? 'DELETED' : undefined
    else type = before && now ? 'MODIFIED' : now ? 'ADDED' : before ? 'DELETED' : undefined
    if (type) write(type, present(event.object, route))
  }

  if (replay === undefined) {
    // No resourceVersion: the current state as synthetic ADDED events, then changes.
    for (const object of store.list(route.type, route.namespace)) if (matches(object)) write('ADDED', present(object, route))
  } else {
    const events = replay
    if (events === 'gone') {
      write('ERROR', gone(`too old resource version: ${requested} (${store.resourceVersion})`).toStatus())
      close(false)
      return
    }
    events.forEach(send)
  }
  if (options.dropAfterEvents?.count === 0) {
    close(options.dropAfterEvents.abrupt)
    return
  }
  if (closed) return
  unsubscribe = store.subscribe(send)

  if (query.get('allowWatchBookmarks') === 'true') {
    const bookmark = (): void =>
      write('BOOKMARK', { kind: route.type.kind, apiVersion: apiVersionOf(route.type, route.version), metadata: { resourceVersion: String(store.resourceVersion) } })
    timers.push(setInterval(bookmark, options.bookmarkIntervalMs))
  }
  const timeoutSeconds = Number(query.get('timeoutSeconds') ?? 0)
  if (timeoutSeconds > 0) timers.push(setTimeout(() => close(false), timeoutSeconds * 1000))
}
