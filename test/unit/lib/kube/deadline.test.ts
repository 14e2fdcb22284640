import { describe, expect, it } from '@jest/globals'
import { KubeRequestTimeout, MIN_REQUEST_TIMEOUT_MS, nextRequestTimeout, requestTimeoutFor, withinDeadline, withRequestTimeout } from '../../../../src/lib/kube/deadline.js'
import { classifyKubeError, userErrorOr } from '../../../../src/lib/kube/errors.js'

describe('requestTimeoutFor', () => {
  it('gives a request a third of the budget, between 5 s and 30 s', () => {
    expect(requestTimeoutFor(30_000)).toBe(10_000)
    expect(requestTimeoutFor(600_000)).toBe(30_000)
    expect(requestTimeoutFor(3_000)).toBe(5_000)
  })
})

describe('nextRequestTimeout', () => {
  it('is the cap outside a wait, and no more than what is left of the wait inside one', async () => {
    expect(nextRequestTimeout(10_000, 0)).toBe(10_000)
    await withinDeadline(25_000, async () => {
      expect(nextRequestTimeout(10_000, 0)).toBe(10_000)
      expect(nextRequestTimeout(10_000, 20_000)).toBe(5_000)
      // Past the deadline a request still gets a moment (a report of the timeout may need one).
      expect(nextRequestTimeout(10_000, 30_000)).toBe(MIN_REQUEST_TIMEOUT_MS)
      // A nested wait cannot extend the outer one.
      await withinDeadline(60_000, async () => expect(nextRequestTimeout(10_000, 20_000)).toBe(5_000))
    })
  })
})

describe('withRequestTimeout', () => {
  it('turns the abort of a timed-out request into a KubeRequestTimeout that is retried and then reported with its deadline', async () => {
    const stalled = () => new Promise<never>((_, reject) => AbortSignal.timeout(5).addEventListener('abort', function (this: AbortSignal) { reject(this.reason) }))
    const error = await withRequestTimeout(10_000, stalled).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KubeRequestTimeout)
    expect((error as Error).message).toBe('no answer within 10 s')
    expect(classifyKubeError(error)).toEqual({ retry: true, reason: 'no answer within 10 s' })
    expect((userErrorOr('get deployment team/web', error) as Error).message).toMatch(/^Kubernetes could not get deployment team\/web: no answer within 10 s, still after retrying/)
  })

  it('leaves other failures as they are', async () => {
    await expect(withRequestTimeout(1000, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
  })
})
