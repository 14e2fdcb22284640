/**
 * The cluster's API server as the demo reaches it from outside, like `kubectl proxy` or a user would: credentials
 * resolved once from the kubeconfig (token, client certificate or an exec plugin's token), requests through the
 * server's proxy subresources on a keep-alive agent, and the same credentials as 0600 files for Prometheus.
 */
import { KubeConfig } from '@kubernetes/client-node'
import { writeFileSync } from 'node:fs'
import { Agent, request, type RequestOptions } from 'node:https'
import path from 'node:path'

export interface ApiResponse {
  status: number
  body: string
}

export class ApiServer {
  private constructor(
    readonly url: URL,
    private readonly options: RequestOptions,
    private readonly agent: Agent
  ) {}

  static async connect(kubeconfig: KubeConfig): Promise<ApiServer> {
    const cluster = kubeconfig.getCurrentCluster()
    if (!cluster) throw new Error('the kubeconfig has no current cluster')
    const url = new URL(cluster.server)
    if (url.protocol !== 'https:') throw new Error(`the demo reaches API servers over HTTPS; ${cluster.server} is not`)
    const options: RequestOptions = { headers: {} }
    await kubeconfig.applyToHTTPSOptions(options)
    const agent = new Agent({ keepAlive: true, maxSockets: 32, ...pick(options, ['ca', 'cert', 'key', 'rejectUnauthorized', 'servername']) })
    return new ApiServer(url, options, agent)
  }

  /** `/api/v1/...` below the server's own path (a server URL may carry a prefix, e.g. behind Rancher). */
  path(apiPath: string): string {
    return `${this.url.pathname.replace(/\/$/, '')}${apiPath}`
  }

  get(apiPath: string, timeoutMs = 2000): Promise<ApiResponse> {
    return new Promise((resolve, reject) => {
      const outgoing = request(
        {
          host: this.url.hostname,
          port: this.url.port || 443,
          path: this.path(apiPath),
          method: 'GET',
          agent: this.agent,
          headers: { ...(this.options.headers as Record<string, string>), accept: 'application/json, */*' },
          ...(this.options.auth ? { auth: this.options.auth } : {}),
          timeout: timeoutMs
        },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (chunk: Buffer) => chunks.push(chunk))
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
          response.on('error', reject)
        }
      )
      outgoing.on('timeout', () => outgoing.destroy(new Error(`GET ${apiPath}: no answer within ${timeoutMs} ms`)))
      outgoing.on('error', reject)
      outgoing.end()
    })
  }

  /**
   * Writes the credentials Prometheus needs into `dir` (0600) and returns the scrape job's connection settings as
   * YAML lines (scheme, tls_config, and authorization or basic_auth), indented for a scrape_configs entry.
   */
  prometheusConnection(dir: string): string[] {
    const file = (name: string, content: string | Buffer | undefined): string | undefined => {
      if (content === undefined) return undefined
      const target = path.join(dir, name)
      writeFileSync(target, content, { mode: 0o600 })
      return target
    }
    const tls = [
      ['ca_file', file('ca.pem', pem(this.options.ca))],
      ['cert_file', file('client.pem', pem(this.options.cert))],
      ['key_file', file('client-key.pem', pem(this.options.key))]
    ].flatMap(([key, value]) => (value === undefined ? [] : [`      ${key}: '${value}'`]))
    if (this.options.rejectUnauthorized === false) tls.push('      insecure_skip_verify: true')
    // The kubeconfig's tls-server-name: the name the server's certificate is checked against.
    if (typeof this.options.servername === 'string' && this.options.servername !== '') tls.push(`      server_name: '${this.options.servername}'`)
    const lines = ['    scheme: https', ...(tls.length > 0 ? ['    tls_config:', ...tls] : [])]
    const authorization = (this.options.headers as Record<string, string> | undefined)?.Authorization
    if (authorization?.startsWith('Bearer ')) {
      lines.push('    authorization:', `      credentials_file: '${file('token', authorization.slice('Bearer '.length))}'`)
    } else if (this.options.auth) {
      const colon = this.options.auth.indexOf(':')
      lines.push('    basic_auth:', `      username: '${this.options.auth.slice(0, colon)}'`, `      password_file: '${file('password', this.options.auth.slice(colon + 1))}'`)
    }
    return lines
  }

  close(): void {
    this.agent.destroy()
  }
}

function pem(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined
  if (Array.isArray(value)) return value.map((v) => pem(v)).join('\n')
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value)
}

function pick<T extends object, K extends keyof T>(object: T, keys: K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((key) => object[key] !== undefined).map((key) => [key, object[key]])) as Partial<Pick<T, K>>
}
