/**
 * Deadlines of Kubernetes API requests. Each request may take at most the client's per-request timeout, and no
 * longer than what is left of the deadline of the wait it serves (`withinDeadline`); a request still unanswered
 * then is aborted and fails as a KubeRequestTimeout, retried like a dropped connection. Without this, a stalled API
 * server held a request for undici's header timeout, 300 s, whatever the action's own timeouts said.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type * as k8s from '@kubernetes/client-node'

/** The cap on one request: the API server itself ends a non-watch request after 60 s (`--request-timeout`). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000
/** However little is left of a deadline, a request gets this long (a call that reports the timeout must still run). */
export const MIN_REQUEST_TIMEOUT_MS = 1_000

/**
 * A per-request timeout from an action's own time budget (e.g. its rollout timeout): a third of it, so that a
 * stalled request can be retried within the budget, between 5 s and the default cap.
 */
export function requestTimeoutFor(budgetMs: number): number {
  return Math.min(DEFAULT_REQUEST_TIMEOUT_MS, Math.max(5_000, Math.floor(budgetMs / 3)))
}

/** A request that had no answer (or no complete answer) within its timeout. */
export class KubeRequestTimeout extends Error {
  override name = 'KubeRequestTimeout'
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${formatMs(timeoutMs)}`)
  }
}

const formatMs = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`)

/** The deadline (ms since the epoch) of the wait the current code runs in. */
const deadlines = new AsyncLocalStorage<number>()
/** The timeout of the request being made now. */
const requestTimeouts = new AsyncLocalStorage<number>()

/** Runs `work` with every API request in it ending by `deadline` (ms since the epoch), retries included. */
export const withinDeadline = <T>(deadline: number, work: () => Promise<T>): Promise<T> => deadlines.run(Math.min(deadline, deadlines.getStore() ?? Infinity), work)

/** The deadline of the wait the current code runs in, if any. */
export const currentDeadline = (): number | undefined => deadlines.getStore()

/** How long the next request may take: the cap, or less when the current wait's deadline is nearer. */
export function nextRequestTimeout(capMs: number, now = Date.now()): number {
  const deadline = deadlines.getStore()
  const left = deadline === undefined ? capMs : deadline - now
  return Math.max(MIN_REQUEST_TIMEOUT_MS, Math.min(capMs, left))
}

/** Runs one request with a timeout; its abort comes out as a KubeRequestTimeout. */
export async function withRequestTimeout<T>(timeoutMs: number, request: () => Promise<T>): Promise<T> {
  try {
    return await requestTimeouts.run(timeoutMs, request)
  } catch (error) {
    const name = (error as { name?: unknown } | null)?.name
    if (name === 'TimeoutError' || (name === 'AbortError' && (error as { cause?: { name?: unknown } }).cause?.name === 'TimeoutError')) throw new KubeRequestTimeout(timeoutMs)
    throw error
  }
}

/** client-node middleware: the request's abort signal, from the timeout withRequestTimeout set for it. */
export const deadlineMiddleware: k8s.Middleware = {
  pre: (context) => {
    const timeoutMs = requestTimeouts.getStore()
    if (timeoutMs !== undefined) context.setSignal(AbortSignal.timeout(timeoutMs))
    return Promise.resolve(context)
  },
  post: (response) => Promise.resolve(response)
}
