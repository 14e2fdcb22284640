/**
 * Failing pods in the timeline, with their last log lines: each pod, container and reason once, and a few pods at
 * most.
 */
import { isTerminalProblem, type ContainerProblem } from '../lib/kube/index.js'
import type { DeploymentTarget } from './cluster.js'
import type { Timeline } from './timeline.js'

const MAX_REPORTED_PODS = 5

export class PodReports {
  private readonly reported = new Set<string>()

  constructor(
    private readonly timeline: Timeline,
    private readonly target: Pick<DeploymentTarget, 'lastLogLines'> | undefined,
    private readonly options: { maxRestarts: number; logLines: number }
  ) {}

  /** Adds the terminal (or crash-looping) problems not reported yet. */
  async report(problems: ContainerProblem[]): Promise<void> {
    for (const p of problems.filter((x) => isTerminalProblem(x, this.options.maxRestarts) || x.reason === 'CrashLoopBackOff')) {
      const key = `${p.pod}/${p.container}/${p.reason}`
      // A few pods tell the story; reading every log of a 100-replica crash loop would only delay the rollback.
      if (this.reported.has(key) || !this.target || this.reported.size >= MAX_REPORTED_PODS) continue
      this.reported.add(key)
      const logs = await this.target.lastLogLines(p, this.options.logLines)
      this.timeline.add({ kind: 'pod', pod: p.pod, container: p.container, reason: p.reason, restarts: p.restartCount, ...(p.message ? { message: p.message } : {}), logs })
    }
  }
}
