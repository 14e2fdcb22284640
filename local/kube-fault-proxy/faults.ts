/**
 * Fault rules, per request path pattern and method, for a number of requests: latency, 5xx, 429 with Retry-After,
 * forced 409 conflicts on writes, 403 as RBAC words it, stalls, responses lost after the server acted, and on
 * watches: dropped streams and 410 Expired events.
 * Path patterns: a RegExp, or a string where `*` matches one path segment and `**` any number of them
 * (e.g. `/apis/apps/v1/namespaces/* /deployments/web`), matched against the URL path without the query.
 */

export type FaultEffect =
  | { type: 'latency'; ms: number }
  | { type: 'error'; status: number; message?: string }
  /**
   * 429 with Retry-After. `as: 'status'` (default) is the Status the watch cache answers while it (re)initializes;
   * `as: 'priority-and-fairness'` is the plain-text answer of the APF / max-in-flight filter.
   */
  | { type: 'throttle'; retryAfterSeconds: number; as?: 'status' | 'priority-and-fairness'; message?: string }
  | { type: 'conflict' }
  /** 403 with the authorizer's message; `user` defaults to the caller's identity (a SelfSubjectReview upstream). */
  | { type: 'forbidden'; user?: string; reason?: string }
  /** Ends matching watch streams after `afterEvents` events (default 0: at once); abrupt breaks the connection mid-body. */
  | { type: 'drop-watch'; afterEvents?: number; abrupt?: boolean }
  /** Answers a watch with HTTP 200 and one ERROR event carrying a 410 Expired Status, then ends it. */
  | { type: 'gone'; message?: string }
  /**
   * Forwards the request to the API server, which acts on it, then drops the caller's connection instead of
   * passing the answer on: a write that took effect but whose response was lost.
   */
  | { type: 'lose-response' }
  /** Holds the request without an answer (nothing is forwarded) until the caller gives up or the proxy stops. */
  | { type: 'stall' }

export interface FaultRule {
  path?: string | RegExp
  method?: string | string[]
  /** Only watch requests (true) or only non-watch requests (false); both when unset. */
  watch?: boolean
  /** How many matching requests the fault applies to (default: all). */
  times?: number
  effect: FaultEffect
}

export interface DropOptions {
  path?: string | RegExp
  /** Break the connection mid-body instead of ending the chunked stream cleanly. */
  abrupt?: boolean
}

export type RuleOptions = Omit<FaultRule, 'effect' | 'path'>

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
  query: Record<string, string>
  /** Events passed through so far (BOOKMARKs not counted). */
  readonly events: number
  close(abrupt: boolean): void
}

const WRITES = ['PUT', 'PATCH', 'POST', 'DELETE']

export function toPattern(path: string | RegExp | undefined): RegExp {
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

  latency(path: string | RegExp, ms: number, options: RuleOptions = {}): FaultHandle {
    return this.add({ ...options, path, effect: { type: 'latency', ms } })
  }

  error(path: string | RegExp, status = 503, options: RuleOptions & { message?: string } = {}): FaultHandle {
    const { message, ...rest } = options
    return this.add({ ...rest, path, effect: { type: 'error', status, ...(message !== undefined && { message }) } })
  }

  throttle(path: string | RegExp, retryAfterSeconds = 1, options: RuleOptions & { as?: 'status' | 'priority-and-fairness' } = {}): FaultHandle {
    const { as, ...rest } = options
    return this.add({ ...rest, path, effect: { type: 'throttle', retryAfterSeconds, ...(as && { as }) } })
  }

  conflict(path: string | RegExp, options: RuleOptions = {}): FaultHandle {
    return this.add({ ...options, path, effect: { type: 'conflict' } })
  }

  forbidden(path: string | RegExp, options: RuleOptions & { user?: string } = {}): FaultHandle {
    const { user, ...rest } = options
    return this.add({ ...rest, path, effect: { type: 'forbidden', ...(user !== undefined && { user }) } })
  }

  gone(path: string | RegExp, options: RuleOptions = {}): FaultHandle {
    return this.add({ ...options, path, watch: true, effect: { type: 'gone' } })
  }

  dropWatch(path: string | RegExp, options: RuleOptions & { afterEvents?: number; abrupt?: boolean } = {}): FaultHandle {
    const { afterEvents, abrupt, ...rest } = options
    return this.add({ ...rest, path, watch: true, effect: { type: 'drop-watch', ...(afterEvents !== undefined && { afterEvents }), ...(abrupt !== undefined && { abrupt }) } })
  }

  /** Forwards matching requests, then drops the caller's connection without the answer (the server did act). */
  loseResponse(path: string | RegExp, options: RuleOptions = {}): FaultHandle {
    return this.add({ ...options, path, effect: { type: 'lose-response' } })
  }

  /** Matching requests get no answer at all until the caller gives up. */
  stall(path: string | RegExp, options: RuleOptions = {}): FaultHandle {
    return this.add({ ...options, path, effect: { type: 'stall' } })
  }

  /** Closes the watch streams open now whose path matches (all when no path); returns how many. */
  dropWatches(target?: string | RegExp | DropOptions, options: DropOptions = {}): number {
    const { path, abrupt = false } = typeof target === 'string' || target instanceof RegExp ? { ...options, path: target } : { ...options, ...target }
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
      if (rule.effect.type === 'conflict' && !WRITES.includes(method)) continue
      if ((rule.effect.type === 'drop-watch' || rule.effect.type === 'gone') && !isWatch) continue
      rule.hits++
      effects.push(rule.effect)
    }
    return effects
  }
}
