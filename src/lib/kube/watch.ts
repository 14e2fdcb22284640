/**
 * A watch that survives what real clusters do to long watches: the connection drops (load balancers, API server
 * restarts, the server's own timeout) and is resumed from the last resourceVersion seen (events and BOOKMARKs);
 * a resourceVersion that has become too old (410 Gone, as an HTTP status or as an ERROR event with a 410 Status,
 * https://kubernetes.io/docs/reference/using-api/api-concepts/#410-gone-responses) makes it list again and continue
 * from the list's resourceVersion, as client-go's reflector does.
 *
 * Each watch asks the server to end it after WATCH_TIMEOUT_SECONDS (client-go's reflector sets timeoutSeconds too):
 * client-node aborts a watch that receives nothing for 30 s, and a real API server sends BOOKMARKs only once a
 * minute, so a quiet watch without a server timeout would fail every 30 s. With one, the server sends a BOOKMARK
 * 2 s before the end and closes the stream cleanly; the next watch resumes from that bookmark.
 */
import { Watch, type KubeConfig } from '@kubernetes/client-node'
import { backoffDelay, sleep as realSleep, type RetryPolicy } from '../retry.js'
import { statusCode, userErrorOr } from './errors.js'

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED'

export interface WatchedObject {
  metadata?: { resourceVersion?: string; name?: string }
}

export interface ResumableWatchOptions<T extends WatchedObject> {
  kc: KubeConfig
  /** Collection path, e.g. /apis/apps/v1/namespaces/NS/deployments. */
  path: string
  /** labelSelector / fieldSelector etc. */
  query?: Record<string, string>
  /** Lists the collection (with the same selectors): at start and after 410 Gone. */
  list: () => Promise<{ items: T[]; resourceVersion: string }>
  /** The full state, after each (re)list. */
  onList?: (items: T[]) => void
  onEvent: (type: WatchEventType, object: T) => void
  /** Reconnection back-off after failures (attempts: consecutive failures before giving up). */
  retry?: RetryPolicy
  log?: (message: string) => void
  sleep?: (ms: number) => Promise<void>
}

export interface ResumableWatch {
  /** Ends the watch; `done` then resolves. */
  stop(): void
  /** Resolves when stopped; rejects after too many consecutive failures. */
  done: Promise<void>
  /** How often it reconnected and re-listed (for logs and tests). */
  readonly stats: { reconnects: number; relists: number }
}

const DEFAULT_WATCH_RETRY: RetryPolicy = { attempts: 10, baseDelayMs: 200, maxDelayMs: 5000 }

/** Below client-node's inactivity timeout (Watch.requestTimeoutMs, 30 s); `query.timeoutSeconds` overrides it. */
export const WATCH_TIMEOUT_SECONDS = 25

type Outcome = { kind: 'closed' } | { kind: 'gone' } | { kind: 'failed'; error: unknown }

export function watchWithResume<T extends WatchedObject>(options: ResumableWatchOptions<T>): ResumableWatch {
  const retry = options.retry ?? DEFAULT_WATCH_RETRY
  const wait = options.sleep ?? realSleep
  const log = options.log ?? (() => {})
  const stats = { reconnects: 0, relists: 0 }
  let stopped = false
  let current: AbortController | undefined
  let wake: (() => void) | undefined

  const once = (resourceVersion: string, onProgress: (rv: string) => void): Promise<Outcome> =>
    new Promise<Outcome>((resolve) => {
      let outcome: Outcome | undefined
      const watcher = new Watch(options.kc)
      watcher
        .watch(
          options.path,
          { timeoutSeconds: WATCH_TIMEOUT_SECONDS, ...options.query, resourceVersion, allowWatchBookmarks: true },
          (type: string, object: T & { code?: number; message?: string }) => {
            if (type === 'ERROR') {
              outcome = object.code === 410 ? { kind: 'gone' } : { kind: 'failed', error: new Error(`watch error: ${object.message ?? JSON.stringify(object)}`) }
              current?.abort()
              return
            }
            const rv = object.metadata?.resourceVersion
            if (rv) onProgress(rv)
            if (type === 'BOOKMARK') return
            if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') options.onEvent(type, object)
          },
          (error: unknown) => {
            if (outcome) return resolve(outcome)
            if (error === null || error === undefined || stopped) return resolve({ kind: 'closed' })
            const status = (error as { statusCode?: number }).statusCode
            resolve(status === 410 ? { kind: 'gone' } : { kind: 'failed', error })
          }
        )
        .then((controller) => {
          current = controller
          if (stopped) controller.abort()
        })
        .catch((error: unknown) => resolve({ kind: 'failed', error }))
    })

  const run = async (): Promise<void> => {
    let resourceVersion = ''
    let needList = true
    let failures = 0
    while (!stopped) {
      if (needList) {
        const listed = await options.list()
        resourceVersion = listed.resourceVersion
        options.onList?.(listed.items)
        needList = false
      }
      let progressed = false
      const outcome = await once(resourceVersion, (rv) => {
        resourceVersion = rv
        progressed = true
      })
      if (stopped) return
      if (progressed) failures = 0
      if (outcome.kind === 'gone') {
        stats.relists++
        log(`watch ${options.path}: resourceVersion ${resourceVersion} is too old (410 Gone); listing again`)
        needList = true
        continue
      }
      stats.reconnects++
      if (outcome.kind === 'failed') {
        // A refusal (401/403) does not pass with time: retrying it would only hide it behind the back-off.
        const code = statusCode(outcome.error)
        if (code === 401 || code === 403) throw userErrorOr(`watch ${options.path}`, outcome.error)
        failures++
        if (failures >= retry.attempts) throw outcome.error
        const delay = backoffDelay(failures - 1, retry)
        log(`watch ${options.path} failed (${outcome.error instanceof Error ? outcome.error.message : String(outcome.error)}); resuming from ${resourceVersion} in ${delay} ms`)
        await Promise.race([wait(delay), new Promise<void>((resolve) => (wake = resolve))])
      }
      // A clean end (the server's timeout, every WATCH_TIMEOUT_SECONDS) is routine: resumed without a log line.
    }
  }

  const done = run()
  return {
    stop: () => {
      stopped = true
      current?.abort()
      wake?.()
    },
    done,
    stats
  }
}
