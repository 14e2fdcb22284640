/** action: run — the whole rollout in this job: the blue-green switch, or a new canary walked through every step to 100%. */
import { switchToGreen } from '../blue-green.js'
import { beginCanary } from '../canary-begin.js'
import { walkSchedule } from '../canary-walk.js'
import type { Invocation } from '../invocation.js'
import type { Report } from '../report.js'

export async function rollOut(inv: Invocation): Promise<Report> {
  if (inv.inputs.strategy === 'blue-green') return switchToGreen(inv)
  const begun = await beginCanary(inv)
  if (begun.kind === 'done') return begun.report
  return walkSchedule(inv, begun.ctx, begun.state, { prepareRouting: true, holdAt: undefined })
}
