/**
 * health-rollback reaction times, in the emulated cluster's time: from the first failing signal to the rollback
 * request (the undo PATCH) and to the restored rollout (the previous image Ready on every replica).
 * - pull failure: web:bad fails to pull 1 s after its pods start; the signal is the first pod status with
 *   ErrImagePull (seen by the emulator's store), the action reacts to it through its pod watch.
 * - failing probes: /healthz turns 503 right after a good rollout, probe-interval 10 s, failure-threshold 3; the
 *   deciding signal is the 3rd failed probe in a row, the first signal the 1st.
 * Target: the rollback request within one probe interval (10 s) of the deciding signal. Emulated time runs 10x real
 * time (auto mode, 10 ms ticks: 100 ms resolution); the action's clock reads the emulator's.
 */
import type { Clock } from '../src/health-rollback/clock.js'
import { runHealthRollback } from '../src/health-rollback/run.js'
import { configFor, deploymentManifest } from '../test/integration/health-rollback/setup.js'
import { startEmulator, type Emulator } from '../test/support/k8s-emulator/index.js'
import { startHealthService, type HealthService } from '../test/support/services/health-service.js'
import { median, report, type Row } from './support/report.js'

const SPEED = 10
const INTERVAL_MS = 10_000
const RUNS = 5

function clockOf(emulator: Emulator): Clock {
  return { now: () => emulator.clock.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms / SPEED)) }
}

async function cluster(next: string): Promise<Emulator> {
  const emulator = await startEmulator({ images: { 'web:bad': { failure: 'ImagePullBackOff', failAfterMs: 1000 } } })
  emulator.store.create(deploymentManifest('web', 'web:1', { replicas: 3 }))
  emulator.clock.advance(10_000)
  const d = emulator.store.get('Deployment', 'default', 'web')!
  emulator.store.replace({ ...d, spec: { ...d.spec, template: { ...d.spec.template, spec: { containers: [{ name: 'app', image: next }] } } } })
  return emulator
}

async function once(next: string, service: HealthService, inputs: Record<string, string>) {
  const emulator = await cluster(next)
  let pullFailureAt: number | undefined
  emulator.store.subscribe((change) => {
    const statuses = change.kind === 'Pod' ? (change.object.status?.containerStatuses ?? []) : []
    if (pullFailureAt === undefined && statuses.some((s: { state?: { waiting?: { reason?: string } } }) => s.state?.waiting?.reason === 'ErrImagePull')) pullFailureAt = change.at
  })
  emulator.clock.auto(SPEED)
  try {
    const config = configFor({ kubeconfig: emulator.kubeconfig, deployment: 'web', 'health-urls': service.healthUrl, 'probe-interval': `${INTERVAL_MS}ms`, probes: '10', ...inputs })
    const result = await runHealthRollback(config, { clock: clockOf(emulator), log: () => {} })
    const probes = result.events.filter((e) => e.kind === 'probe' && !e.ok)
    if (!result.rolledBack) throw new Error(`expected a rollback: ${result.failure ?? result.reason}`)
    return { result, pullFailureAt, firstFailedProbe: probes[0]?.at, decidingProbe: probes.at(-1)?.at }
  } finally {
    await emulator.stop()
  }
}

const service = await startHealthService({ name: 'web' })
const rows: Row[] = []
try {
  const pull = { request: [] as number[], restored: [] as number[] }
  for (let i = 0; i < RUNS; i++) {
    const { result, pullFailureAt } = await once('web:bad', service, {})
    pull.request.push(result.marks.rollbackRequestedAt! - pullFailureAt!)
    pull.restored.push(result.marks.restoredAt! - pullFailureAt!)
  }
  await service.set({ healthStatus: 503 })
  const probe = { fromDeciding: [] as number[], fromFirst: [] as number[], restored: [] as number[] }
  for (let i = 0; i < RUNS; i++) {
    const { result, firstFailedProbe, decidingProbe } = await once('web:1b', service, {})
    probe.fromDeciding.push(result.marks.rollbackRequestedAt! - decidingProbe!)
    probe.fromFirst.push(result.marks.rollbackRequestedAt! - firstFailedProbe!)
    probe.restored.push(result.marks.restoredAt! - decidingProbe!)
  }
  const within = { max: INTERVAL_MS, of: 'value' as const, text: `<= ${INTERVAL_MS} ms (one probe interval)` }
  rows.push(
    { case: 'pull failure → rollback request', value: median(pull.request), unit: 'ms', target: within },
    { case: 'pull failure → restored rollout', value: median(pull.restored), unit: 'ms' },
    { case: 'deciding failed probe → rollback request', value: median(probe.fromDeciding), unit: 'ms', target: within },
    { case: 'first failed probe → rollback request', value: median(probe.fromFirst), unit: 'ms' },
    { case: 'deciding failed probe → restored rollout', value: median(probe.restored), unit: 'ms' }
  )
} finally {
  await service.stop()
}
const met = report(`health-rollback reaction, emulated ms (median of ${RUNS}; failure-threshold 3, probe-interval ${INTERVAL_MS / 1000} s)`, rows)
process.exit(met ? 0 : 1)
