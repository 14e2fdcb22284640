/**
 * Helpers for running canary-deploy in-process against the real local cluster, in real time: the test service's
 * images as the versions, a namespace per test, the routers' upstream CRDs, and the fault proxy where a test counts
 * the action's API requests or injects API faults.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { KubernetesObject, V1Service } from '@kubernetes/client-node'
import { parse } from 'yaml'
import { Cluster } from '../../src/canary-deploy/cluster.js'
import { runCanary } from '../../src/canary-deploy/execute.js'
import { readInputs, type CanaryDeployInputs } from '../../src/canary-deploy/inputs.js'
import type { Runtime } from '../../src/canary-deploy/invocation.js'
import type { Report } from '../../src/canary-deploy/report.js'
import { stateLeaseName } from '../../src/canary-deploy/state-lease.js'
import { readState, type CanaryState } from '../../src/canary-deploy/state.js'
import { fieldManagerOf, KubeClient } from '../../src/lib/kube/index.js'
import { createMetricsClient } from '../../src/lib/metrics/source.js'
import { GATEWAY } from '../cluster/gateway.js'
import { kubeConfigOf, localCluster } from '../kube/cluster.js'
import { installCrds, type CrdName } from '../kube/crds.js'
import { ROOT } from '../harness.js'
import { pushKubeServiceImages, type KubeImages, type KubeServiceTag } from '../kube/images.js'
import { startFaultProxy, type FaultProxy } from '../kube-fault-proxy/index.js'
import { webDeployment, webService } from '../kube/manifests.js'
import type { KubeTest } from '../kube/client.js'

const declared = (parse(readFileSync(path.join(ROOT, 'actions/canary-deploy/action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> }).inputs

/** Inputs as the runner passes them: the given values over the action.yml defaults (files relative to `workspace`). */
export function inputsFor(given: Record<string, string>, workspace?: string): CanaryDeployInputs {
  return readInputs((name) => given[name] ?? declared[name]?.default ?? '', workspace ? { GITHUB_WORKSPACE: workspace } : process.env)
}

let pushed: Promise<KubeImages> | undefined
/** The test service's images in the cluster's registry (pushed once). */
export const kubeImages = (): Promise<KubeImages> => (pushed ??= localCluster().then((cluster) => pushKubeServiceImages(cluster.registry)))

/** `<registry>/kube-service:<tag>`: '1', '2', '3' are healthy versions. */
export const image = async (tag: KubeServiceTag): Promise<string> => (await kubeImages()).ref(tag)

/** A tag the registry does not have: the kubelet's pull fails (ErrImagePull, then ImagePullBackOff). */
export const missingImage = async (): Promise<string> => `${(await localCluster()).registry}/kube-service:missing`

/** The CRDs of the router methods (Istio VirtualService, Gateway API HTTPRoute, SMI TrafficSplit). */
export const ROUTER_CRDS: CrdName[] = ['virtualservices.networking.istio.io', 'httproutes.gateway.networking.k8s.io', 'trafficsplits.split.smi-spec.io']

export const installRouterCrds = async (): Promise<void> => installCrds(await localCluster(), ROUTER_CRDS)

/** A client as the action makes one (its field manager), with short retries. */
export function clientFor(kubeconfig: string): KubeClient {
  return new KubeClient(kubeConfigOf(kubeconfig), { retry: { attempts: 5, baseDelayMs: 5, maxDelayMs: 20 }, log: () => {}, fieldManager: fieldManagerOf('canary-deploy') })
}

export type Sleep = (ms: number) => Promise<void>

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

export interface Run {
  report: Report
  log: string[]
  claimed: boolean
}

export interface RunOptions {
  /** Another way to the cluster, e.g. the fault proxy's kubeconfig; default the test namespace's. */
  kubeconfig?: string
  runId?: string
  runAttempt?: string
  claim?: string
  prometheus?: string
  /** The client to run with (e.g. one a test wraps to act between a read and a write); default clientFor(kubeconfig). */
  client?: KubeClient
  /** The workspace path inputs (`manifest`) are relative to; default the current directory. */
  workspace?: string
}

