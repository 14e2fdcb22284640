/**
 * promote-artifact's promotion core (verify, plan, write: the functions main.ts calls) in a worker thread of the
 * bench process: warm across runs like an in-process call, but on its own event loop, so the latency proxies that
 * run on the bench's main thread (and every byte of a copy passes through them) do not share a thread with it.
 */
import { parentPort } from 'node:worker_threads'
import { createClients } from '../../src/promote-artifact/clients.js'
import { readInputs } from '../../src/promote-artifact/inputs.js'
import { planTargets } from '../../src/promote-artifact/plan-targets.js'
import { verifySource } from '../../src/promote-artifact/verify-source.js'
import { writeTargets } from '../../src/promote-artifact/write-targets.js'

export interface CoreJob {
  id: number
  inputs: Record<string, string>
  env: NodeJS.ProcessEnv
}

export type CoreResult = { id: number; ok: true } | { id: number; ok: false; error: string }

async function promote(job: CoreJob): Promise<void> {
  const inputs = readInputs((name) => job.inputs[name] ?? '', job.env)
  const clients = createClients(inputs)
  const promotion = await planTargets(inputs, clients, await verifySource(inputs, clients))
  const outcome = await writeTargets(promotion, inputs, clients)
  if (outcome.kind !== 'written') throw outcome.kind === 'stopped' ? outcome.error : new Error(`nothing written: ${outcome.kind}`)
}

// The core logs as the action would; the bench shows only its own table.
process.stdout.write = () => true
parentPort!.on('message', (job: CoreJob) => {
  promote(job).then(
    () => parentPort!.postMessage({ id: job.id, ok: true } satisfies CoreResult),
    (error: unknown) => parentPort!.postMessage({ id: job.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies CoreResult)
  )
})
