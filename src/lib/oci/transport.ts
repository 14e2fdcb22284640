/**
 * HTTP to one registry with one set of credentials: picks http or https, answers WWW-Authenticate challenges
 * (anonymous, Basic, Bearer token exchange with realm/service/scope; tokens cached per scope set) and retries 429,
 * 5xx, dropped connections and requests without an answer within their timeout with backoff, honouring
 * Retry-After. Credentials never enter an error message, and go only to the registry and the token realm it
 * announces: a challenge from a host a redirect led to is refused.
 */
import type { Readable } from 'node:stream'
import { DEFAULT_RETRY, parseRetryAfter, withRetry, type RetryPolicy } from '../retry.js'
import { parseChallenges, type Challenge } from './challenge.js'
import { IDENTITY_TOKEN_USER } from './credential-helpers.js'
import type { Credentials, CredentialSource } from './credentials.js'
import { describeErrorBody, RegistryError, RegistryRequestTimeout, RetryableStatusError } from './errors.js'
import type { StreamResponse } from './http1.js'
import { readText, sendStream } from './stream-http.js'
import { apiHost, isLoopback } from './reference.js'
import { classifyRegistryFailure, isNetworkError, networkErrorCode, RETRYABLE_STATUSES } from './retryable.js'

export interface TransportOptions {
  /** Resolved once, when the registry first asks for authentication. */
  credentials?: CredentialSource
  /** Plain http is allowed for this registry (loopback hosts always are). */
  insecure?: boolean
  retry?: RetryPolicy
  onRetry?: (message: string) => void
  userAgent?: string
  /** Drop a blob stream that moves no data for this long (default 2 minutes); the copy is then retried. */
  idleTimeoutMs?: number
  /**
   * How long one request (not a blob stream) may take, its answer read included (default 30 s); one without an
   * answer by then is aborted and retried like a dropped connection, instead of waiting out fetch's 300 s.
   */
  requestTimeoutMs?: number
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000

export interface StreamRequest {
  method: 'GET' | 'PUT'
  path: string
  scopes: string[]
  headers?: Record<string, string>
  body?: Readable
  accept: number[]
  /** A GET whose body a PUT will pipe: over a socket of its own, read into reused buffers (socket-pipe.ts). */
  pipe?: boolean
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])

export interface RegistryRequest {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE'
  /** A path under the registry (`/v2/...`) or an absolute URL the registry returned (an upload Location). */
  path: string
  /** Token scopes, e.g. `repository:team/app:pull,push`. */
  scopes: string[]
  headers?: Record<string, string>
  /** Made afresh for every try; a stream body is sent once (`retry: false`). */
  body?: () => NonNullable<RequestInit['body']>
  /** Statuses returned to the caller instead of thrown. */
  accept: number[]
  /** Retry this request on its own (not for streamed bodies: the caller retries the whole operation). */
  retry?: boolean
}

interface CachedToken {
  value: string
  expiresAt: number
}

export class RegistryTransport {
  readonly baseUrl: string
  private challenge: Challenge | undefined
  private readonly tokens = new Map<string, Promise<CachedToken>>()
  /** Token-server round trips, for tests and logs. */
  tokenRequests = 0

  constructor(
    readonly registry: string,
    private readonly options: TransportOptions = {}
  ) {
    const plain = isLoopback(registry) || options.insecure === true
    this.baseUrl = `${plain ? 'http' : 'https'}://${apiHost(registry)}`
  }

  private resolvedCredentials: Promise<Credentials | undefined> | undefined
  private knownCredentials: Credentials | undefined

  get hasCredentials(): boolean {
    return typeof this.options.credentials === 'function' ? this.knownCredentials !== undefined : this.options.credentials !== undefined
  }

  private credentials(): Promise<Credentials | undefined> {
    const source = this.options.credentials
    this.resolvedCredentials ??= (typeof source === 'function' ? source() : Promise.resolve(source)).then((found) => (this.knownCredentials = found))
    return this.resolvedCredentials
  }

  async request(req: RegistryRequest): Promise<Response> {
    const once = (): Promise<Response> => this.authenticated(req)
    // Unretried requests fail raw, so the caller retrying the whole operation can tell what is worth retrying.
    if (req.retry === false) return once()
    try {
      return await withRetry(once, {
        policy: this.options.retry ?? DEFAULT_RETRY,
        classify: classifyRegistryFailure,
        onRetry: ({ attempt, delayMs, reason }) =>
          this.options.onRetry?.(`${req.method} ${this.describePath(req.path)}: ${reason}; try ${attempt + 1} in ${delayMs} ms`)
      })
    } catch (error) {
      throw this.asRegistryError(error, req)
    }
  }

