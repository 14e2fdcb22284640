/** WWW-Authenticate challenges (RFC 9110 §11.6.1), as registries send them: `Bearer realm="…",service="…",scope="…"`. */

export interface Challenge {
  scheme: string
  params: Record<string, string>
}

export function parseChallenges(header: string | null | undefined): Challenge[] {
  if (!header) return []
  const challenges: Challenge[] = []
  const pattern = /\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)(?:\s+|$)((?:[A-Za-z0-9!#$%&'*+.^_`|~-]+\s*=\s*(?:"(?:[^"\\]|\\.)*"|[^,\s]*)\s*,?\s*)*)/y
  let match: RegExpExecArray | null
  while (pattern.lastIndex < header.length && (match = pattern.exec(header)) !== null) {
    if (match[0] === '') break
    const params: Record<string, string> = {}
    for (const param of match[2]!.matchAll(/([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
      params[param[1]!.toLowerCase()] = param[2] !== undefined ? param[2].replace(/\\(.)/g, '$1') : (param[3] ?? '')
    }
    challenges.push({ scheme: match[1]!.toLowerCase(), params })
    if (pattern.lastIndex < header.length && header[pattern.lastIndex] === ',') pattern.lastIndex++
  }
  return challenges
}
