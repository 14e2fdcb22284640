/**
 * action: promote — the canary held by an earlier `action: start` continues from its recorded weight (and traffic
 * method, canary, image) through the rest of this run's schedule to 100%; a kept blue-green switch is finalized.
 */
import { UserError } from '../../lib/action/errors.js'
import { finalize } from '../blue-green.js'
import { walkSchedule } from '../canary-walk.js'
import { ConcurrentCanary } from '../cluster.js'
import type { Invocation } from '../invocation.js'
import type { Report } from '../report.js'
import { describeRecordedTemplate } from '../stable.js'
import type { CanaryState } from '../state.js'
import { contextFromState } from '../traffic-context.js'

export async function promoteHeld(inv: Invocation): Promise<Report> {
  const { inputs, cluster, found, report, rt } = inv
  if (!found) throw new UserError(`Input 'action': 'promote' needs a canary started by 'action: start', but Deployment ${inputs.deployment} records none.`)
  if (found.phase !== 'holding') throw new UserError(`Input 'action': the canary of run ${found.owner} is ${found.phase}, not holding; only a holding canary can be promoted.`)
  if (found.strategy === 'blue-green') {
    report.restored.push(...(await finalize(inputs, cluster, found, rt)))
    report.result = 'promoted'
    report.weight = 100
    report.previousImage = found.previousImage
    report.image = found.image
    return report
  }
  report.previousImage = found.previousImage
  report.image = found.image
  if (found.images) report.images = found.images
  describeRecordedTemplate(report, inv.stable, found)
  // The claim passes to this run, unless another run took the canary since it was read.
  const state: CanaryState = { ...found, phase: 'progressing', owner: rt.owner }
  await cluster.writeState(inputs.deployment, (current) => {
    if (current?.owner !== found.owner) throw new ConcurrentCanary(`Deployment ${inputs.deployment}: the canary changed hands while promoting (now ${current?.owner ?? 'none'}).`)
  }, state)
  return walkSchedule(inv, contextFromState(inputs, cluster, state, rt.log), state, { prepareRouting: false, holdAt: undefined })
}
