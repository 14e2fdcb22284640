/** Which failures of a registry call are worth another try: 429, 5xx, dropped or refused connections, and stalls. */
import type { RetryDecision } from '../retry.js'
import { RegistryRequestTimeout, RetryableStatusError } from './errors.js'

export const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504])

const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT'
])

/** The system or undici error code behind a failed fetch (`TypeError: fetch failed` hides it in `cause`). */
export function networkErrorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string') return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

export function isNetworkError(error: unknown): boolean {
  const code = networkErrorCode(error)
  if (code !== undefined) return RETRYABLE_CODES.has(code)
  return error instanceof TypeError && /fetch failed|terminated|other side closed/i.test(error.message)
}

export function classifyRegistryFailure(error: unknown): RetryDecision {
  if (error instanceof RetryableStatusError) {
    return { retry: true, reason: error.message, ...(error.retryAfterMs !== undefined && { afterMs: error.retryAfterMs }) }
  }
  if (error instanceof RegistryRequestTimeout) return { retry: true, reason: error.reason }
  if (isNetworkError(error)) return { retry: true, reason: `connection failed (${networkErrorCode(error) ?? 'reset'})` }
  return { retry: false }
}
