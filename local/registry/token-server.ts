/**
 * A Bearer token server for distribution's `auth.token` mode: it checks Basic credentials, grants the requested
 * repository actions and signs an RS256 JWT whose x5c header carries a self-signed test certificate, which the
 * registry trusts through `rootcertbundle`.
 */
import { execFileSync } from 'node:child_process'
import { createPrivateKey, createSign, randomUUID, X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import path from 'node:path'

export interface TokenServer {
  realm: string
  service: string
  issuer: string
  certFile: string
  /** Every token request received, with the scopes asked for (grant: how the caller authenticated). */
  requests: { user: string | undefined; scopes: string[]; grant: 'basic' | 'anonymous' | 'refresh_token' }[]
  stop: () => Promise<void>
}

export interface TokenServerOptions {
  dir: string
  port: number
  users: Record<string, string>
  /** Anonymous callers get pull on every repository (like a public registry). */
  anonymousPull?: boolean
  /** Users who only ever get pull. */
  readOnly?: string[]
  /** Users limited to repositories under these prefixes (others get nothing there). */
  limitedTo?: Record<string, string[]>
  /** OAuth2 refresh tokens (docker's identity tokens) → the user they stand for, for POST grant_type=refresh_token. */
  refreshTokens?: Record<string, string>
  /**
   * The host the realm names (default 127.0.0.1). `localhost` for crane, which refuses a realm on a loopback IP
   * literal other than the registry's own host:port.
   */
  realmHost?: string
}

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const keyFile = path.join(options.dir, 'token.key')
  const certFile = path.join(options.dir, 'token.crt')
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=test-token-issuer'], { stdio: 'ignore' })
  const key = createPrivateKey(readFileSync(keyFile))
  const certDer = new X509Certificate(readFileSync(certFile)).raw.toString('base64')
  const service = 'test-registry'
  const issuer = 'test-issuer'
  const requests: TokenServer['requests'] = []

  const refuse = (res: ServerResponse, message: string): void => {
    res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message }] }))
  }
  const issue = (res: ServerResponse, user: string | undefined, scopes: string[], audience: string | null): void => {
    const access = scopes.flatMap((scope) => {
      const [type, name, actions] = scope.split(':')
      if (type !== 'repository' || !name || !actions) return []
      const wanted = actions.split(',')
      const limits = user && options.limitedTo?.[user]
      if (limits && !limits.some((prefix) => name.startsWith(prefix))) return []
      const pullOnly = !user || options.readOnly?.includes(user)
      return [{ type, name, actions: pullOnly ? wanted.filter((action) => action === 'pull') : wanted }]
    })
    const now = Math.floor(Date.now() / 1000)
    const token = signJwt(key, certDer, {
      iss: issuer,
      sub: user ?? '',
      aud: audience ?? service,
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access
    })
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }))
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (req.method === 'POST') {
      // OAuth2 (distribution's token spec, "oauth"): a form with grant_type, refresh_token, service and scope.
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
        const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean)
        const user = options.refreshTokens?.[form.get('refresh_token') ?? '']
        requests.push({ user, scopes, grant: 'refresh_token' })
        if (form.get('grant_type') !== 'refresh_token' || !user) return refuse(res, 'invalid refresh token')
        issue(res, user, scopes, form.get('service'))
      })
      return
    }
    const scopes = url.searchParams.getAll('scope')
    const user = basicUser(req)
    requests.push({ user: user?.name, scopes, grant: user ? 'basic' : 'anonymous' })
    if (user && options.users[user.name] !== user.password) return refuse(res, 'bad credentials')
    if (!user && !options.anonymousPull && scopes.length > 0) return refuse(res, 'credentials required')
    issue(res, user?.name, scopes, url.searchParams.get('service'))
  })
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve))
  return {
    realm: `http://${options.realmHost ?? '127.0.0.1'}:${options.port}/token`,
    service,
    issuer,
    certFile,
    requests,
    stop: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()) })
  }
}

function basicUser(req: IncomingMessage): { name: string; password: string } | undefined {
  const header = req.headers.authorization
  if (!header?.startsWith('Basic ')) return undefined
  const decoded = Buffer.from(header.slice(6), 'base64').toString()
  const colon = decoded.indexOf(':')
  return { name: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

function signJwt(key: ReturnType<typeof createPrivateKey>, certDer: string, claims: object): string {
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url')
  const input = `${encode({ typ: 'JWT', alg: 'RS256', x5c: [certDer] })}.${encode(claims)}`
  const signature = createSign('RSA-SHA256').update(input).sign(key).toString('base64url')
  return `${input}.${signature}`
}