export async function runWith(kube: KubeTest, given: Record<string, string>, options: RunOptions = {}): Promise<Run> {
  const inputs = inputsFor({ deployment: 'web', ...given, ...(options.prometheus ? { 'prometheus-url': options.prometheus } : {}) }, options.workspace)
  const cluster = new Cluster(options.client ?? clientFor(options.kubeconfig ?? kube.kubeconfig), kube.namespace, realSleep)
  const log: string[] = []
  let claimed = false
  const rt: Runtime = {
    sleep: realSleep,
    now: Date.now,
    owner: `${options.runId ?? '100'}/${options.runAttempt ?? '1'}/${options.claim ?? 'c'}`,
    log: (m) => log.push(m),
    warn: (m) => log.push(`warning: ${m}`),
    onClaimed: (c) => (claimed = c)
  }
  const report = await runCanary(inputs, cluster, inputs.metricsSource ? createMetricsClient(inputs.metricsSource) : undefined, rt)
  return { report, log, claimed }
}

/** The routers as their users write them, pointing at the Service `web`. */
export const routers: Record<string, KubernetesObject> = {
  istio: {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'VirtualService',
    metadata: { name: 'web' },
    spec: { hosts: ['web.example.com'], http: [{ name: 'primary', route: [{ destination: { host: 'web', port: { number: 80 } }, weight: 100 }] }] }
  } as KubernetesObject,
  'gateway-api': {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'web' },
    // Attached to the cluster's real Gateway (Traefik), which must take every weight the action writes.
    spec: {
      parentRefs: [{ name: GATEWAY.name, namespace: GATEWAY.namespace }],
      hostnames: ['web.example.com'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'web', port: 80 }] }]
    }
  } as KubernetesObject,
  nginx: {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', annotations: { 'kubernetes.io/ingress.class': 'nginx' } },
    spec: { rules: [{ host: 'web.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] }
  } as KubernetesObject
}

/** Until the Deployment's rollout is complete and all its replicas are available. */
export async function rolledOut(kube: KubeTest, name = 'web', timeoutMs = 60_000): Promise<void> {
  await kube.until(async () => {
    const d = await kube.deployment(name)
    const want = d?.spec?.replicas ?? 1
    const s = d?.status
    return !!s && (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 1) && s.updatedReplicas === want && s.availableReplicas === want && (s.replicas ?? 0) === want
  }, `Deployment ${name} rolled out`, timeoutMs)
}

/** The stable version (`web`, tag 1, and its Service) plus `extra`; waits until it is available unless told not to. */
export async function deployStable(kube: KubeTest, extra: KubernetesObject[] = [], replicas = 4, options: { image?: string; wait?: boolean } = {}): Promise<void> {
  await kube.create(webDeployment(options.image ?? (await image('1')), { replicas }), webService('web'), ...extra)
  if (options.wait !== false) await rolledOut(kube)
}

/** The canary state of `web`, from its state Lease as canary-deploy keeps it. */
export const stateOf = async (kube: KubeTest): Promise<CanaryState | undefined> =>
  readState((await kube.get('coordination.k8s.io/v1', 'Lease', stateLeaseName('web')))?.metadata?.annotations)

export const imageOf = async (kube: KubeTest, name = 'web'): Promise<string | undefined> => (await kube.deployment(name))?.spec?.template.spec?.containers[0]!.image

export const replicasOf = async (kube: KubeTest, name: string): Promise<number | undefined> => (await kube.deployment(name))?.spec?.replicas

export const selectorOf = async (kube: KubeTest, name: string): Promise<Record<string, string> | undefined> =>
  (await kube.get<V1Service & KubernetesObject>('v1', 'Service', name))?.spec?.selector

/** A fault proxy in front of the cluster for one test (its kubeconfig names no namespace: give the test's). */
export const faultProxy = async (): Promise<FaultProxy> => startFaultProxy({ upstream: (await localCluster()).kubeconfig })

/** API writes (not reads) that came through the proxy. */
export const writes = (proxy: FaultProxy) => proxy.requests.filter((r) => r.method !== 'GET')

/** The canary state of `web` at each change of its state Lease seen by a watch (undefined once it is removed). */
export async function watchState(kube: KubeTest, listener: (state: CanaryState | undefined) => void): Promise<void> {
  await kube.watch(`/apis/coordination.k8s.io/v1/namespaces/${kube.namespace}/leases`, (type, lease) => {
    if (lease.metadata?.name !== stateLeaseName('web')) return
    listener(type === 'DELETED' ? undefined : readState(lease.metadata.annotations))
  })
}
