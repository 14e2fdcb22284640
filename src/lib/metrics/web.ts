/**
 * Any HTTP JSON API as a metrics source (`metrics-provider: web`): the query is a URL whose fragment is the JSONPath
 * of the value, e.g. `https://slo.internal/api/v1/error-rate?service={{canary}}#$.data.value` (no fragment: the
 * body itself is the number). The fragment never leaves this machine; the request is a GET with `web-headers`.
 * A number (or numeric string) is one sample, an array of them several; null or nothing there is no data.
 */
import { parseJsonPath, selectJsonPath } from '../probes/json-path.js'
import { fetchKeepingCredentials } from './http.js'
import { oneLine } from '../action/log-text.js'
import { isTimeout, seconds, type QueryResult, type Sample } from './prometheus.js'

export interface WebMetricsOptions {
  headers?: Record<string, string>
  timeoutMs?: number
}

/** Splits a web query into the URL to GET and the JSONPath of the value; a problem for a query that is neither. Pure. */
export function parseWebQuery(query: string): { url: string; path: string } | { problem: string } {
  let url: URL
  try {
    url = new URL(query.trim())
  } catch {
    return { problem: `'${query}' is not a URL` }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: `'${query}' is not an http(s) URL` }
  const path = decodeURIComponent(url.hash.replace(/^#/, '')) || '$'
  const parsed = parseJsonPath(path)
  if (!parsed.ok) return { problem: `the JSONPath '${path}' after '#' in '${query}': ${parsed.problem}` }
  url.hash = ''
  return { url: url.toString(), path }
}

/** The samples at the path of a JSON document. Pure. */
export function valuesAt(document: unknown, path: string): QueryResult {
  const parsed = parseJsonPath(path)
  if (!parsed.ok) return { kind: 'error', message: `JSONPath ${path}: ${parsed.problem}` }
  const selected = selectJsonPath(document, parsed.segments)
  if (selected === undefined || selected === null) return { kind: 'empty' }
  const items = Array.isArray(selected) ? selected : [selected]
  const samples: Sample[] = []
  for (const [index, item] of items.entries()) {
    const value = typeof item === 'number' ? item : typeof item === 'string' && item.trim() !== '' ? Number(item) : NaN
    if (item === null) continue
    if (!Number.isFinite(value)) return { kind: 'error', message: `the value at ${path} is ${JSON.stringify(item).slice(0, 80)}, not a number` }
    samples.push({ labels: Array.isArray(selected) ? { index: String(index) } : {}, value })
  }
  return samples.length === 0 ? { kind: 'empty' } : { kind: 'samples', samples }
}

export class WebMetricsClient {
  constructor(private readonly options: WebMetricsOptions = {}) {}

  async query(query: string): Promise<QueryResult> {
    const target = parseWebQuery(query)
    if ('problem' in target) return { kind: 'error', message: target.problem }
    const timeoutMs = this.options.timeoutMs ?? 10_000
    let response: Response
    let text: string
    try {
      response = await fetchKeepingCredentials(target.url, { headers: { accept: 'application/json', ...this.options.headers }, signal: AbortSignal.timeout(timeoutMs) })
      text = await response.text()
    } catch (error) {
      if (isTimeout(error)) return { kind: 'error', message: `${target.url} did not answer within ${seconds(timeoutMs)} (a stalled request, given up)` }
      const cause = (error as { cause?: { code?: string; message?: string } }).cause
      return { kind: 'error', message: `${target.url} is unreachable (${cause?.code ?? cause?.message ?? (error as Error).message})` }
    }
    if (!response.ok) return { kind: 'error', message: `${target.url} answered HTTP ${response.status}${text ? `: ${oneLine(text.trim().slice(0, 200))}` : ''}` }
    let document: unknown
    try {
      document = JSON.parse(text)
    } catch {
      return { kind: 'error', message: `${target.url} answered something that is not JSON` }
    }
    return valuesAt(document, target.path)
  }
}
