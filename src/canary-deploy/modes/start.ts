/**
 * action: start — a new canary walked up to hold-at and left there (its state recorded as holding) for a later job's
 * `action: promote` or `abort`. Blue-green switches as with `run`; keep-previous is what holds it.
 */
import { switchToGreen } from '../blue-green.js'
import { beginCanary } from '../canary-begin.js'
import { walkSchedule } from '../canary-walk.js'
import type { Invocation } from '../invocation.js'
import type { Report } from '../report.js'

export async function start(inv: Invocation): Promise<Report> {
  if (inv.inputs.strategy === 'blue-green') return switchToGreen(inv)
  const begun = await beginCanary(inv)
  if (begun.kind === 'done') return begun.report
  return walkSchedule(inv, begun.ctx, begun.state, { prepareRouting: true, holdAt: inv.inputs.holdAt })
}
