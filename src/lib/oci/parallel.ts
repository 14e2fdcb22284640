/** Bounded concurrency: a map with at most `limit` calls in flight, and a limiter several callers share. */

/** Maps with at most `limit` calls in flight; the first failure rejects (the others finish or fail on their own). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      results[index] = await fn(items[index]!, index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/** At most `limit` tasks run at once across every caller of `run`; the others wait their turn, first come first served. */
export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>
  /** Waits for a slot and holds it until the returned function is called (once), for a slot held across steps. */
  acquire(): Promise<() => void>
  /** Tasks running now. */
  readonly active: number
  readonly limit: number
}

export function createLimiter(limit: number): Limiter {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`a concurrency limit must be a whole number of at least 1, not ${limit}`)
  const waiting: (() => void)[] = []
  let active = 0
  const release = (): void => {
    const next = waiting.shift()
    // The slot passes straight to the next waiter, so a task arriving meanwhile cannot overtake it.
    if (next) next()
    else active--
  }
  const acquire = async (): Promise<() => void> => {
    if (active < limit) active++
    else await new Promise<void>((resolve) => waiting.push(resolve))
    let held = true
    return () => {
      if (!held) return
      held = false
      release()
    }
  }
  return {
    limit,
    get active() {
      return active
    },
    acquire,
    async run<T>(task: () => Promise<T>): Promise<T> {
      const done = await acquire()
      try {
        return await task()
      } finally {
        done()
      }
    }
  }
}
