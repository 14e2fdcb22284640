/**
 * (4) canary-deploy and (5) health-rollback, on whichever cluster the demo targets (target.ts), through its API only:
 * a namespace of its own (deleted at the end), the example service's Deployment and Service, real Prometheus
 * scraping the pods through the API server, and steady user traffic: through the cluster's Gateway with an HTTPRoute
 * that canary-deploy weights (traffic: gateway-api) when the cluster has one (the local cluster's Traefik), else
 * through the Service with the split by replicas. Detection and restore times come from the Deployments' and the
 * route's changes (watches) and the answers users got, never from log text.
 */
import { AppsV1Api, CoreV1Api, KubernetesObjectApi, PatchStrategy, setHeaderOptions, Watch, type V1Deployment } from '@kubernetes/client-node'
import { randomBytes } from 'node:crypto'
import { weightOf, type WeightedRoute } from '../../local/kube/gateway-traffic.js'
import { onCleanup } from '../cleanup.js'
import type { Release, StageFn } from '../pipeline.js'
import type { DemoReport } from '../report.js'
import type { StageLog } from '../stage.js'
import { ApiServer } from './api-server.js'
import { startDemoPrometheus } from './prometheus.js'
import type { DemoCluster } from './target.js'
import { throughGateway, throughServiceProxy, Traffic, versionIn } from './traffic.js'

export interface ClusterStagesInput {
  cluster: DemoCluster
  /** Image references as the cluster pulls them. */
  stable: Release
  good: Release
  bad: Release
  report: DemoReport
  stage: StageFn
  log: StageLog
}

const REPLICAS = 4
const PORT = 8080
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

