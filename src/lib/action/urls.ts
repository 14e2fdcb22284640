/** Credentials written into URLs (`https://user:password@host`): found in any text, masked, and redacted from messages. */
import { maskSecret } from './secrets.js'

/**
 * `scheme://userinfo@` anywhere in a text. As in the WHATWG URL parser, the user information runs to the last `@`
 * before the authority ends (at `/`, `\`, `?`, `#` or white space), so a password with an unescaped `@` is whole.
 */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/\\?#]*)@/gi

export interface UrlCredentials {
  /** `user:password` as written. */
  userinfo: string
  username: string
  /** Undefined when the URL has only a user name (often a token: `https://<token>@host`). */
  password: string | undefined
}

/** The credentials of every URL in `text`. Pure. */
export function findUrlCredentials(text: string): UrlCredentials[] {
  const found: UrlCredentials[] = []
  for (const match of text.matchAll(USERINFO)) {
    const userinfo = match[2]!
    if (userinfo === '') continue
    const colon = userinfo.indexOf(':')
    found.push(colon < 0 ? { userinfo, username: userinfo, password: undefined } : { userinfo, username: userinfo.slice(0, colon), password: userinfo.slice(colon + 1) })
  }
  return found
}

/** The secret part of each: the password, or a lone user name (a token). */
function secretsOf(credentials: UrlCredentials): string[] {
  const secret = credentials.password ?? credentials.username
  if (secret === '') return []
  let decoded = secret
  try {
    decoded = decodeURIComponent(secret)
  } catch {
    // Not percent-encoding: the text as written is what would be printed.
  }
  return [...new Set([secret, decoded])]
}

/** `text` with every URL password (or lone user name) replaced by `***`: `https://admin:***@host`. Pure. */
export function redactUrlCredentials(text: string): string {
  return text.replace(USERINFO, (whole, scheme: string, userinfo: string) => {
    if (userinfo === '') return whole
    const colon = userinfo.indexOf(':')
    return `${scheme}${colon < 0 ? '***' : `${userinfo.slice(0, colon)}:***`}@`
  })
}

const masked = new Set<string>()

/** Masks (core.setSecret) the password of every URL in `text`, as written and percent-decoded, once per job step. */
export function maskUrlCredentials(text: string): void {
  for (const credentials of findUrlCredentials(text)) {
    for (const secret of secretsOf(credentials)) {
      if (masked.has(secret)) continue
      masked.add(secret)
      maskSecret(secret)
    }
  }
}

/**
 * Why a URL input may not carry credentials, and where they go instead (`auth`: the inputs made for them), or
 * undefined when `text` has none.
 */
export function urlCredentialsProblem(text: string, auth: string): string | undefined {
  if (findUrlCredentials(text).length === 0) return undefined
  return `a URL without credentials (Node's HTTP client sends no request to a URL with user:password@, so every request would fail); ${auth}`
}
