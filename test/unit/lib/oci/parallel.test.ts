import { describe, expect, it } from '@jest/globals'
import { createLimiter, mapLimit } from '../../../../src/lib/oci/parallel.js'

/** A task that stays in flight until released by hand, recording how many ran at once. */
function gate() {
  let running = 0
  let peak = 0
  const releases: (() => void)[] = []
  const task = (value: number) => async (): Promise<number> => {
    running++
    peak = Math.max(peak, running)
    await new Promise<void>((resolve) => releases.push(resolve))
    running--
    return value
  }
  const releaseAll = async (): Promise<void> => {
    while (releases.length > 0 || running > 0) {
      releases.splice(0).forEach((release) => release())
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
  return { task, releaseAll, running: () => running, peak: () => peak, started: () => releases.length }
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('createLimiter', () => {
  it('never runs more than its limit at once, across every caller sharing it', async () => {
    const limiter = createLimiter(3)
    const g = gate()
    // Two independent callers (a tree and its referrers) share the one bound.
    const first = Promise.all([1, 2, 3, 4].map((v) => limiter.run(g.task(v))))
    const second = Promise.all([5, 6, 7, 8].map((v) => limiter.run(g.task(v))))
    await settle()
    expect(g.running()).toBe(3)
    expect(limiter.active).toBe(3)
    await g.releaseAll()
    expect(await first).toEqual([1, 2, 3, 4])
    expect(await second).toEqual([5, 6, 7, 8])
    expect(g.peak()).toBe(3)
    expect(limiter.active).toBe(0)
  })

  it('starts waiting tasks in the order they came, one per finished task', async () => {
    const limiter = createLimiter(1)
    const order: number[] = []
    await Promise.all([1, 2, 3].map((v) => limiter.run(async () => void order.push(v))))
    expect(order).toEqual([1, 2, 3])
  })

  it('holds a slot acquired by hand until it is given back, and a second give-back frees nothing more', async () => {
    const limiter = createLimiter(1)
    const leave = await limiter.acquire()
    let waiterIn = false
    const waiter = limiter.acquire().then((leaveToo) => {
      waiterIn = true
      return leaveToo
    })
    await settle()
    expect(waiterIn).toBe(false)
    leave()
    const leaveToo = await waiter
    expect(waiterIn).toBe(true)
    leave() // already given back: must not free the waiter's slot
    expect(limiter.active).toBe(1)
    leaveToo()
    expect(limiter.active).toBe(0)
  })

  it('frees the slot of a task that fails, and passes the failure to its caller only', async () => {
    const limiter = createLimiter(1)
    const failed = limiter.run(async () => {
      throw new Error('upload refused')
    })
    const next = limiter.run(async () => 'next ran')
    await expect(failed).rejects.toThrow('upload refused')
    await expect(next).resolves.toBe('next ran')
    expect(limiter.active).toBe(0)
  })

  it('refuses a limit that is no whole number of at least 1', () => {
    expect(() => createLimiter(0)).toThrow('at least 1, not 0')
    expect(() => createLimiter(2.5)).toThrow(RangeError)
  })
})

describe('mapLimit', () => {
  it('keeps the order of the items and at most the limit in flight', async () => {
    const g = gate()
    const mapped = mapLimit([10, 20, 30, 40, 50], 2, (v) => g.task(v * 2)())
    await settle()
    expect(g.running()).toBe(2)
    await g.releaseAll()
    expect(await mapped).toEqual([20, 40, 60, 80, 100])
    expect(g.peak()).toBe(2)
  })
})