export async function runClusterStages({ cluster, stable, good, bad, report, stage, log }: ClusterStagesInput): Promise<void> {
  const { kubeconfig } = cluster
  const apps = kubeconfig.makeApiClient(AppsV1Api)
  const core = kubeconfig.makeApiClient(CoreV1Api)
  const namespace = `pipeline-demo-${randomBytes(3).toString('hex')}`
  log(`Kubernetes: ${cluster.description}; the demo works in namespace ${namespace} and deletes it at the end.`)
  await core.createNamespace({ body: { metadata: { name: namespace, labels: { 'app.kubernetes.io/managed-by': 'pipeline-actions-demo' } } } })
  onCleanup(`namespace ${namespace}`, async () => void (await core.deleteNamespace({ name: namespace, propagationPolicy: 'Background' })))
  report.cluster = { mode: cluster.mode, description: cluster.description, namespace }

  const apiServer = await ApiServer.connect(kubeconfig)
  onCleanup('API server connections', () => apiServer.close())
  const writes = await recordDeploymentWrites(cluster, namespace)

  await apps.createNamespacedDeployment({ namespace, body: deployment('web', stable) })
  await core.createNamespacedService({ namespace, body: { metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: PORT }] } } })
  const { gateway } = cluster
  const host = `${namespace}.demo.test`
  if (gateway) await createRoute(cluster, namespace, host)
  const routeWrites = gateway ? await recordRouteWrites(cluster, namespace) : []
  report.canaryTraffic = gateway ? 'gateway-api' : 'replicas'
  log(`Waiting for ${REPLICAS} pods of ${stable.version}...`)
  await waitFor(async () => available(await apps.readNamespacedDeployment({ name: 'web', namespace }), REPLICAS), 180_000, `the ${stable.version} pods to be available`)

  log(`Starting Prometheus (scraping the pods through the API server) and 40 requests/s of user traffic ${gateway ? `through the Gateway at ${gateway.url} (host ${host})` : 'through the Service'}...`)
  const prometheus = await startDemoPrometheus({ kubeconfig, apiServer, namespace, metricsPort: PORT })
  onCleanup('prometheus', prometheus.stop)
  report.endpoints.prometheus = `${prometheus.url}/-/ready`
  const viaGateway = gateway ? throughGateway(gateway.url, host) : undefined
  const traffic = new Traffic(viaGateway ?? throughServiceProxy(apiServer, `/api/v1/namespaces/${namespace}/services/web:80/proxy/`), 40, versionIn)
  onCleanup('traffic', () => (traffic.stop(), viaGateway?.close()))
  await waitFor(async () => traffic.served.filter((s) => s.version === stable.version).length >= 20, 30_000, `users to get answers from ${stable.version}`)
  log(`Production runs ${stable.version} on ${REPLICAS} pods.`)
  await sleep(3000)

  const canaryInputs = (image: string) => ({
    kubeconfig: cluster.kubeconfigText,
    namespace,
    deployment: 'web',
    image,
    steps: '5:4s,25:4s,50:4s,100',
    'analysis-interval': '2s',
    'prometheus-url': prometheus.url,
    metrics: `error-rate: ${errorRate(POD('{{canary}}'))} < 0.05`,
    'inconclusive-timeout': '20s',
    'rollout-timeout': '120s',
    ...(gateway ? { traffic: 'gateway-api', 'http-route': 'web' } : {})
  })

  // (4a) The good release: promoted through every step.
  await stage(`canary-deploy ${good.version}`, 'canary-deploy', { inputs: canaryInputs(good.imageRef) }, (run) => ({
    result: run.outputs.result === 'promoted' ? 'promoted' : run.outputs.result === 'aborted' ? 'aborted' : 'failed',
    detail: `weight ${run.outputs.weight ?? '?'} %${run.outputs['aborted-reason'] ? `: ${run.outputs['aborted-reason']}` : ''}`,
    expected: run.outputs.result === 'promoted'
  }))
  report.leadTimeMs = Date.now() - Date.parse(good.commit.timestamp)
  await waitFor(async () => onlyVersion(traffic, good.version), 60_000, `only ${good.version} to answer`)
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
    // The abort's first write: the route back to stable (gateway), or the canary's pods removed (replicas).
    const corrective = [
      ...writes.filter((w) => w.name === 'web-canary' && (w.type === 'DELETED' || w.replicas === 0)).map((w) => w.at),
      ...routeWrites.filter((w) => w.canaryWeight === 0).map((w) => w.at)
    ]
      .filter((at) => at >= first)
      .sort((a, b) => a - b)[0]
    report.canaryDetectMs = corrective === undefined ? undefined : corrective - first
    report.canaryRestoreMs = canaryFaulty.at(-1)!.at - first
  }
  report.faultyShare = { canary: canaryFaulty.length / Math.max(1, canaryServed.length), canaryRequests: canaryServed.length, canaryFaultyRequests: canaryFaulty.length }

  // (5) A bad full deploy (as `kubectl set image` would do it), then the health check rolls it back.
  await apps.patchNamespacedDeployment(
    { name: 'web', namespace, body: [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: bad.imageRef }] },
    setHeaderOptions('Content-Type', PatchStrategy.JsonPatch)
  )
  const deployedAt = Date.now()
  await stage(`health-rollback after a full deploy of ${bad.version}`, 'health-rollback', {
    inputs: {
      kubeconfig: cluster.kubeconfigText,
      namespace,
      deployment: 'web',
      'expected-image': bad.imageRef,
      'rollout-timeout': '120s',
      'health-urls': '',
      'prometheus-url': prometheus.url,
      metrics: `error-rate: ${errorRate(POD('web').replace('{{namespace}}', namespace))} < 0.05`,
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
  report.faultyShare.fullDeployFaultyRequests = fullFaulty.length
  traffic.stop()
}

/** The HTTPRoute users reach the service by, on the cluster's Gateway; waits until the Gateway has accepted it. */
async function createRoute(cluster: DemoCluster, namespace: string, host: string): Promise<void> {
  const objects = cluster.kubeconfig.makeApiClient(KubernetesObjectApi)
  const route = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'web', namespace },
    spec: {
      parentRefs: [{ name: cluster.gateway!.name, namespace: cluster.gateway!.namespace }],
      hostnames: [host],
      rules: [{ backendRefs: [{ name: 'web', port: 80 }] }]
    }
  }
  await objects.create(route)
  await waitFor(
    async () => {
      const current = (await objects.read(route)) as { status?: { parents?: { conditions?: { type: string; status: string }[] }[] } }
      return current.status?.parents?.some((p) => p.conditions?.some((c) => c.type === 'Accepted' && c.status === 'True')) ?? false
    },
    30_000,
    `the Gateway ${cluster.gateway!.namespace}/${cluster.gateway!.name} to accept HTTPRoute web`
  )
}

