/** action: abort — the recorded canary (or blue-green switch) of whichever run is undone; also what the post step uses. */
import type { Cluster } from '../cluster.js'
import { switchBack } from '../blue-green.js'
import type { CanaryDeployInputs } from '../inputs.js'
import type { Invocation, Runtime } from '../invocation.js'
import type { Report } from '../report.js'
import { describeRecordedTemplate } from '../stable.js'
import type { CanaryState } from '../state.js'
import { restore } from '../traffic.js'
import { contextFromState } from '../traffic-context.js'

export async function abortRecorded(inv: Invocation): Promise<Report> {
  const { inputs, cluster, found, report, rt } = inv
  report.result = 'aborted'
  report.abortedReason = 'aborted by request (action: abort)'
  if (!found) {
    report.notes.push(`Deployment ${inputs.deployment} records no canary; nothing to undo.`)
    return report
  }
  report.previousImage = found.previousImage
  report.image = found.image
  if (found.images) report.images = found.images
  describeRecordedTemplate(report, inv.stable, found)
  report.history = found.history
  report.restored.push(...(await undoRecorded(inputs, cluster, found, rt)))
  report.notes.push(`The canary of run ${found.owner} (${found.phase} at ${found.weight}%) was ended.`)
  return report
}

/** Everything back to stable (blue-green: back to blue), then the recorded state removed. Returns what was done. */
export async function undoRecorded(inputs: CanaryDeployInputs, cluster: Cluster, state: CanaryState, rt: Runtime): Promise<string[]> {
  const done = state.strategy === 'blue-green' ? await switchBack(inputs, cluster, state, rt) : await restore(contextFromState(inputs, cluster, state, rt.log), state)
  await cluster.writeState(inputs.deployment, () => undefined, undefined)
  return done
}
