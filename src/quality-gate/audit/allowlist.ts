/** The audit-allowlist input: its `ID until YYYY-MM-DD reason` lines, parsed, and when an entry has expired. */

/** One accepted advisory: `GHSA-xxxx-xxxx-xxxx until 2026-12-31 waiting for upstream fix` (one a line). */
export interface AllowEntry {
  id: string
  /** The last day (YYYY-MM-DD, inclusive) on which the entry allows its advisory. */
  until: string
  reason: string
  /** 1-based line in the allowlist as given, for messages. */
  line: number
}

export interface AllowlistError {
  line: number
  text: string
}

const ENTRY = /^(\S+)\s+until\s+(\S+)(?:\s+(.*))?$/i
export const ALLOWLIST_FORMAT = '`<advisory id> until <YYYY-MM-DD> <reason>`'

/** Blank lines and lines starting with `#` are skipped; every other line must be an entry. */
export function parseAllowlist(lines: string[]): { entries: AllowEntry[]; errors: AllowlistError[] } {
  const entries: AllowEntry[] = []
  const errors: AllowlistError[] = []
  lines.forEach((raw, index) => {
    const line = index + 1
    const text = raw.trim()
    if (text === '' || text.startsWith('#')) return
    const match = ENTRY.exec(text)
    if (!match) {
      errors.push({ line, text: `'${text}' is not ${ALLOWLIST_FORMAT}` })
      return
    }
    const [, id = '', until = '', reason = ''] = match
    if (!isCalendarDate(until)) {
      errors.push({ line, text: `'${until}' is not a date in the form YYYY-MM-DD (in '${text}')` })
    } else if (reason.trim() === '') {
      errors.push({ line, text: `'${id}' has no reason: say why it is accepted after the date` })
    } else {
      entries.push({ id, until, reason: reason.trim(), line })
    }
  })
  return { entries, errors }
}

export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!match) return false
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/** An entry allows through its `until` day and has expired from the day after (dates compare as text). */
export function isExpired(entry: AllowEntry, today: string): boolean {
  return entry.until < today
}
