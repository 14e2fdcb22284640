/** Retries with exponential backoff and full jitter, honouring a server's Retry-After. */

export interface RetryPolicy {
  /** Total tries, the first included. */
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
  /** A Retry-After longer than this is not waited for: the error is thrown instead. */
  maxRetryAfterMs?: number
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 15_000, maxRetryAfterMs: 60_000 }

/** What a caller decides about a failed try. */
export type RetryDecision = { retry: false } | { retry: true; afterMs?: number; reason: string }

export interface RetryOptions {
  policy?: RetryPolicy
  classify: (error: unknown) => RetryDecision
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  /** No retry starts at or after this time (ms since the epoch): the last failure is thrown instead. */
  deadline?: number
  now?: () => number
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Full jitter (AWS architecture blog): a uniform delay in [0, min(max, base * 2^retry)). */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry)
  return Math.floor(random() * ceiling)
}

/** Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (header == null || header.trim() === '') return undefined
  const text = header.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const date = Date.parse(text)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

export async function withRetry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY
  const wait = options.sleep ?? sleep
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt)
    } catch (error) {
      const decision = options.classify(error)
      if (!decision.retry || attempt >= policy.attempts) throw error
      const maxRetryAfter = policy.maxRetryAfterMs ?? Infinity
      if (decision.afterMs !== undefined && decision.afterMs > maxRetryAfter) throw error
      const delayMs = decision.afterMs ?? backoffDelay(attempt - 1, policy, options.random)
      if (options.deadline !== undefined && (options.now ?? Date.now)() + delayMs >= options.deadline) throw error
      options.onRetry?.({ attempt, delayMs, reason: decision.reason })
      await wait(delayMs)
    }
  }
}
