/**
 * (4) canary-deploy and (5) health-rollback on the emulated cluster. The emulator holds the Deployments and pods;
 * the kubelet runs a real process of the example service per Ready pod; real Prometheus scrapes them; steady user
 * traffic goes through the Service. Detection and restore times come from the cluster's state changes and the
 * answers users got, never from log text.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startEmulator, type Emulator, type KObject } from '../../test/support/k8s-emulator/index.js'
import { onCleanup } from '../cleanup.js'
import type { Release, StageFn } from '../pipeline.js'
import type { DemoReport } from '../report.js'
import type { StageLog } from '../stage.js'
import { ImageUnpacker } from './image-root.js'
import { Kubelet } from './kubelet.js'
import { startDemoPrometheus } from './prometheus.js'
import { Traffic } from './traffic.js'

export interface ClusterStagesInput {
  stable: Release
  good: Release
  bad: Release
  /** The Node base image the releases are built on (its layers are this machine's Node). */
  base: string
  report: DemoReport
  stage: StageFn
  log: StageLog
}

const REPLICAS = 4
const POD = (name: string) => `namespace="{{namespace}}",pod=~"${name}-[a-z0-9]+-[a-z0-9]+",path="/"`
/** Share of 5xx answers over the last WINDOW; 0 when there were requests but no errors. */
const WINDOW_S = 5
const errorRate = (pods: string) => `(sum(rate(http_requests_total{${pods},code=~"5.."}[${WINDOW_S}s])) or vector(0)) / sum(rate(http_requests_total{${pods}}[${WINDOW_S}s]))`

interface DeploymentWrite {
  at: number
  name: string
  type: string
  replicas: number
  image: string
}

