/** HTTP for the metric clients: redirects followed by hand, so no credential header reaches another origin. */

const REDIRECTS = new Set([301, 302, 303, 307, 308])
const MAX_REDIRECTS = 5
/** Headers that say what is sent or wanted, never who asks: the only ones that follow a redirect to another origin. */
const NEUTRAL = new Set(['accept', 'content-type', 'user-agent'])

export interface CredentialedRequest {
  method?: 'GET' | 'POST'
  /** The caller's headers, credentials among them (Authorization, API keys, tenant headers). */
  headers: Record<string, string>
  body?: string
  signal: AbortSignal
}

/**
 * fetch that follows up to 5 redirects itself: within the first URL's origin with every header, to another origin
 * with none of the caller's headers but Accept, Content-Type and User-Agent (Node's fetch drops only Authorization,
 * and would send API keys and custom headers on). 303, and 301/302 after a POST, continue as a GET without a body,
 * as fetch does.
 */
export async function fetchKeepingCredentials(url: string | URL, request: CredentialedRequest): Promise<Response> {
  const origin = new URL(url).origin
  let current = new URL(url)
  let method = request.method ?? 'GET'
  let body = request.body
  for (let hop = 0; ; hop++) {
    const headers = current.origin === origin ? request.headers : neutralHeaders(request.headers)
    const response = await fetch(current, { method, headers, ...(body !== undefined && { body }), redirect: 'manual', signal: request.signal })
    const location = response.headers.get('location')
    if (!REDIRECTS.has(response.status) || location === null || hop >= MAX_REDIRECTS) return response
    await response.body?.cancel()
    current = new URL(location, current)
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = 'GET'
      body = undefined
    }
  }
}

function neutralHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => NEUTRAL.has(name.toLowerCase())))
}

/** A URL whose traffic crosses a network in clear text: http:// to a host other than this machine. */
export function isPlainHttpToRemote(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol !== 'http:') return false
  const host = parsed.hostname.replace(/^\[|\]$/g, '')
  return !(host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host))
}