interface RouteWrite {
  at: number
  /** The weight of the canary Service in the route (0 when it has none). */
  canaryWeight: number
}

/** Every change of the canary's weight in HTTPRoute web, with the time the demo saw it. */
async function recordRouteWrites(cluster: DemoCluster, namespace: string): Promise<RouteWrite[]> {
  const writes: RouteWrite[] = []
  const watch = new Watch(cluster.kubeconfig)
  const controller = await watch.watch(
    `/apis/gateway.networking.k8s.io/v1/namespaces/${namespace}/httproutes`,
    {},
    (_type: string, route: WeightedRoute) => {
      const canaryWeight = weightOf(route, 'web-canary')
      if (writes.at(-1)?.canaryWeight !== canaryWeight) writes.push({ at: Date.now(), canaryWeight })
    },
    () => undefined
  )
  onCleanup('route watch', () => controller.abort())
  return writes
}

/** Every change of a Deployment's replicas or image in the namespace, with the time the demo saw it. */
async function recordDeploymentWrites(cluster: DemoCluster, namespace: string): Promise<DeploymentWrite[]> {
  const writes: DeploymentWrite[] = []
  const seen = new Map<string, string>()
  const watch = new Watch(cluster.kubeconfig)
  let stopped = false
  const start = async (): Promise<void> => {
    const controller = await watch.watch(
      `/apis/apps/v1/namespaces/${namespace}/deployments`,
      {},
      (type: string, object: V1Deployment) => {
        const name = object.metadata?.name ?? ''
        const write = { at: Date.now(), name, type, replicas: object.spec?.replicas ?? 0, image: object.spec?.template?.spec?.containers?.[0]?.image ?? '' }
        const state = `${type === 'DELETED' ? 'deleted' : ''}/${write.replicas}/${write.image}`
        if (seen.get(name) === state) return
        seen.set(name, state)
        writes.push(write)
      },
      () => void (stopped ? undefined : start().catch(() => undefined))
    )
    onCleanup('deployment watch', () => ((stopped = true), controller.abort()))
  }
  await start()
  return writes
}

function deployment(name: string, release: Release): V1Deployment {
  return {
    metadata: { name, labels: { app: name } },
    spec: {
      replicas: REPLICAS,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'app',
              image: release.imageRef,
              ports: [{ containerPort: PORT }],
              readinessProbe: { httpGet: { path: '/healthz', port: PORT }, periodSeconds: 1 }
            }
          ]
        }
      }
    }
  }
}

const available = (d: V1Deployment, replicas: number): boolean =>
  (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 1) && d.status?.updatedReplicas === replicas && d.status?.availableReplicas === replicas

/** The last second of answers came only from `version`. */
function onlyVersion(traffic: Traffic, version: string): boolean {
  const recent = traffic.between(Date.now() - 1000, Date.now()).filter((s) => s.version !== '')
  return recent.length > 0 && recent.every((s) => s.version === version)
}

function measuredWeights(analysis: string | undefined): number[] {
  try {
    return (JSON.parse(analysis ?? '[]') as { weight: number }[]).map((m) => m.weight)
  } catch {
    return []
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function waitFor(predicate: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`)
    await sleep(250)
  }
}
