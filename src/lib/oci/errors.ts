/** Registry errors: user errors that name the registry, and the retryable statuses. */
import { UserError } from '../action/errors.js'

/** A registry answered with an error, or could not be reached. The message always names the registry. */
export class RegistryError extends UserError {
  override name = 'RegistryError'
  constructor(
    readonly registry: string,
    message: string,
    readonly status?: number,
    readonly code?: string
  ) {
    super(`${registry}: ${message}`)
  }
}

/** An HTTP status worth retrying, with the server's Retry-After (ms) when it sent one. */
export class RetryableStatusError extends Error {
  override name = 'RetryableStatusError'
  constructor(
    readonly registry: string,
    readonly status: number,
    readonly retryAfterMs: number | undefined,
    readonly detail: string
  ) {
    super(`${registry}: HTTP ${status}${detail ? ` (${detail})` : ''}`)
  }
}

/** A request the registry did not answer (completely) within its timeout: retried like a dropped connection. */
export class RegistryRequestTimeout extends Error {
  override name = 'RegistryRequestTimeout'
  readonly reason: string
  constructor(
    readonly registry: string,
    readonly timeoutMs: number
  ) {
    const reason = `no answer within ${timeoutMs % 1000 === 0 ? timeoutMs / 1000 : (timeoutMs / 1000).toFixed(1)} s`
    super(`${registry}: ${reason}`)
    this.reason = reason
  }
}

/** The OCI error body `{"errors":[{"code","message"}]}` in one line. */
export function describeErrorBody(text: string): { code?: string; detail: string } {
  try {
    const body = JSON.parse(text) as { errors?: { code?: string; message?: string }[] }
    const first = body.errors?.[0]
    if (first) return { ...(first.code && { code: first.code }), detail: [first.code, first.message].filter(Boolean).join(': ') }
  } catch {
    // not JSON: fall through
  }
  return { detail: text.trim().slice(0, 200) }
}
