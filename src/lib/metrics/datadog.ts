/**
 * Datadog metric queries (GET /api/v1/query, https://docs.datadoghq.com/api/latest/metrics/#query-timeseries-points)
 * over the last `window`: each series gives its last non-null point, so a query reads as "the value now", like a
 * Prometheus instant query. Every outcome is a QueryResult: samples, empty, or an error the no-data policy weighs.
 */
import { fetchKeepingCredentials } from './http.js'
import { isTimeout, seconds, type QueryResult, type Sample } from './prometheus.js'

export interface DatadogClientOptions {
  /** How far back the query looks (the series' rollup decides the points within). */
  windowMs: number
  timeoutMs?: number
  now?: () => number
}

interface SeriesBody {
  status?: string
  error?: string
  errors?: string[]
  series?: { pointlist?: [number, number | null][]; scope?: string; tag_set?: string[]; metric?: string }[]
}

export class DatadogClient {
  readonly baseUrl: string

  constructor(
    site: string,
    private readonly apiKey: string,
    private readonly appKey: string,
    private readonly options: DatadogClientOptions
  ) {
    this.baseUrl = /^https?:\/\//.test(site) ? site.replace(/\/$/, '') : `https://api.${site}`
  }

  async query(query: string): Promise<QueryResult> {
    const to = Math.floor((this.options.now ?? Date.now)() / 1000)
    const from = to - Math.max(1, Math.round(this.options.windowMs / 1000))
    const url = `${this.baseUrl}/api/v1/query?${new URLSearchParams({ from: String(from), to: String(to), query })}`
    const timeoutMs = this.options.timeoutMs ?? 10_000
    let response: Response
    let text: string
    try {
      response = await fetchKeepingCredentials(url, {
        headers: { accept: 'application/json', 'DD-API-KEY': this.apiKey, 'DD-APPLICATION-KEY': this.appKey },
        signal: AbortSignal.timeout(timeoutMs)
      })
      text = await response.text()
    } catch (error) {
      if (isTimeout(error)) return { kind: 'error', message: `Datadog at ${this.baseUrl} did not answer the query within ${seconds(timeoutMs)} (a stalled request, given up)` }
      const cause = (error as { cause?: { code?: string; message?: string } }).cause
      return { kind: 'error', message: `Datadog at ${this.baseUrl} is unreachable (${cause?.code ?? cause?.message ?? (error as Error).message})` }
    }
    let body: SeriesBody
    try {
      body = JSON.parse(text) as SeriesBody
    } catch {
      return { kind: 'error', message: `Datadog answered HTTP ${response.status} without a JSON body` }
    }
    if (response.status === 401 || response.status === 403) {
      return { kind: 'error', message: `Datadog at ${this.baseUrl} refused the keys (HTTP ${response.status}: ${body.errors?.join('; ') ?? 'forbidden'}); check datadog-api-key, datadog-app-key (it needs the timeseries_query scope) and datadog-site` }
    }
    if (response.status === 429) return { kind: 'error', message: `Datadog rate-limited the query (HTTP 429); lengthen analysis-interval` }
    if (!response.ok || body.status === 'error') return { kind: 'error', message: `Datadog refused the query (HTTP ${response.status}: ${body.error ?? body.errors?.join('; ') ?? 'no message'})` }
    return interpretSeries(body.series ?? [])
  }
}

/** The last non-null point of each series, labelled by its tags. Pure. */
export function interpretSeries(series: NonNullable<SeriesBody['series']>): QueryResult {
  const samples: Sample[] = []
  for (const s of series) {
    const last = [...(s.pointlist ?? [])].reverse().find((point) => point[1] !== null && Number.isFinite(point[1]))
    if (!last) continue
    const labels = Object.fromEntries((s.tag_set ?? []).map((tag) => [tag.slice(0, tag.indexOf(':') >= 0 ? tag.indexOf(':') : tag.length), tag.includes(':') ? tag.slice(tag.indexOf(':') + 1) : '']))
    samples.push({ labels: { ...(s.scope ? { scope: s.scope } : {}), ...labels }, value: last[1]! })
  }
  return samples.length === 0 ? { kind: 'empty' } : { kind: 'samples', samples }
}
