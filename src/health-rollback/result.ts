/** The outcome of a run: outputs, the report file and the summary are all rendered from this. */
import type { TimelineEvent } from './timeline.js'

export interface RunResult {
  target: string
  healthy: boolean
  rolledBack: boolean
  reason: string
  fromRevision?: number
  toRevision?: number
  fromImages: string[]
  toImages: string[]
  startedAt: number
  finishedAt: number
  events: TimelineEvent[]
  /** The message the step fails with; absent when it succeeds. */
  failure?: string
}

export function outputsOf(result: RunResult, reportFile: string): Record<string, string> {
  return {
    healthy: String(result.healthy),
    'rolled-back': String(result.rolledBack),
    'from-revision': result.fromRevision === undefined ? '' : String(result.fromRevision),
    'to-revision': result.toRevision === undefined ? '' : String(result.toRevision),
    'from-image': result.fromImages.join(','),
    'to-image': result.toImages.join(','),
    reason: result.reason,
    'report-file': reportFile
  }
}

/** The report file: the whole timeline with ISO times, for later steps and audits. */
export function reportJson(result: RunResult): string {
  const iso = (ms: number) => new Date(ms).toISOString()
  return `${JSON.stringify(
    {
      target: result.target,
      healthy: result.healthy,
      rolledBack: result.rolledBack,
      reason: result.reason,
      fromRevision: result.fromRevision ?? null,
      toRevision: result.toRevision ?? null,
      fromImages: result.fromImages,
      toImages: result.toImages,
      startedAt: iso(result.startedAt),
      finishedAt: iso(result.finishedAt),
      events: result.events.map((e) => ({ ...e, at: iso(e.at) }))
    },
    null,
    2
  )}\n`
}
