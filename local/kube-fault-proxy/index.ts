/**
 * A fault-injecting HTTPS proxy in front of a real Kubernetes API server: it forwards every request (streaming
 * both ways, watches included) and, per the rules in `faults`, answers with the errors, delays and cut watches a
 * real server does not produce on demand. See README.md.
 */
import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { Agent } from 'node:https'
import type { KubeConfig } from '@kubernetes/client-node'
import { Faults, type ActiveWatch, type DropOptions } from './faults.js'
import { handle, type HandlerContext, type RequestRecord } from './handler.js'
import { Identities } from './identity.js'
import { errorStatus } from './status.js'
import { sendStatus } from './answers.js'
import { servingTls, type ServingTls } from './tls.js'
import { Upstream } from './upstream.js'
import { handleUpgrade } from './upgrade.js'

export type { ActiveWatch, DropOptions, FaultEffect, FaultHandle, FaultRule, RuleOptions } from './faults.js'
export type { RequestRecord } from './handler.js'
export { Faults } from './faults.js'

export interface FaultProxyOptions {
  /** The real API server: a KubeConfig or the path of a kubeconfig file (its current context). */
  upstream: KubeConfig | string
  /** The serving certificate and key (PEM); default: the API server's own, from the cluster's PKI directory. */
  tls?: ServingTls
  /** Where apiserver.crt and apiserver.key are, when they cannot be found from the kubeconfig. */
  pkiDir?: string
}

export interface FaultProxy {
  /** `https://127.0.0.1:PORT` */
  url: string
  /** A kubeconfig (YAML) for the proxy: the cluster's CA, the upstream kubeconfig's user (credentials inline). */
  kubeconfig: string
  /** The same, for a bearer token (e.g. a ServiceAccount's from the TokenRequest API). */
  kubeconfigForToken(token: string): string
  /** Every request in arrival order. */
  requests: RequestRecord[]
  faults: Faults
  /** The watch streams open now. */
  watches: Set<ActiveWatch>
  /** Ends the open watch streams (those on `path`, if given); returns how many. */
  dropWatches(options?: DropOptions): number
  stop(): Promise<void>
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const upstream = new Upstream(options.upstream)
  const tls = servingTls(upstream, options)
  const agent = new Agent({ keepAlive: true })
  const faults = new Faults()
  const context: HandlerContext = { upstream, agent, faults, identities: new Identities(upstream, agent), requests: [] }

  const server = createServer({ cert: tls.cert, key: tls.key }, (request, response) => {
    handle(context, request, response).catch((error: unknown) => {
      if (!response.headersSent) sendStatus(response, errorStatus(500, `kube-fault-proxy: ${error instanceof Error ? error.message : String(error)}`))
      else response.destroy()
    })
  })
  server.on('upgrade', (request, socket, head: Buffer) => {
    handleUpgrade(context, request, socket, head).catch(() => socket.destroy())
  })
  // Watches hold their request open for minutes: no server-side timeouts.
  server.requestTimeout = 0
  server.headersTimeout = 60_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url,
    kubeconfig: upstream.kubeconfigFor(url, tls.ca),
    kubeconfigForToken: (token) => upstream.kubeconfigFor(url, tls.ca, { token }),
    requests: context.requests,
    faults,
    watches: faults.watches,
    dropWatches: (drop = {}) => faults.dropWatches(drop),
    stop: async () => {
      faults.dropWatches({ abrupt: false })
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      agent.destroy()
    }
  }
}
