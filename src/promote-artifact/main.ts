/**
 * promote-artifact: read the inputs -> verify the source is the tested digest (and, with verify, signed by the key
 * and/or attested with a provenance of the expected source, and/or an SBOM)
 * -> plan each target (reads only) ->
 * write (content, then tags, then a read-back) -> report (outputs and job summary).
 */
import * as core from '../lib/action/runner.js'
import { createClients, type Clients } from './clients.js'
import { readInputs, type PromoteArtifactInputs } from './inputs.js'
import { planTargets, type Promotion } from './plan-targets.js'
import { report, reportStopped } from './report.js'
import { verifySource } from './verify-source.js'
import { writeTargets } from './write-targets.js'

/** The main step; the entry (index.ts) passes the inputs it has already validated. */
export async function main(inputs: PromoteArtifactInputs = readInputs()): Promise<void> {
  const clients = createClients(inputs)
  const promotion = await prepare(inputs, clients).catch((error: unknown) => core.group('Report', () => reportStopped(inputs, error)))
  const outcome = await core.group('Write', () => writeTargets(promotion, inputs, clients))
  await core.group('Report', () => report(inputs, promotion, outcome, clients))
}

/** Everything before the first write; reads only. */
async function prepare(inputs: PromoteArtifactInputs, clients: Clients): Promise<Promotion> {
  const verified = await core.group('Verify', async () => {
    const source = await verifySource(inputs, clients)
    const signed = inputs.verify.signer ? await (await import('./verify-signed.js')).verifySigned(inputs, clients, source) : {}
    return { ...source, ...signed }
  })
  return core.group('Plan', () => planTargets(inputs, clients, verified))
}
