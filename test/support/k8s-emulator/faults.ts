/**
 * Fault injection, per request path pattern and method, for a number of requests: latency, 5xx, 429 with
 * Retry-After, forced 409 conflicts on writes, and dropped watch connections.
 * Path patterns: a RegExp, or a string where `*` matches one path segment and `**` any number of them
 * (e.g. `/apis/apps/v1/namespaces/* /deployments/web`), matched against the URL path without the query.
 */

export type FaultEffect =
  | { type: 'latency'; ms: number }
  | { type: 'error'; status: number; message?: string }
  | { type: 'throttle'; retryAfterSeconds: number }
  | { type: 'conflict' }
  /** Ends matching watch streams after `afterEvents` events (default 0: at once); abrupt resets the socket. */
  | { type: 'drop-watch'; afterEvents?: number; abrupt?: boolean }

export interface FaultRule {
  path?: string | RegExp
  method?: string | string[]
  /** Only watch requests (true) or only non-watch requests (false); both when unset. */
  watch?: boolean
  /** How many matching requests the fault applies to (default: all). */
  times?: number
  effect: FaultEffect
}

export interface FaultHandle {
  readonly hits: number
  remove(): void
}

interface ActiveRule extends FaultRule {
  pattern: RegExp
  hits: number
}

export interface ActiveWatch {
  path: string
  close(abrupt: boolean): void
}

function toPattern(path: string | RegExp | undefined): RegExp {
  if (path === undefined) return /.*/
  if (path instanceof RegExp) return path
  const source = path
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${source}$`)
}

export class Faults {
  private rules: ActiveRule[] = []
  readonly watches = new Set<ActiveWatch>()

  add(rule: FaultRule): FaultHandle {
    const active: ActiveRule = { ...rule, pattern: toPattern(rule.path), hits: 0 }
    this.rules.push(active)
    return {
      get hits() {
        return active.hits
      },
      remove: () => {
        this.rules = this.rules.filter((r) => r !== active)
      }
    }
  }

  latency(path: string | RegExp, ms: number, options: Omit<FaultRule, 'effect' | 'path'> = {}): FaultHandle {
    return this.add({ ...options, path, effect: { type: 'latency', ms } })
  }

  error(path: string | RegExp, status = 503, options: Omit<FaultRule, 'effect' | 'path'> = {}): FaultHandle {
    return this.add({ ...options, path, effect: { type: 'error', status } })
  }

  throttle(path: string | RegExp, retryAfterSeconds = 1, options: Omit<FaultRule, 'effect' | 'path'> = {}): FaultHandle {
    return this.add({ ...options, path, effect: { type: 'throttle', retryAfterSeconds } })
  }

  conflict(path: string | RegExp, options: Omit<FaultRule, 'effect' | 'path'> = {}): FaultHandle {
    return this.add({ ...options, path, effect: { type: 'conflict' } })
  }

  /** Closes the watch streams open now whose path matches (all when no pattern); returns how many. */
  dropWatches(path?: string | RegExp, { abrupt = false } = {}): number {
    const pattern = toPattern(path)
    let dropped = 0
    for (const watch of [...this.watches]) {
      if (!pattern.test(watch.path)) continue
      watch.close(abrupt)
      dropped++
    }
    return dropped
  }

  clear(): void {
    this.rules = []
  }

  /** The rules that apply to this request, each counted as hit. */
  take(method: string, path: string, isWatch: boolean): FaultEffect[] {
    const effects: FaultEffect[] = []
    for (const rule of this.rules) {
      if (rule.times !== undefined && rule.hits >= rule.times) continue
      if (rule.watch !== undefined && rule.watch !== isWatch) continue
      const methods = rule.method === undefined ? undefined : [rule.method].flat().map((m) => m.toUpperCase())
      if (methods && !methods.includes(method)) continue
      if (!rule.pattern.test(path)) continue
      if (rule.effect.type === 'conflict' && !['PUT', 'PATCH', 'POST', 'DELETE'].includes(method)) continue
      if (rule.effect.type === 'drop-watch' && !isWatch) continue
      rule.hits++
      effects.push(rule.effect)
    }
    return effects
  }
}
