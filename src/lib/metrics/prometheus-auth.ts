/**
 * How an action authenticates to Prometheus (or a Prometheus-compatible API: Grafana Cloud, Mimir, Cortex, Thanos
 * behind a proxy): `prometheus-token` (Bearer) or `prometheus-username` + `prometheus-password` (Basic), and
 * `prometheus-headers` for anything else (e.g. `X-Scope-OrgID: tenant-a`). Every value is a secret: masked, never
 * echoed in an error.
 */
import type { Inputs } from '../action/inputs.js'
import { maskSecret } from '../action/secrets.js'

/** The headers every Prometheus query carries; problems are recorded on `inputs` (reported by its done()). */
export function readPrometheusHeaders(inputs: Inputs): Record<string, string> {
  const headers = inputs.headers('prometheus-headers')
  const token = inputs.optionalString('prometheus-token', { secret: true })
  const username = inputs.optionalString('prometheus-username')
  const password = inputs.optionalString('prometheus-password', { secret: true })
  const givenAuthorization = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')
  if (token !== undefined && (username !== undefined || password !== undefined)) {
    inputs.fail('prometheus-token', 'a token', "either a token or 'prometheus-username' and 'prometheus-password', not both")
  } else if ((username === undefined) !== (password === undefined)) {
    inputs.fail(username === undefined ? 'prometheus-username' : 'prometheus-password', '', `a value: Basic authentication needs both 'prometheus-username' and 'prometheus-password'`)
  } else if (givenAuthorization && (token !== undefined || username !== undefined)) {
    inputs.fail('prometheus-headers', 'Authorization', "no Authorization header when 'prometheus-token' or 'prometheus-username' sets one")
  } else if (token !== undefined) {
    headers.Authorization = `Bearer ${token}`
  } else if (username !== undefined && password !== undefined) {
    const encoded = Buffer.from(`${username}:${password}`).toString('base64')
    maskSecret(encoded)
    headers.Authorization = `Basic ${encoded}`
  }
  return headers
}
