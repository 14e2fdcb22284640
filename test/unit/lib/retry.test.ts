import { describe, expect, it } from '@jest/globals'
import { backoffDelay, parseRetryAfter, withRetry, type RetryDecision } from '../../../src/lib/retry.js'

class HttpError extends Error {
  constructor(readonly status: number, readonly retryAfter?: string) {
    super(`HTTP ${status}`)
  }
}

const classify = (error: unknown): RetryDecision => {
  if (error instanceof HttpError && (error.status === 429 || error.status >= 500)) {
    const afterMs = parseRetryAfter(error.retryAfter, 0)
    return { retry: true, reason: error.message, ...(afterMs !== undefined ? { afterMs } : {}) }
  }
  return { retry: false }
}

describe('withRetry', () => {
  it('retries transient failures with growing, jittered delays and returns the result', async () => {
    const waits: number[] = []
    let calls = 0
    const result = await withRetry(
      async () => {
        calls++
        if (calls < 4) throw new HttpError(503)
        return 'ok'
      },
      { classify, sleep: async (ms) => void waits.push(ms), random: () => 0.5, policy: { attempts: 5, baseDelayMs: 100, maxDelayMs: 250 } }
    )
    expect(result).toBe('ok')
    expect(waits).toEqual([50, 100, 125])
  })

  it('waits exactly what Retry-After asks', async () => {
    const waits: number[] = []
    let calls = 0
    await withRetry(
      async () => {
        if (calls++ === 0) throw new HttpError(429, '7')
      },
      { classify, sleep: async (ms) => void waits.push(ms) }
    )
    expect(waits).toEqual([7000])
  })

  it('gives up at once on a permanent error and after the last attempt on a transient one', async () => {
    let calls = 0
    await expect(withRetry(async () => { calls++; throw new HttpError(401) }, { classify, sleep: async () => {} })).rejects.toThrow('HTTP 401')
    expect(calls).toBe(1)
    calls = 0
    await expect(withRetry(async () => { calls++; throw new HttpError(500) }, { classify, sleep: async () => {}, policy: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 } })).rejects.toThrow('HTTP 500')
    expect(calls).toBe(3)
  })

  it('does not wait out an unreasonable Retry-After', async () => {
    let calls = 0
    await expect(withRetry(async () => { calls++; throw new HttpError(429, '3600') }, { classify, sleep: async () => {} })).rejects.toThrow('HTTP 429')
    expect(calls).toBe(1)
  })

  it('starts no retry at or past the deadline: the last failure is thrown instead', async () => {
    let now = 0
    let calls = 0
    const failing = async () => {
      calls++
      now += 4000
      throw new HttpError(503)
    }
    const options = { classify, sleep: async (ms: number) => void (now += ms), random: () => 0.5, now: () => now, policy: { attempts: 10, baseDelayMs: 1000, maxDelayMs: 1000 } }
    await expect(withRetry(failing, { ...options, deadline: 10_000 })).rejects.toThrow('HTTP 503')
    // Tries start at 0, 4500 and 9000 (each takes 4 s, then waits 500 ms); a fourth would start at 13500, past it.
    expect(calls).toBe(3)
  })
})

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120')).toBe(120_000)
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:10 GMT', Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'))).toBe(10_000)
    expect(parseRetryAfter('soon')).toBeUndefined()
    expect(parseRetryAfter(null)).toBeUndefined()
  })
})

describe('backoffDelay', () => {
  it('caps the exponential ceiling', () => {
    const policy = { attempts: 10, baseDelayMs: 100, maxDelayMs: 1000 }
    expect(backoffDelay(0, policy, () => 0.999)).toBe(99)
    expect(backoffDelay(8, policy, () => 0.999)).toBe(999)
  })
})
