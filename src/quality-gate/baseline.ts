import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import path from 'node:path'
import { restoreCache, saveCache } from '../lib/cache/actions-cache.js'
import type { CoverageMetric, Metric } from './gates.js'

/** The default branch's coverage, kept in the Actions cache (caches saved on the default branch are readable from every branch). */
export interface Baseline {
  sha: string
  savedAt: string
  totals: Record<CoverageMetric, Metric>
}

const FILE = 'coverage-baseline.json'

function keyPrefix(repository: string, workingDirectory: string): string {
  const scope = createHash('sha256').update(`${repository}:${workingDirectory}`).digest('hex').slice(0, 12)
  return `pipeline-actions-coverage-v1-${scope}-`
}

export async function loadBaseline(dir: string, repository: string, workingDirectory: string): Promise<{ baseline?: Baseline; reason?: string }> {
  mkdirSync(dir, { recursive: true })
  const prefix = keyPrefix(repository, workingDirectory)
  const outcome = await restoreCache([dir], `${prefix}latest`, [prefix])
  if (outcome.status === 'unavailable') return { reason: outcome.reason }
  const file = path.join(dir, FILE)
  if (outcome.status === 'miss' || !existsSync(file)) return { reason: 'no coverage baseline has been saved from the default branch yet' }
  try {
    return { baseline: JSON.parse(readFileSync(file, 'utf8')) as Baseline }
  } catch {
    return { reason: 'the saved coverage baseline could not be read' }
  }
}

export async function saveBaseline(dir: string, repository: string, workingDirectory: string, baseline: Baseline, runId: string, attempt: string): Promise<string> {
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, FILE), JSON.stringify(baseline, null, 2))
  // Cache keys are immutable, so each run saves its own; restoring by prefix picks the newest.
  const outcome = await saveCache([dir], `${keyPrefix(repository, workingDirectory)}${baseline.sha}-${runId}-${attempt}`)
  return outcome.status === 'saved' ? `coverage baseline saved for ${baseline.sha.slice(0, 7)}` : `coverage baseline not saved: ${outcome.reason}`
}
