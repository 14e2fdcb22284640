import * as core from '@actions/core'
import { errorMessage, UserError } from '../lib/action/errors.js'
import type { TransferStats } from '../lib/oci/client.js'
import { appendSummary } from '../lib/summary/write.js'
import { createClients } from './clients.js'
import { readInputs } from './inputs.js'
import { execute, prepare, refusalMessage } from './promote.js'
import { referrerCount } from './referrers.js'
import { renderStopped, renderSummary, runContext, type SummaryData } from './summary.js'

export async function main(): Promise<void> {
  const config = readInputs()
  const clients = createClients(config)
  const prepared = await prepare(config, clients).catch(async (error: unknown) => {
    await appendSummary(renderStopped(config.source, errorMessage(error), runContext()))
    throw error
  })
  const { plan } = prepared
  core.setOutput('digest', plan.digest)
  const unchanged = plan.targets.filter((t) => t.action === 'unchanged').map((t) => t.target.name)
  const summary = (extra: Partial<SummaryData>): SummaryData => ({
    source: config.source,
    plan,
    ...(config.expectedDigest !== undefined && { expectedDigest: config.expectedDigest }),
    dryRun: config.dryRun,
    referrers: prepared.referrers ? referrerCount(prepared.referrers) : 0,
    copyReferrers: config.copyReferrers,
    ...(prepared.required && { required: prepared.required }),
    warnings: [],
    run: runContext(),
    ...extra
  })
  for (const t of plan.targets) core.info(`${t.target.name}: ${t.action}${t.action === 'create' || t.action === 'move' ? ` (${t.transfer})` : ''}`)

  if (plan.refused.length > 0) {
    const message = refusalMessage(plan)
    await appendSummary(renderSummary(summary({ failure: message })))
    throw new UserError(message)
  }
  if (config.dryRun) {
    core.setOutput('promoted', '[]')
    core.setOutput('unchanged', JSON.stringify(unchanged))
    await appendSummary(renderSummary(summary({})))
    return
  }
  const written: string[] = []
  try {
    const executed = await execute(prepared, config, clients, written)
    for (const warning of executed.warnings) core.warning(warning)
    core.setOutput('promoted', JSON.stringify(executed.promoted))
    core.setOutput('unchanged', JSON.stringify(unchanged))
    await appendSummary(renderSummary(summary({ warnings: executed.warnings, stats: totalStats(clients.all().map((c) => c.stats)) })))
  } catch (error) {
    core.setOutput('promoted', JSON.stringify(written))
    core.setOutput('unchanged', JSON.stringify(unchanged))
    await appendSummary(renderSummary(summary({ failure: errorMessage(error), written, stats: totalStats(clients.all().map((c) => c.stats)) })))
    throw error
  }
}

function totalStats(all: TransferStats[]): TransferStats {
  return all.reduce(
    (sum, s) => ({
      blobsMounted: sum.blobsMounted + s.blobsMounted,
      blobsCopied: sum.blobsCopied + s.blobsCopied,
      blobsSkipped: sum.blobsSkipped + s.blobsSkipped,
      bytesCopied: sum.bytesCopied + s.bytesCopied,
      manifestsWritten: sum.manifestsWritten + s.manifestsWritten
    }),
    { blobsMounted: 0, blobsCopied: 0, blobsSkipped: 0, bytesCopied: 0, manifestsWritten: 0 }
  )
}
