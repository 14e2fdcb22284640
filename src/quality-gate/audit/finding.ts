/** The Finding every audit source is read into, and how a finding is named (GHSA id first, aliases). */
import type { FindingSeverity } from './severity.js'

/** One advisory (or code-scanning rule hit) reported by one tool. */
export interface Finding {
  /** The preferred identifier: the GHSA id when the tool gives one, else the tool's own (npm advisory id, rule id). */
  id: string
  /** Every other name of the same advisory that the report carries: GHSA, CVEs, npm advisory id and URL. */
  aliases: string[]
  severity: FindingSeverity
  title: string
  package?: string
  /** Installed version(s); several, comma-separated, when one advisory hits several copies of a package. */
  version?: string
  url?: string
  /** 'npm audit' | 'pnpm audit' | 'yarn audit' | 'sarif:<tool name>'; comma-separated after a merge. */
  source: string
  file?: string
  line?: number
}

const GHSA = /GHSA(?:-[0-9a-z]{4}){3}/i

/** The GHSA id inside a text (a github.com/advisories URL), upper-cased prefix as GitHub writes it. */
export function ghsaIn(text: string | undefined): string | undefined {
  const match = text ? GHSA.exec(text) : null
  return match ? `GHSA${match[0].slice(4).toLowerCase()}` : undefined
}

/** Every name a finding is known by: its id first, then the aliases, without duplicates or blanks. */
export function namesOf(finding: Pick<Finding, 'id' | 'aliases'>): string[] {
  return unique([finding.id, ...finding.aliases])
}

export function unique(values: (string | undefined)[]): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const value of values) {
    const text = value?.trim()
    if (!text || seen.has(text.toLowerCase())) continue
    seen.add(text.toLowerCase())
    out.push(text)
  }
  return out
}

/** The first known name becomes the id, the others its aliases. */
export function identify(names: (string | undefined)[], fallback: string): { id: string; aliases: string[] } {
  const [id = fallback, ...aliases] = unique(names)
  return { id, aliases }
}
