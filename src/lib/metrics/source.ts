/**
 * Where `metrics` queries go, read from the inputs both cluster actions share: Prometheus (`prometheus-url`, with
 * its authentication inputs), Datadog (`metrics-provider: datadog`, `datadog-site`, `datadog-api-key`,
 * `datadog-app-key`, `datadog-window`) or any HTTP JSON API (`metrics-provider: web`, `web-headers`). Credentials go
 * over plain http only to this machine, or with `allow-insecure-credentials`. Problems are recorded on `inputs`,
 * reported all at once by its done().
 */
import type { Inputs } from '../action/inputs.js'
import { DatadogClient } from './datadog.js'
import { isPlainHttpToRemote } from './http.js'
import { readPrometheusHeaders } from './prometheus-auth.js'
import { PrometheusClient, type QueryResult } from './prometheus.js'
import { parseWebQuery, WebMetricsClient } from './web.js'

export const METRICS_PROVIDERS = ['prometheus', 'datadog', 'web'] as const

export type MetricsSource =
  | { kind: 'prometheus'; url: string; headers: Record<string, string> }
  | { kind: 'datadog'; site: string; apiKey: string; appKey: string; windowMs: number }
  | { kind: 'web'; headers: Record<string, string> }

/** What analysis needs of a metrics back end: one query, one result. */
export interface MetricsClient {
  query(query: string): Promise<QueryResult>
}

/** Where Prometheus credentials go instead of the URL. */
const PROMETHEUS_AUTH = "give them in 'prometheus-username' and 'prometheus-password' (Basic), 'prometheus-token' (Bearer) or 'prometheus-headers', all masked"

/** Header names that carry a credential (a tenant header such as X-Scope-OrgID does not). */
const CREDENTIAL_HEADER = /authorization|token|key|secret|password|cookie|auth/i

/**
 * Records a problem when `url` is plain http to a host other than this machine and the requests carry credentials,
 * unless the user opted in with `allow-insecure-credentials` (as the registry client refuses a plain-http token
 * realm).
 */
function refuseInsecureCredentials(inputs: Inputs, input: string, given: string, url: string, headerNames: string[]): void {
  const credentials = headerNames.filter((name) => CREDENTIAL_HEADER.test(name))
  // readMetricsSource has checked the value is a boolean (and reported it if not): here it is only read.
  const allowed = ['true', 'True', 'TRUE'].includes(inputs.raw('allow-insecure-credentials'))
  if (credentials.length === 0 || !isPlainHttpToRemote(url) || allowed) return
  inputs.fail(
    input,
    given,
    `an https:// URL, since its requests carry credentials (${credentials.join(', ')}), which plain http sends readable to anyone on the network between; set 'allow-insecure-credentials: true' to send them anyway`
  )
}

const SITE = /^(?:[a-z0-9-]+\.)*(?:datadoghq\.com|datadoghq\.eu|ddog-gov\.com)$|^https?:\/\/\S+$/

/** `needed`: the action has metrics to run (a source is then required). */
export function readMetricsSource(inputs: Inputs, needed: boolean): MetricsSource | undefined {
  const provider = inputs.oneOf('metrics-provider', METRICS_PROVIDERS, 'prometheus')
  // Checked whether or not a URL needs it, so a value that is no boolean is refused rather than ignored.
  inputs.boolean('allow-insecure-credentials', false)
  const url = inputs.httpUrl('prometheus-url', { what: 'an http(s) URL of a Prometheus server', auth: PROMETHEUS_AUTH })
  const headers = readPrometheusHeaders(inputs)
  const site = inputs.string('datadog-site', { default: 'datadoghq.com' })
  if (!SITE.test(site)) inputs.fail('datadog-site', site, 'a Datadog site such as datadoghq.com, us5.datadoghq.com or datadoghq.eu (or an https:// API URL)')
  else inputs.noUrlCredentials('datadog-site', site, site, "Datadog authenticates with 'datadog-api-key' and 'datadog-app-key', masked")
  const apiKey = inputs.optionalString('datadog-api-key', { secret: true })
  const appKey = inputs.optionalString('datadog-app-key', { secret: true })
  const windowMs = inputs.duration('datadog-window', { default: '1m', min: 10_000 })
  const webHeaders = inputs.headers('web-headers')
  if (provider === 'web') return { kind: 'web', headers: webHeaders }
  if (provider === 'datadog') {
    if (/^http:/.test(site)) refuseInsecureCredentials(inputs, 'datadog-site', site, site, ['DD-API-KEY', 'DD-APPLICATION-KEY'])
    if (needed && apiKey === undefined) inputs.fail('datadog-api-key', '', "a Datadog API key (metrics-provider is datadog and 'metrics' has queries)")
    if (needed && appKey === undefined) inputs.fail('datadog-app-key', '', "a Datadog application key with the timeseries_query scope (metrics-provider is datadog and 'metrics' has queries)")
    return apiKey !== undefined && appKey !== undefined ? { kind: 'datadog', site, apiKey, appKey, windowMs } : undefined
  }
  if (url !== undefined) refuseInsecureCredentials(inputs, 'prometheus-url', url, url, Object.keys(headers))
  if (needed && inputs.raw('prometheus-url') === '') inputs.fail('prometheus-url', '', "a Prometheus URL (the 'metrics' input needs one)")
  return url !== undefined ? { kind: 'prometheus', url, headers } : undefined
}

export function createMetricsClient(source: MetricsSource, timeoutMs = 10_000): MetricsClient {
  if (source.kind === 'prometheus') return new PrometheusClient(source.url, { headers: source.headers, timeoutMs })
  if (source.kind === 'web') return new WebMetricsClient({ headers: source.headers, timeoutMs })
  return new DatadogClient(source.site, source.apiKey, source.appKey, { windowMs: source.windowMs, timeoutMs })
}

/** Queries the source cannot run, recorded on `inputs` before anything runs (web queries must be URLs). */
export function checkQueries(inputs: Inputs, source: MetricsSource | undefined, metrics: { name: string; query: string }[]): void {
  if (source?.kind !== 'web') return
  for (const metric of metrics) {
    if (!inputs.noUrlCredentials('metrics', metric.name, metric.query, "give them in 'web-headers' (e.g. `Authorization: Bearer <token>`), masked")) continue
    const parsed = parseWebQuery(metric.query)
    if ('problem' in parsed) inputs.fail('metrics', metric.name, `a URL with the JSONPath of the value after '#' (metrics-provider is web): ${parsed.problem}`)
    else refuseInsecureCredentials(inputs, 'metrics', metric.name, parsed.url, Object.keys(source.headers))
  }
}