  /** Learns the registry's challenge and obtains a token for the scopes, so bad credentials fail before any write. */
  async authenticate(scopes: string[]): Promise<void> {
    await this.request({ method: 'GET', path: '/v2/', scopes, accept: [200] })
  }

  /**
   * The actions a Bearer token grants on a repository, when the token is a JWT with distribution's `access` claim
   * (Docker Hub, distribution, Harbor...); undefined when that cannot be known (opaque tokens, Basic, anonymous).
   */
  async grantedActions(scopes: string[], repository: string): Promise<string[] | undefined> {
    const pending = this.tokens.get(scopeKey(scopes))
    const token = pending && (await pending.catch(() => undefined))
    const payload = token?.value.split('.')[1]
    if (!payload) return undefined
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { access?: { type?: string; name?: string; actions?: string[] }[] }
      if (!Array.isArray(claims.access)) return undefined
      return claims.access.filter((a) => a.type === 'repository' && a.name === repository).flatMap((a) => a.actions ?? [])
    } catch {
      return undefined
    }
  }

  asRegistryError(error: unknown, req?: Pick<RegistryRequest, 'method' | 'path'>): Error {
    if (error instanceof RegistryError) return error
    const what = req ? `${req.method} ${this.describePath(req.path)}` : 'request'
    if (error instanceof RetryableStatusError) return new RegistryError(this.registry, `${what} kept failing: HTTP ${error.status}${error.detail ? ` (${error.detail})` : ''}`, error.status)
    if (error instanceof RegistryRequestTimeout) return new RegistryError(this.registry, `${what} kept failing: ${error.reason}, on every try (${this.baseUrl})`)
    if (isNetworkError(error)) return new RegistryError(this.registry, `${what} failed: connection error ${networkErrorCode(error) ?? ''} (${this.baseUrl}); check the registry address and that this runner can reach it`.replace('  ', ' '))
    const unreachable = unreachableReason(networkErrorCode(error), this.baseUrl)
    if (unreachable) return new RegistryError(this.registry, `${what} failed: ${unreachable}`)
    return error instanceof Error ? error : new Error(String(error))
  }

  private describePath(path: string): string {
    try {
      return new URL(path, this.baseUrl).pathname
    } catch {
      return path
    }
  }

  private async authenticated(req: RegistryRequest): Promise<Response> {
    const sent = await this.authorization(req.scopes)
    let response = await this.send(req, sent)
    if (response.status === 401 && !req.accept.includes(401)) this.refuseForeignChallenge(response.url, `${req.method} ${this.describePath(req.path)}`)
    if (response.status === 401 && !req.accept.includes(401)) {
      const challenges = parseChallenges(response.headers.get('www-authenticate'))
      await response.body?.cancel()
      const chosen = challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic')
      if (chosen) this.challenge = chosen
      // A rejected Bearer token may have expired or lacked a scope: fetch a fresh one once. Rejected Basic
      // credentials stay rejected. A consumed stream body cannot be sent again.
      if (sent?.startsWith('Bearer ')) this.tokens.delete(scopeKey(req.scopes))
      const canResend = chosen !== undefined && (sent === undefined || chosen.scheme === 'bearer') && !(req.retry === false && req.body)
      if (canResend) {
        const scopes = [...new Set([...req.scopes, ...(chosen.params.scope ? chosen.params.scope.split(' ') : [])])]
        response = await this.send(req, await this.authorization(req.scopes, scopes))
      } else {
        response = new Response(null, { status: 401 })
      }
    }
    if (req.accept.includes(response.status)) return response
    const text = req.method === 'HEAD' ? '' : await response.text().catch(() => '')
    throw this.failure(response.status, response.headers.get('retry-after'), text, `${req.method} ${this.describePath(req.path)}`)
  }

  /** The error for an unexpected status: retryable (429, 5xx) or a RegistryError that says what to check. */
  private failure(status: number, retryAfter: string | null | undefined, text: string, what: string): Error {
    const { code, detail } = describeErrorBody(text)
    if (RETRYABLE_STATUSES.has(status)) return new RetryableStatusError(this.registry, status, parseRetryAfter(retryAfter), detail)
    if (status === 401) {
      return new RegistryError(
        this.registry,
        `${what}: authentication failed (HTTP 401${detail ? ` ${detail}` : ''}); ${this.hasCredentials ? 'check the username and password for this registry and that they may access this repository' : 'this registry needs credentials'}`,
        401,
        code
      )
    }
    if (status === 403) {
      return new RegistryError(this.registry, `${what}: access denied (HTTP 403${detail ? ` ${detail}` : ''}); the credentials lack permission for this repository`, 403, code)
    }
    return new RegistryError(this.registry, `${what}: HTTP ${status}${detail ? ` (${detail})` : ''}`, status, code)
  }

  /**
   * A GET or PUT with a stream body, for blobs: backpressure holds end to end, so a layer is never
   * buffered. GETs follow redirects (storage back ends), sending credentials only to the registry itself. Not
   * retried here: the caller retries the whole copy.
   */
  async stream(req: StreamRequest): Promise<StreamResponse> {
    const origin = new URL(this.baseUrl).origin
    let url = new URL(req.path, this.baseUrl)
    let authorization = await this.authorization(req.scopes)
    let challenged = false
    for (let hop = 0; hop < 6; hop++) {
      const sameOrigin = url.origin === origin
      const response = await sendStream(url, req, sameOrigin ? authorization : undefined, this.options.userAgent, this.options.idleTimeoutMs)
      const { status } = response
      if (req.method === 'GET' && REDIRECTS.has(status) && response.headers.location) {
        response.body.resume()
        url = new URL(response.headers.location, url)
        continue
      }
      if (status === 401 && !sameOrigin) {
        response.body.resume()
        this.refuseForeignChallenge(url.href, `${req.method} ${this.describePath(req.path)}`)
      }
      if (status === 401 && sameOrigin && !req.body && !challenged) {
        challenged = true
        response.body.resume()
        const chosen = parseChallenges(response.headers['www-authenticate']).find((c) => c.scheme === 'bearer' || c.scheme === 'basic')
        if (chosen) this.challenge = chosen
        this.tokens.delete(scopeKey(req.scopes))
        authorization = await this.authorization(req.scopes)
        continue
      }
      if (req.accept.includes(status)) return response
      const text = await readText(response.body)
      throw this.failure(status, response.headers['retry-after'], text, `${req.method} ${url.pathname}`)
    }
    throw new RegistryError(this.registry, `${req.method} ${this.describePath(req.path)}: too many redirects`)
  }

  /**
   * A 401 from a host a redirect led to is not this registry asking: its challenge would send this registry's
   * credentials to a token server the user never named. Credentials go only to the registry and to the realm the
   * registry itself announces.
   */
  private refuseForeignChallenge(answeredBy: string, what: string): void {
    let origin: string
    try {
      origin = new URL(answeredBy).origin
    } catch {
      return
    }
    if (origin === new URL(this.baseUrl).origin) return
    throw new RegistryError(
      this.registry,
      `${what} was redirected to ${origin}, which asks for authentication; the credentials for ${this.registry} go only to it and to the token server it names, so this is refused`,
      401
    )
  }

  private async send(req: RegistryRequest, authorization: string | undefined): Promise<Response> {
    const url = new URL(req.path, this.baseUrl)
    const sameOrigin = url.origin === new URL(this.baseUrl).origin
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent ?? 'pipeline-actions', ...req.headers }
    if (authorization && sameOrigin) headers.authorization = authorization
    const body = req.body?.()
    return this.timed(() =>
      fetch(url, {
        method: req.method,
        headers,
        ...(body !== undefined && { body, duplex: 'half' as const }),
        redirect: 'follow',
        signal: AbortSignal.timeout(this.requestTimeoutMs)
      } as RequestInit)
    )
  }

  private get requestTimeoutMs(): number {
    return this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS
  }

  /** A fetch whose timeout signal fired comes out as a RegistryRequestTimeout (retried, and named with the timeout). */
  private async timed(send: () => Promise<Response>): Promise<Response> {
    try {
      return await send()
    } catch (error) {
      if ((error as { name?: unknown } | null)?.name === 'TimeoutError') throw new RegistryRequestTimeout(this.registry, this.requestTimeoutMs)
      throw error
    }
  }

  /** The Authorization header for `scopes` (cached per scope set; concurrent callers share one token request). */
  private async authorization(scopes: string[], requestScopes: string[] = scopes): Promise<string | undefined> {
    const challenge = this.challenge
    if (!challenge) return undefined
    const credentials = await this.credentials()
    if (challenge.scheme === 'basic') {
      if (credentials?.username === IDENTITY_TOKEN_USER) throw new RegistryError(this.registry, 'the registry asks for Basic authentication, but the docker config holds an identity token for it (usable only with a Bearer token server)')
      return credentials ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` : undefined
    }
    if (challenge.scheme !== 'bearer') return undefined
    const key = scopeKey(scopes)
    let pending = this.tokens.get(key)
    if (pending) {
      const cached = await pending.catch(() => undefined)
      if (!cached || cached.expiresAt <= Date.now()) {
        if (this.tokens.get(key) === pending) this.tokens.delete(key)
        pending = undefined
      }
    }
    if (!pending) {
      pending = this.fetchToken(challenge, requestScopes)
      this.tokens.set(key, pending)
      pending.catch(() => this.tokens.get(key) === pending && this.tokens.delete(key))
    }
    return `Bearer ${(await pending).value}`
  }

  private async fetchToken(challenge: Challenge, scopes: string[]): Promise<CachedToken> {
    const realm = challenge.params.realm
    if (!realm) throw new RegistryError(this.registry, 'the registry asked for a Bearer token but named no realm')
    const url = new URL(realm)
    if (url.protocol === 'http:' && !isLoopback(url.host) && !this.options.insecure) {
      throw new RegistryError(this.registry, `refusing to send credentials to the plain-http token realm ${url.origin}`)
    }
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service)
    for (const scope of scopes) url.searchParams.append('scope', scope)
    const credentials = await this.credentials()
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent ?? 'pipeline-actions' }
    // An identity token is an OAuth2 refresh token: POSTed to the realm (distribution's token spec, "oauth"), not Basic.
    const oauth = credentials?.username === IDENTITY_TOKEN_USER ? oauthForm(credentials.password, challenge.params.service, scopes) : undefined
    if (credentials && !oauth) headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
    if (oauth) headers['content-type'] = 'application/x-www-form-urlencoded'
    const response = await withRetry(
      async () => {
        this.tokenRequests++
        const signal = AbortSignal.timeout(this.requestTimeoutMs)
        const answer = await this.timed(() => (oauth ? fetch(`${url.origin}${url.pathname}`, { method: 'POST', headers, body: oauth, signal }) : fetch(url, { headers, signal })))
        if (RETRYABLE_STATUSES.has(answer.status)) {
          const { detail } = describeErrorBody(await answer.text().catch(() => ''))
          throw new RetryableStatusError(this.registry, answer.status, parseRetryAfter(answer.headers.get('retry-after')), detail)
        }
        return answer
      },
      { policy: this.options.retry ?? DEFAULT_RETRY, classify: classifyRegistryFailure }
    ).catch((error: unknown) => {
      throw this.asRegistryError(error, { method: 'GET', path: `${url.origin}${url.pathname}` })
    })
    if (!response.ok) {
      const { detail } = describeErrorBody(await response.text().catch(() => ''))
      throw new RegistryError(
        this.registry,
        `the token server ${url.origin}${url.pathname} refused ${credentials ? 'the credentials' : 'an anonymous token'} (HTTP ${response.status}${detail ? ` ${detail}` : ''})`,
        response.status
      )
    }
    const body = (await response.json()) as { token?: string; access_token?: string; expires_in?: number }
    const value = body.token ?? body.access_token
    if (!value) throw new RegistryError(this.registry, `the token server ${url.origin} answered without a token`)
    // Renew a little early so a token never expires mid-request.
    const lifetimeMs = Math.max(30, body.expires_in ?? 60) * 1000
    return { value, expiresAt: Date.now() + lifetimeMs - 10_000 }
  }
}

function oauthForm(refreshToken: string, service: string | undefined, scopes: string[]): string {
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'pipeline-actions' })
  if (service) form.set('service', service)
  if (scopes.length > 0) form.set('scope', scopes.join(' '))
  return form.toString()
}

function scopeKey(scopes: string[]): string {
  return [...scopes].sort().join(' ')
}

export function pullScope(repository: string): string {
  return `repository:${repository}:pull`
}

export function pushScope(repository: string): string {
  return `repository:${repository}:pull,push`
}

/**
 * Failures no retry can fix, in words a user can act on: a host name that does not resolve, a certificate the runner
 * does not trust. Undefined for anything else (a real defect stays a bug report).
 */
function unreachableReason(code: string | undefined, baseUrl: string): string | undefined {
  if (code === undefined) return undefined
  const host = new URL(baseUrl).host
  if (code === 'ENOTFOUND') return `the host name ${host} does not resolve (ENOTFOUND): check the registry in the image reference, and that this runner's DNS knows it`
  if (/^(?:CERT_|ERR_TLS_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)/.test(code)) {
    return `the TLS certificate of ${host} is not trusted (${code}): give the runner its CA (NODE_EXTRA_CA_CERTS), or fix the certificate`
  }
  return undefined
}