export async function runClusterStages({ stable, good, bad, base, report, stage, log }: ClusterStagesInput): Promise<void> {
  log('Starting the emulated cluster, Prometheus, and a process of the example service per Ready pod...')
  const emulator = await startEmulator({ clock: { mode: 'auto', speed: 5 } })
  onCleanup('kubernetes emulator', emulator.stop)
  const prometheus = await startDemoPrometheus('1s')
  onCleanup('prometheus', prometheus.stop)
  report.endpoints.kubernetes = emulator.url
  report.endpoints.prometheus = `${prometheus.url}/-/ready`
  const imagesDir = mkdtempSync(path.join(tmpdir(), 'demo-images-'))
  onCleanup('unpacked images', () => rmSync(imagesDir, { recursive: true, force: true }))
  const kubelet = new Kubelet(emulator, new ImageUnpacker(imagesDir, base), prometheus.targetsFile)
  onCleanup('pod processes', () => kubelet.stop())
  const writes = recordDeploymentWrites(emulator)

  emulator.store.create(deployment('web', stable.imageRef))
  emulator.store.create(service('web'))
  await waitFor(() => kubelet.serving().filter((p) => p.version === stable.version).length === REPLICAS, 60_000, 'the 0.9.0 pods to serve')
  const traffic = new Traffic(kubelet, { app: 'web' }, 40)
  report.endpoints.pod = kubelet.serving()[0]!.url
  onCleanup('traffic', () => traffic.stop())
  log(`Production runs ${stable.version} on ${REPLICAS} pods; 40 requests/s of user traffic through the Service.`)
  await sleep(3000)

  const canaryInputs = (image: string) => ({
    kubeconfig: emulator.kubeconfig,
    deployment: 'web',
    image,
    steps: '5:3s,25:3s,50:3s,100',
    'analysis-interval': '1s',
    'prometheus-url': prometheus.url,
    metrics: `error-rate: ${errorRate(POD('{{canary}}'))} < 0.05`,
    'inconclusive-timeout': '20s',
    'rollout-timeout': '60s'
  })

  // (4a) The good release: promoted through every step.
  await stage(`canary-deploy ${good.version}`, 'canary-deploy', { inputs: canaryInputs(good.imageRef) }, (run) => ({
    result: run.outputs.result === 'promoted' ? 'promoted' : run.outputs.result === 'aborted' ? 'aborted' : 'failed',
    detail: `weight ${run.outputs.weight ?? '?'} %${run.outputs['aborted-reason'] ? `: ${run.outputs['aborted-reason']}` : ''}`,
    expected: run.outputs.result === 'promoted'
  }))
  report.leadTimeMs = Date.now() - Date.parse(good.commit.timestamp)
  await waitFor(() => kubelet.serving().every((p) => p.version === good.version), 30_000, `only ${good.version} pods to serve`)
  // The pod-name queries match any `web-canary-*` pod: let the last canary's samples leave the window first.
  await sleep((WINDOW_S + 2) * 1000)

  // (4b) The faulty release: aborted at its first step.
  const canaryStart = Date.now()
  await stage(`canary-deploy ${bad.version} (faulty)`, 'canary-deploy', { inputs: canaryInputs(bad.imageRef) }, (run) => {
    const weights = measuredWeights(run.outputs.analysis)
    const firstStep = weights.length > 0 && weights.every((w) => w === 5)
    return {
      result: run.outputs.result === 'aborted' ? 'aborted' : run.outputs.result === 'promoted' ? 'promoted' : 'failed',
      detail: `aborted at ${weights.length > 0 ? Math.max(...weights) : '?'} %, weight now ${run.outputs.weight ?? '?'} %: ${run.outputs['aborted-reason'] ?? ''}`,
      expected: run.outputs.result === 'aborted' && run.outputs.weight === '0' && firstStep
    }
  })
  await sleep(1500)
  const canaryServed = traffic.between(canaryStart, Date.now())
  const canaryFaulty = canaryServed.filter((s) => s.version === bad.version)
  if (canaryFaulty.length > 0) {
    const first = canaryFaulty[0]!.at
    const corrective = writes.find((w) => w.at >= first && w.name === 'web-canary' && (w.type === 'DELETED' || w.replicas === 0))
    report.canaryDetectMs = corrective ? corrective.at - first : undefined
    report.canaryRestoreMs = canaryFaulty.at(-1)!.at - first
  }
  report.faultyShare = { canary: canaryFaulty.length / Math.max(1, canaryServed.length), canaryRequests: canaryServed.length }

  // (5) A bad full deploy (as `kubectl set image` would do it), then the health check rolls it back.
  const web = emulator.store.get('Deployment', 'default', 'web')!
  web.spec.template.spec.containers[0].image = bad.imageRef
  emulator.store.replace(web)
  const deployedAt = Date.now()
  await stage(`health-rollback after a full deploy of ${bad.version}`, 'health-rollback', {
    inputs: {
      kubeconfig: emulator.kubeconfig,
      deployment: 'web',
      'expected-image': bad.imageRef,
      'rollout-timeout': '60s',
      'health-urls': '',
      'prometheus-url': prometheus.url,
      metrics: `error-rate: ${errorRate(POD('web').replace('{{namespace}}', 'default'))} < 0.05`,
      'no-data': 'ignore',
      probes: '15',
      'probe-interval': '1s',
      'failure-threshold': '2'
    }
  }, (run) => ({
    result: run.outputs['rolled-back'] === 'true' ? 'rolled back' : run.outputs.healthy === 'true' ? 'passed' : 'failed',
    detail: `revision ${run.outputs['from-revision'] ?? '?'} → ${run.outputs['to-revision'] || '?'}: ${run.outputs.reason ?? ''}`,
    expected: run.outputs['rolled-back'] === 'true' && run.outputs.healthy === 'false'
  }))
  await sleep(1500)
  const fullServed = traffic.between(deployedAt, Date.now())
  const fullFaulty = fullServed.filter((s) => s.version === bad.version)
  if (fullFaulty.length > 0) {
    const first = fullFaulty[0]!.at
    const corrective = writes.find((w) => w.at >= first && w.name === 'web' && w.image !== bad.imageRef)
    report.rollbackDetectMs = corrective ? corrective.at - first : undefined
    report.rollbackRestoreMs = fullFaulty.at(-1)!.at - first
  }
  report.faultyShare.fullDeploy = fullFaulty.length / Math.max(1, fullServed.length)
  report.faultyShare.fullDeployRequests = fullServed.length
  traffic.stop()
}

function recordDeploymentWrites(emulator: Emulator): DeploymentWrite[] {
  const writes: DeploymentWrite[] = []
  emulator.store.subscribe((change) => {
    if (change.kind !== 'Deployment' || !change.external) return
    writes.push({ at: Date.now(), name: change.object.metadata.name ?? '', type: change.type, replicas: change.object.spec?.replicas ?? 0, image: change.object.spec?.template?.spec?.containers?.[0]?.image ?? '' })
  })
  return writes
}

function measuredWeights(analysis: string | undefined): number[] {
  try {
    return (JSON.parse(analysis ?? '[]') as { weight: number }[]).map((m) => m.weight)
  } catch {
    return []
  }
}

function deployment(name: string, image: string): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      replicas: REPLICAS,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image, ports: [{ containerPort: 8080 }] }] } }
    }
  } as KObject
}

function service(name: string): KObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }] } } as KObject
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`)
    await sleep(100)
  }
}
