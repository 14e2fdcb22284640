/**
 * The demo's user traffic: a steady rate (local/traffic.ts) through the cluster's Gateway when it has one (weighted
 * routing, as users' traffic meets it; local/kube/gateway-traffic.ts), else to the Service through the API server's
 * service proxy, which spreads requests over the Service's ready endpoints as kube-proxy would. The example service
 * names its version in every body.
 */
import type { Fetch } from '../../local/traffic.js'
import type { ApiServer } from './api-server.js'

export { throughGateway } from '../../local/kube/gateway-traffic.js'
export { Traffic, type Served } from '../../local/traffic.js'

/** GET / of the Service through the API server's service proxy. */
export const throughServiceProxy =
  (apiServer: ApiServer, servicePath: string): Fetch =>
  () =>
    apiServer.get(servicePath)

/** The example service's version: its JSON body's `version`. */
export function versionIn(body: string): string {
  try {
    const version = (JSON.parse(body) as { version?: unknown }).version
    return typeof version === 'string' ? version : ''
  } catch {
    return ''
  }
}
