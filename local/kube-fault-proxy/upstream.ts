/**
 * The real API server behind the proxy: where it is, how to reach it with the kubeconfig's credentials (client
 * certificate, token, exec plugin: whatever client-node applies), and kubeconfigs that point at the proxy instead.
 */
import { readFileSync } from 'node:fs'
import type { OutgoingHttpHeaders } from 'node:http'
import type { RequestOptions } from 'node:https'
import { KubeConfig } from '@kubernetes/client-node'
import { stringify } from 'yaml'

export interface UpstreamConnection {
  protocol: 'https:' | 'http:'
  hostname: string
  port: number
  /** A path prefix of the server URL (e.g. behind a gateway), '' for none. */
  basePath: string
  ca?: Buffer | string | Array<Buffer | string>
  cert?: Buffer | string | Array<Buffer | string>
  key?: RequestOptions['key']
  servername?: string
  rejectUnauthorized?: boolean
  headers: OutgoingHttpHeaders
}

export class Upstream {
  readonly kc: KubeConfig
  /** The kubeconfig file the upstream came from, if any: where the cluster's PKI is looked for. */
  readonly path: string | undefined
  readonly server: URL

  constructor(source: KubeConfig | string) {
    if (typeof source === 'string') {
      this.kc = new KubeConfig()
      this.kc.loadFromFile(source)
      this.path = source
    } else {
      this.kc = source
      this.path = undefined
    }
    const cluster = this.kc.getCurrentCluster()
    if (!cluster) throw new Error('kube-fault-proxy: the upstream kubeconfig has no current cluster')
    this.server = new URL(cluster.server)
  }

  /** The PEM of the CA the upstream kubeconfig trusts. */
  caPem(): string | undefined {
    const cluster = this.kc.getCurrentCluster()
    if (cluster?.caFile) return readFileSync(cluster.caFile, 'utf8')
    if (cluster?.caData) return Buffer.from(cluster.caData, 'base64').toString('utf8')
    return undefined
  }

  caFile(): string | undefined {
    return this.kc.getCurrentCluster()?.caFile
  }

  /**
   * How to connect for one request. With `asCaller` (the request brought its own Authorization) no kubeconfig
   * credential goes along: the API server's x509 authenticator runs before the token ones, so presenting the
   * admin's client certificate would turn every caller into the admin.
   */
  async connection(asCaller: boolean): Promise<UpstreamConnection> {
    const options: RequestOptions = {}
    await this.kc.applyToHTTPSOptions(options)
    const user = this.kc.getCurrentUser()
    const basicAuth = user?.username ? { authorization: `Basic ${Buffer.from(`${user.username}:${user.password ?? ''}`).toString('base64')}` } : {}
    return {
      protocol: this.server.protocol === 'http:' ? 'http:' : 'https:',
      hostname: this.server.hostname.replace(/^\[|\]$/g, ''),
      port: Number(this.server.port || (this.server.protocol === 'http:' ? 80 : 443)),
      basePath: this.server.pathname.replace(/\/+$/, ''),
      ...(options.ca !== undefined && { ca: options.ca }),
      ...(options.servername !== undefined && { servername: options.servername }),
      ...(options.rejectUnauthorized !== undefined && { rejectUnauthorized: options.rejectUnauthorized }),
      ...(!asCaller && options.cert !== undefined && { cert: options.cert }),
      ...(!asCaller && options.key !== undefined && { key: options.key }),
      headers: asCaller ? {} : { ...basicAuth, ...(options.headers as OutgoingHttpHeaders | undefined) }
    }
  }

  /** A self-contained kubeconfig (CA and credentials inline) for `server`, with the upstream's user or `user`. */
  kubeconfigFor(server: string, caPem: string, user?: { token: string; name?: string }): string {
    const context = this.kc.getContextObject(this.kc.getCurrentContext())
    const name = 'kube-fault-proxy'
    const userName = user?.name ?? (user ? 'token-user' : (this.kc.getCurrentUser()?.name ?? 'user'))
    return stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name, cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
      users: [{ name: userName, user: user ? { token: user.token } : this.inlineUser() }],
      contexts: [{ name, context: { cluster: name, user: userName, ...(context?.namespace && { namespace: context.namespace }) } }],
      'current-context': name,
      preferences: {}
    })
  }

  private inlineUser(): Record<string, unknown> {
    const user = this.kc.getCurrentUser()
    if (!user) return {}
    const data = (file: string | undefined, inline: string | undefined): string | undefined =>
      file ? readFileSync(file).toString('base64') : inline
    const entries: Record<string, unknown> = {
      'client-certificate-data': data(user.certFile, user.certData),
      'client-key-data': data(user.keyFile, user.keyData),
      token: user.token,
      username: user.username,
      password: user.password,
      as: user.impersonateUser,
      exec: user.exec,
      'auth-provider': user.authProvider
    }
    return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined && value !== null && value !== ''))
  }
}
