/** (4) canary-deploy and (5) health-rollback on the emulated cluster, with real processes and real Prometheus. */
import type { Release, StageFn } from '../pipeline.js'
import type { DemoReport } from '../report.js'
import type { StageLog } from '../stage.js'

export interface ClusterStagesInput {
  stable: Release
  good: Release
  bad: Release
  report: DemoReport
  stage: StageFn
  log: StageLog
}

export async function runClusterStages(input: ClusterStagesInput): Promise<void> {
  input.log('cluster stages: not wired yet')
}
