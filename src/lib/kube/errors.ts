/** Reading errors of @kubernetes/client-node: the HTTP status, the Status message, Retry-After, and which ones are
 * worth retrying (429, 5xx, dropped connections); and the user errors for the failures a user can act on. */
import { ApiException } from '@kubernetes/client-node'
import { UserError } from '../action/errors.js'
import type { RetryDecision } from '../retry.js'
import { parseRetryAfter } from '../retry.js'
import { KubeRequestTimeout } from './deadline.js'

export function statusCode(error: unknown): number | undefined {
  if (error instanceof ApiException) return error.code
  const code = (error as { statusCode?: unknown; code?: unknown } | null)?.statusCode
  return typeof code === 'number' ? code : undefined
}

interface StatusBody {
  message?: string
  reason?: string
  /** For a NotFound or Conflict of one object: its name and kind. */
  details?: { name?: string; kind?: string; causes?: unknown[] }
}

function statusBody(error: unknown): StatusBody | undefined {
  if (!(error instanceof ApiException)) return undefined
  const body: unknown = error.body
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as StatusBody
    } catch {
      // Plain text, e.g. the priority-and-fairness filter's 429 (Go's http.Error ends it with a newline).
      return { message: body.trim() }
    }
  }
  return (body ?? undefined) as StatusBody | undefined
}

/** The API server's own message (e.g. `deployments.apps "web" not found`), else a short description. */
export function kubeErrorMessage(error: unknown): string {
  if (error instanceof KubeAccessError) return error.message
  if (error instanceof KubeCallError) return error.serverMessage
  const body = statusBody(error)
  const code = statusCode(error)
  if (body?.message) return code ? `${body.message} (HTTP ${code})` : body.message
  // For answers its API description declares without a body (401 among them), client-node keeps only the reason;
  // its Watch keeps only the status text.
  const reason = error instanceof ApiException ? /^Message: (.+)$/m.exec(error.message)?.[1] : error instanceof Error && error.message ? error.message : undefined
  if (code !== undefined) return reason ? `${reason} (HTTP ${code})` : `HTTP ${code}`
  const cause = (error as { cause?: { message?: string } } | null)?.cause?.message
  const message = error instanceof Error ? error.message : String(error)
  return cause ? `${message}: ${cause}` : message
}

export const isNotFound = (error: unknown): boolean => statusCode(error) === 404
export const isConflict = (error: unknown): boolean => statusCode(error) === 409
export const isGone = (error: unknown): boolean => statusCode(error) === 410

/**
 * A write refused because the object changed since it was read: 409 Conflict, or the API server's answer to a JSON
 * patch whose `test` failed (json-patch.ts). That answer names nothing (422, reason Invalid, "the server rejected our
 * request due to an error in our request", no causes), unlike a validation error, which lists its causes.
 */
export function isStaleWrite(error: unknown): boolean {
  if (isConflict(error)) return true
  if (statusCode(error) !== 422) return false
  const body = error instanceof KubeCallError ? undefined : statusBody(error)
  return body?.reason === 'Invalid' && body.details?.causes === undefined && /error in our request/.test(body.message ?? '')
}

function retryAfterMs(error: unknown): number | undefined {
  if (!(error instanceof ApiException)) return undefined
  const headers = (error.headers ?? {}) as Record<string, string>
  const header = headers['retry-after'] ?? headers['Retry-After']
  return parseRetryAfter(header)
}

const TRANSIENT_NETWORK = /fetch failed|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|socket hang up|other side closed|UND_ERR/i

/** Retry policy for API calls: throttling, server errors, dropped connections and stalls; never 4xx decisions. */
export function classifyKubeError(error: unknown): RetryDecision {
  if (error instanceof KubeRequestTimeout) return { retry: true, reason: error.message }
  const code = statusCode(error)
  if (code === 429) {
    const afterMs = retryAfterMs(error)
    return { retry: true, reason: 'HTTP 429 Too Many Requests', ...(afterMs !== undefined ? { afterMs } : {}) }
  }
  if (code !== undefined && code >= 500) {
    const afterMs = retryAfterMs(error)
    return { retry: true, reason: `HTTP ${code}`, ...(afterMs !== undefined ? { afterMs } : {}) }
  }
  if (code === undefined && TRANSIENT_NETWORK.test(kubeErrorMessage(error))) return { retry: true, reason: kubeErrorMessage(error) }
  return { retry: false }
}

