/**
 * The report phase: the outputs (digest, promoted, unchanged), warnings and the job summary; then the step fails if
 * the promotion was refused or stopped part-way (the error line, like the summary, names the targets written and
 * those not). A promotion stopped before its plan gets a summary of its own.
 */
import { cosignSignerFlags, signerPhrase } from '../lib/signing/trust.js'
import * as core from '../lib/action/runner.js'
import { errorMessage, UserError } from '../lib/action/errors.js'
import type { TransferStats } from '../lib/oci/client.js'
import { appendSummary } from '../lib/summary/write.js'
import type { Clients } from './clients.js'
import type { PromoteArtifactInputs } from './inputs.js'
import type { Promotion } from './plan-targets.js'
import { stoppedMessage } from './plan.js'
import { referrerCount } from './referrers.js'
import { renderStopped, renderSummary, type SummaryData } from './summary.js'
import type { WriteOutcome } from './write-targets.js'

export async function report(inputs: PromoteArtifactInputs, promotion: Promotion, outcome: WriteOutcome, clients: Clients): Promise<void> {
  const { plan } = promotion
  core.setOutput('digest', plan.digest)
  const unchanged = plan.targets.filter((t) => t.action === 'unchanged').map((t) => t.target.name)
  const setTargetOutputs = (promoted: string[]): void => {
    core.setOutput('promoted', JSON.stringify(promoted))
    core.setOutput('unchanged', JSON.stringify(unchanged))
  }
  const summary = (extra: Partial<SummaryData>): string =>
    renderSummary({
      source: inputs.source,
      plan,
      ...(inputs.expectedDigest !== undefined && { expectedDigest: inputs.expectedDigest }),
      dryRun: inputs.dryRun,
      referrers: promotion.referrers ? referrerCount(promotion.referrers) : 0,
      copyReferrers: inputs.copyReferrers,
      ...(promotion.required && { required: promotion.required }),
      ...(promotion.signature && { signature: promotion.signature }),
      ...(promotion.provenance && { provenance: promotion.provenance }),
      ...(promotion.sbom && { sbom: promotion.sbom }),
      ...(inputs.verify.signer && { verifiedBy: { phrase: signerPhrase(inputs.verify.signer), flags: cosignSignerFlags(inputs.verify.signer) } }),
      signMode: inputs.signing.mode,
      warnings: [],
      run: inputs.run,
      ...extra
    })
  switch (outcome.kind) {
    case 'refused':
      await appendSummary(summary({ failure: outcome.message }))
      throw new UserError(outcome.message)
    case 'dry-run':
      setTargetOutputs([])
      await appendSummary(summary({}))
      return
    case 'written':
      for (const warning of outcome.warnings) core.warning(warning)
      setTargetOutputs(outcome.promoted)
      core.setOutput('signatures', JSON.stringify(outcome.signatures))
      await appendSummary(summary({ warnings: outcome.warnings, stats: totalStats(clients), signed: outcome.signatures }))
      return
    case 'stopped': {
      setTargetOutputs(outcome.written)
      const message = stoppedMessage(plan, errorMessage(outcome.error), outcome.written)
      await appendSummary(summary({ failure: message, written: outcome.written, stats: totalStats(clients) }))
      throw withMessage(outcome.error, message)
    }
  }
}

/** The same failure (a user error, or a bug with its stack) with the message that names the targets. */
function withMessage(error: unknown, message: string): Error {
  if (error instanceof UserError) return new UserError(message)
  const bug = new Error(message)
  if (error instanceof Error && error.stack) bug.stack = error.stack
  return bug
}

/** A promotion that stopped before its plan (missing source, digest mismatch, refused credentials, ...). */
export async function reportStopped(inputs: PromoteArtifactInputs, error: unknown): Promise<never> {
  await appendSummary(renderStopped(inputs.source, errorMessage(error), inputs.run))
  throw error
}

function totalStats(clients: Clients): TransferStats {
  return clients
    .all()
    .map((c) => c.stats)
    .reduce(
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
