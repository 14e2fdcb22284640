/** Everything the run observed and did, in order, with times: the job summary and the report file are built from it. */
import type { MetricMeasurement } from '../lib/metrics/index.js'

export type TimelineEvent =
  | { at: number; kind: 'rollout'; phase: 'deploy' | 'rollback'; state: string; message: string }
  | { at: number; kind: 'probe'; round: number; url: string; status?: number; latencyMs: number; ok: boolean; reasons: string[] }
  | ({ at: number; kind: 'metric'; round: number } & MetricMeasurement)
  | { at: number; kind: 'pod'; pod: string; container: string; reason: string; restarts: number; message?: string; logs: string[] }
  | { at: number; kind: 'rollback'; step: 'resume' | 'request' | 'retry' | 'restored' | 'refused' | 'failed' | 'command' | 'delete-pod'; message: string }
  | { at: number; kind: 'note'; level: 'info' | 'warning'; message: string }

type WithoutAt<T> = T extends unknown ? Omit<T, 'at'> : never

export class Timeline {
  readonly events: TimelineEvent[] = []
  readonly start: number

  constructor(private readonly now: () => number) {
    this.start = now()
  }

  add(event: WithoutAt<TimelineEvent>): TimelineEvent {
    const full = { ...event, at: this.now() } as TimelineEvent
    this.events.push(full)
    return full
  }

  /** The last rollout event of a phase with the same message is not repeated (polls often read the same state). */
  /** Returns false when the state repeats the last one of its phase (and nothing was added). */
  rollout(phase: 'deploy' | 'rollback', state: string, message: string): boolean {
    const last = [...this.events].reverse().find((e) => e.kind === 'rollout' && e.phase === phase)
    if (last && last.kind === 'rollout' && last.message === message && last.state === state) return false
    this.add({ kind: 'rollout', phase, state, message })
    return true
  }
}