/**
 * The API server refused the kubeconfig's user: its credentials (401) or a permission (403). The user fixes that
 * in the cluster or the kubeconfig, so it is a user error, with the server's own words on what was refused.
 */
export class KubeAccessError extends UserError {
  override name = 'KubeAccessError'
  constructor(
    readonly statusCode: 401 | 403,
    what: string,
    serverMessage: string
  ) {
    super(
      statusCode === 401
        ? `Kubernetes refused the kubeconfig's credentials when trying to ${what}: ${serverMessage}. Check that its token or client certificate is valid and not expired.`
        : `Kubernetes refused to let the kubeconfig's user ${what}: ${serverMessage}. Grant that user this permission (a Role in the namespace), or use a kubeconfig whose user has it.`
    )
  }
}

/**
 * A failed API call the user can act on, other than a refusal: the message says what to change; the HTTP status
 * stays readable (`statusCode`, and `code` as client-node's ApiException names it), so isNotFound and isConflict
 * still answer, and kubeErrorMessage still gives the server's own words.
 */
export abstract class KubeCallError extends UserError {
  readonly code: number | undefined
  constructor(
    readonly statusCode: number | undefined,
    readonly serverMessage: string,
    message: string
  ) {
    super(message)
    this.code = statusCode
  }
}

/** A 404 that names the object it did not find: a wrong name, namespace or context, or an object not created yet. */
export class KubeNotFoundError extends KubeCallError {
  override name = 'KubeNotFoundError'
  constructor(what: string, serverMessage: string) {
    super(
      404,
      serverMessage,
      `Kubernetes could not ${what}: ${serverMessage}. Check the name and the namespace (and that the kubeconfig's context is the intended cluster), or create it first.`
    )
  }
}

/**
 * A read-modify-write refused with 409 Conflict each time it was read again and re-applied: another writer keeps
 * changing the object.
 */
export class KubeConflictError extends KubeCallError {
  override name = 'KubeConflictError'
  constructor(object: string, attempts: number, serverMessage: string) {
    super(
      409,
      serverMessage,
      `Kubernetes refused ${attempts} updates in a row of ${object}: another writer changed it each time between the read and the write (${serverMessage}). Find what else is writing it (another workflow or a controller), stop it or wait for it to finish, then run again.`
    )
  }
}

/**
 * A create refused with 409 AlreadyExists whose object is not the one the caller meant to create: something else
 * of that name is in the way, and the action will not take over or overwrite it.
 */
export class KubeAlreadyExistsError extends KubeCallError {
  override name = 'KubeAlreadyExistsError'
  constructor(object: string, problem: string, serverMessage: string) {
    super(409, serverMessage, `Kubernetes could not create ${object}: one of that name already exists and ${problem}. It is left as it is; delete or rename it, then run again.`)
  }
}

/** A throttled, failing or unreachable API server that was still so when the retries ran out. */
export class KubeUnavailableError extends KubeCallError {
  override name = 'KubeUnavailableError'
  constructor(what: string, statusCode: number | undefined, serverMessage: string) {
    super(
      statusCode,
      serverMessage,
      `Kubernetes could not ${what}: ${serverMessage}, still after retrying. Check that the API server the kubeconfig names is up and reachable from this runner, then run again.`
    )
  }
}

/**
 * The error a failed API call surfaces once its retries are done: a refusal (401/403), a named object not found
 * (404) or a transient failure that outlasted the retries as a user error; anything else (a request this project
 * got wrong) as it came.
 */
export function userErrorOr(what: string, error: unknown): unknown {
  const code = statusCode(error)
  if (code === 401 || code === 403) return new KubeAccessError(code, what, kubeErrorMessage(error))
  if (code === 404 && statusBody(error)?.details?.name) return new KubeNotFoundError(what, kubeErrorMessage(error))
  if (classifyKubeError(error).retry) return new KubeUnavailableError(what, code, kubeErrorMessage(error))
  return error
}
