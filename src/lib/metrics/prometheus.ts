/**
 * Prometheus instant queries (GET /api/v1/query, https://prometheus.io/docs/prometheus/latest/querying/api/).
 * Every outcome is a value: samples, an empty result, or an error (unreachable, no answer within the timeout, HTTP
 * error, bad query, NaN), so the caller's no-data policy decides what each means.
 */
import { fetchKeepingCredentials } from './http.js'

/** A fetch (or the read of its body) ended by its AbortSignal.timeout. */
export const isTimeout = (error: unknown): boolean => (error as { name?: unknown } | null)?.name === 'TimeoutError'

export const seconds = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`)

export interface Sample {
  labels: Record<string, string>
  value: number
}

export type QueryResult =
  | { kind: 'samples'; samples: Sample[] }
  | { kind: 'empty' }
  | { kind: 'error'; message: string }

export interface PrometheusClientOptions {
  headers?: Record<string, string>
  timeoutMs?: number
}

interface ApiBody {
  status?: string
  error?: string
  errorType?: string
  data?: { resultType?: string; result?: unknown }
}

export class PrometheusClient {
  constructor(
    readonly baseUrl: string,
    private readonly options: PrometheusClientOptions = {}
  ) {}

  async query(query: string): Promise<QueryResult> {
    const url = new URL('api/v1/query', this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`)
    const timeoutMs = this.options.timeoutMs ?? 10_000
    let response: Response
    try {
      response = await fetchKeepingCredentials(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...this.options.headers },
        body: new URLSearchParams({ query }).toString(),
        signal: AbortSignal.timeout(timeoutMs)
      })
    } catch (error) {
      if (isTimeout(error)) return { kind: 'error', message: `Prometheus at ${this.baseUrl} did not answer the query within ${seconds(timeoutMs)} (a stalled request, given up)` }
      const cause = (error as { cause?: { code?: string; message?: string } }).cause
      const why = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))
      return { kind: 'error', message: `Prometheus at ${this.baseUrl} is unreachable (${why})` }
    }
    let text: string
    try {
      text = await response.text()
    } catch (error) {
      if (isTimeout(error)) return { kind: 'error', message: `Prometheus at ${this.baseUrl} did not finish its answer within ${seconds(timeoutMs)} (a stalled request, given up)` }
      return { kind: 'error', message: `Prometheus at ${this.baseUrl} broke off its answer (${error instanceof Error ? error.message : String(error)})` }
    }
    if (response.status === 401 || response.status === 403) {
      const hasAuth = Object.keys(this.options.headers ?? {}).some((name) => name.toLowerCase() === 'authorization')
      return {
        kind: 'error',
        message: `Prometheus at ${this.baseUrl} refused ${hasAuth ? 'the credentials' : 'a query without credentials'} (HTTP ${response.status}); set prometheus-token, or prometheus-username and prometheus-password`
      }
    }
    let body: ApiBody
    try {
      body = JSON.parse(text) as ApiBody
    } catch {
      return { kind: 'error', message: `Prometheus answered HTTP ${response.status} without a JSON body` }
    }
    if (body.status !== 'success') return { kind: 'error', message: `Prometheus refused the query (${body.errorType ?? `HTTP ${response.status}`}: ${body.error ?? 'no message'})` }
    return interpretResult(body.data?.resultType, body.data?.result)
  }
}

/** The `data` of a successful query: vectors give one sample per series, scalars one sample. Pure. */
export function interpretResult(resultType: string | undefined, result: unknown): QueryResult {
  const parse = (raw: unknown): number => Number(Array.isArray(raw) ? raw[1] : NaN)
  let samples: Sample[]
  if (resultType === 'vector' && Array.isArray(result)) {
    samples = (result as { metric?: Record<string, string>; value?: unknown }[]).map((s) => ({ labels: s.metric ?? {}, value: parse(s.value) }))
  } else if (resultType === 'scalar') {
    samples = [{ labels: {}, value: parse(result) }]
  } else {
    return { kind: 'error', message: `the query returned a ${resultType ?? 'missing'} result; use an expression that returns an instant vector or a scalar` }
  }
  // NaN is what a ratio of two zero rates gives (no traffic): no data, not a value.
  samples = samples.filter((s) => !Number.isNaN(s.value))
  return samples.length === 0 ? { kind: 'empty' } : { kind: 'samples', samples }
}
