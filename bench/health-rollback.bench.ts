/**
 * health-rollback reaction times on the real local cluster (local/cluster), in real time: from the first failing
 * signal to the rollback request (the action starting `rollout undo`) and to the restored rollout (the previous image
 * Ready on every replica). `web` has 3 replicas of the test service (test/fixtures/kube-service).
 * - pull failure: the new version names a tag the registry does not have; the signal is the first pod status with
 *   ErrImagePull as a watch of this process sees it (the kubelet's report, through the API server); the action
 *   reacts to it through its own pod watch.
 * - failing probes: version 'bad' rolls out (Ready: its /healthz answers) but answers 500 on /; health-urls are its
 *   pods, probe-interval 2 s, failure-threshold 3; the deciding signal is the 3rd failed probe in a row, the first
 *   signal the 1st.
 * Target: the rollback request within one probe interval of the deciding signal. Both ends are read from this
 * process's clock (the action runs in-process on the real clock).
 */
import { Watch, type V1Pod } from '@kubernetes/client-node'
import { realClock } from '../src/health-rollback/clock.js'
import { healthRollback } from '../src/health-rollback/main.js'
import { inputsFor, deploy, podUrls, startWeb, waitRolledOut, type Web } from '../local/scenarios/health-rollback.js'
import { median, report, type Row } from './support/report.js'

const INTERVAL_MS = 2000
const RUNS = 5
const REPLICAS = 3

function check(web: Web, inputs: Record<string, string>) {
  return healthRollback(inputsFor({ kubeconfig: web.kubeconfig, deployment: 'web', 'probe-interval': `${INTERVAL_MS}ms`, probes: '10', ...inputs }), { clock: realClock, log: () => {} })
}

function rolledBack(result: Awaited<ReturnType<typeof check>>) {
  if (!result.rolledBack) throw new Error(`expected a rollback: ${result.failure ?? result.reason}`)
  return result
}

/** When this process first sees a pod of the namespace waiting with ErrImagePull. */
async function watchPullFailure(web: Web): Promise<{ at: () => number | undefined; stop: () => void }> {
  let at: number | undefined
  const watch = await new Watch(web.kube.kc).watch(
    `/api/v1/namespaces/${web.kube.namespace}/pods`,
    {},
    (_type, pod: V1Pod) => {
      if (at === undefined && pod.status?.containerStatuses?.some((s) => s.state?.waiting?.reason === 'ErrImagePull')) at = Date.now()
    },
    () => {}
  )
  return { at: () => at, stop: () => watch.abort() }
}

async function pullFailure() {
  const web = await startWeb()
  try {
    const pulls = await watchPullFailure(web)
    await deploy(web, [web.image('1'), web.image('missing')], { spec: { replicas: REPLICAS } })
    const result = rolledBack(await check(web, {}))
    pulls.stop()
    return { result, pullFailureAt: pulls.at()! }
  } finally {
    await web.close()
  }
}

async function failingProbes() {
  const web = await startWeb()
  try {
    await deploy(web, [web.image('1'), web.image('bad')], { spec: { replicas: REPLICAS } })
    await waitRolledOut(web)
    const result = rolledBack(await check(web, { 'health-urls': (await podUrls(web, '/')).join('\n') }))
    const failed = result.events.filter((e) => e.kind === 'probe' && !e.ok)
    return { result, firstFailedProbe: failed[0]!.at, decidingProbe: failed.at(-1)!.at }
  } finally {
    await web.close()
  }
}

const pull = { request: [] as number[], restored: [] as number[] }
for (let i = 0; i < RUNS; i++) {
  const { result, pullFailureAt } = await pullFailure()
  pull.request.push(result.marks.rollbackRequestedAt! - pullFailureAt)
  pull.restored.push(result.marks.restoredAt! - pullFailureAt)
}
const probe = { fromDeciding: [] as number[], fromFirst: [] as number[], restored: [] as number[] }
for (let i = 0; i < RUNS; i++) {
  const { result, firstFailedProbe, decidingProbe } = await failingProbes()
  probe.fromDeciding.push(result.marks.rollbackRequestedAt! - decidingProbe)
  probe.fromFirst.push(result.marks.rollbackRequestedAt! - firstFailedProbe)
  probe.restored.push(result.marks.restoredAt! - decidingProbe)
}
const within = { max: INTERVAL_MS, of: 'value' as const, text: `<= ${INTERVAL_MS} ms (one probe interval)` }
const rows: Row[] = [
  { case: 'pull failure → rollback request', value: median(pull.request), unit: 'ms', target: within },
  { case: 'pull failure → restored rollout', value: median(pull.restored), unit: 'ms' },
  { case: 'deciding failed probe → rollback request', value: median(probe.fromDeciding), unit: 'ms', target: within },
  { case: 'first failed probe → rollback request', value: median(probe.fromFirst), unit: 'ms' },
  { case: 'deciding failed probe → restored rollout', value: median(probe.restored), unit: 'ms' }
]
const title = `health-rollback reaction on the real cluster, ms (median of ${RUNS}; ${REPLICAS} replicas, failure-threshold 3, probe-interval ${INTERVAL_MS / 1000} s)`
process.exit(report(title, rows) ? 0 : 1)
