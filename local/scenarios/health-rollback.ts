/**
 * Helpers for running health-rollback in-process against the real local cluster: `web` (the test service,
 * test/fixtures/kube-service) in a namespace of its own, its versions as image tags, real time.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { V1Container, V1Deployment } from '@kubernetes/client-node'
import { parse } from 'yaml'
import { realClock } from '../../src/health-rollback/clock.js'
import { readInputs, type HealthRollbackInputs } from '../../src/health-rollback/inputs.js'
import { healthRollback } from '../../src/health-rollback/main.js'
import { KubeClient } from '../../src/lib/kube/index.js'
import { kubectl } from '../kube/cluster.js'
import { ROOT } from '../harness.js'
import { startFaultProxy, type FaultProxy } from '../kube-fault-proxy/index.js'
import { pushKubeServiceImages, type KubeImages, type KubeServiceTag } from '../kube/images.js'
import { webDeployment } from '../kube/manifests.js'
import { kubeTest, type KubeTest } from '../kube/client.js'

const declared = (parse(readFileSync(path.join(ROOT, 'actions/health-rollback/action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> }).inputs

/** Inputs as the runner passes them: the given values over the action.yml defaults. */
export function inputsFor(inputs: Record<string, string>): HealthRollbackInputs {
  return readInputs((name) => inputs[name] ?? declared[name]?.default ?? '', { RUNNER_TEMP: process.env.RUNNER_TEMP ?? '/tmp' })
}

/** Short retries, so that injected API faults do not slow a test down. */
const FAST_RETRY = { attempts: 5, baseDelayMs: 5, maxDelayMs: 20 }

let pushed: Promise<KubeImages> | undefined

export interface Web {
  kube: KubeTest
  /** `<registry>/kube-service:<tag>`; 'missing' is a tag the registry does not have (a real ErrImagePull). */
  image(tag: KubeServiceTag | 'missing'): string
  /** `<registry>/kube-service@sha256:...`: the same image as `image(tag)`, named by its digest. */
  pinned(tag: KubeServiceTag): string
  /** With `{ proxy: true }`: the fault proxy the action talks to the API server through. */
  proxy?: FaultProxy
  /** The kubeconfig the action gets (the proxy's when there is one); its context names the test namespace. */
  kubeconfig: string
  close(): Promise<void>
}

export async function startWeb(options: { proxy?: boolean } = {}): Promise<Web> {
  const kube = await kubeTest('hr')
  try {
    pushed ??= pushKubeServiceImages(kube.cluster.registry)
    const images = await pushed
    // The proxy serves the API server's certificate, from the cluster's PKI beside its kubeconfig directory.
    const pkiDir = path.join(path.dirname(kube.cluster.kubeconfig), '..', 'pki')
    const proxy = options.proxy ? await startFaultProxy({ upstream: kube.kc, pkiDir }) : undefined
    return {
      kube,
      image: (tag) => (tag === 'missing' ? `${images.repository}:missing` : images.ref(tag)),
      pinned: (tag) => images.pinned(tag),
      ...(proxy ? { proxy } : {}),
      kubeconfig: proxy?.kubeconfig ?? kube.kubeconfig,
      close: async () => {
        await proxy?.stop()
        await kube.close()
      }
    }
  } catch (error) {
    await kube.close()
    throw error
  }
}

/** `kubectl rollout status` would say "successfully rolled out". */
export function rolledOut(d: V1Deployment | undefined): boolean {
  const s = d?.status
  const desired = d?.spec?.replicas ?? 1
  return !!s && (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 1) && s.updatedReplicas === desired && s.replicas === desired && s.availableReplicas === desired
}

/** Waits until `check` holds for the Deployment web as the API server returns it. */
export function untilWeb(web: Web, check: (d: V1Deployment | undefined) => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const { kube } = web
  return kube.until(async () => check(await kube.deployment('web')), what, timeoutMs)
}

export const waitRolledOut = (web: Web) => untilWeb(web, rolledOut, 'deployment web rolled out')

/** `kubectl set image deployment/web app=<image>` (a strategic merge patch), with more container fields if given. */
export function setImage(web: Web, image: string, container: Partial<V1Container> = {}): Promise<V1Deployment> {
  const client = new KubeClient(web.kube.kc, { log: () => {} })
  return client.patchDeployment(web.kube.namespace, 'web', { spec: { template: { spec: { containers: [{ ...container, name: 'app', image }] } } } }, 'strategic')
}

export interface DeployOptions {
  /** Deployment spec fields (progressDeadlineSeconds, revisionHistoryLimit, replicas, ...). */
  spec?: Partial<V1Deployment['spec']>
  /** Container fields of the last version besides its image (e.g. env from a Secret). */
  last?: Partial<V1Container>
}

/** Every new pod at once and no old one down before (the default, 25% of 2 replicas, starts one pod at a time). */
const ALL_AT_ONCE = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '100%', maxUnavailable: 0 } }

/**
 * Creates `web` with the first image and rolls out each next one fully (revisions 1, 2, ...), then starts the last
 * one without waiting for it: the action under test waits for that rollout.
 */
export async function deploy(web: Web, images: string[], options: DeployOptions = {}): Promise<void> {
  const [first, ...rest] = images
  await web.kube.create(webDeployment(first!, { spec: { strategy: ALL_AT_ONCE, ...options.spec } }))
  await waitRolledOut(web)
  for (const [index, image] of rest.entries()) {
    const last = index === rest.length - 1
    await setImage(web, image, last ? options.last : {})
    if (!last) await waitRolledOut(web)
  }
}

export function run(web: Web, inputs: Record<string, string>) {
  return healthRollback(inputsFor({ kubeconfig: web.kubeconfig, deployment: 'web', probes: '3', 'probe-interval': '100ms', ...inputs }), {
    clock: realClock,
    log: () => {},
    pollMs: 500,
    kube: { retry: FAST_RETRY, log: () => {} }
  })
}

/** The images of web's pods that are not being deleted. */
export async function runningImages(web: Web): Promise<string[]> {
  const pods = (await web.kube.pods('app=web')).filter((p) => !p.metadata?.deletionTimestamp)
  return [...new Set(pods.map((p) => p.spec!.containers[0]!.image!))].sort()
}

export const templateImage = async (web: Web): Promise<string> => (await web.kube.deployment('web'))!.spec!.template.spec!.containers[0]!.image!

/** `http://<pod IP>:8080<path>` of each ready pod of web (the host reaches pod IPs directly). */
export async function podUrls(web: Web, path = '/'): Promise<string[]> {
  const pods = (await web.kube.pods('app=web')).filter((p) => !p.metadata?.deletionTimestamp && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
  return pods.map((p) => `http://${p.status!.podIP}:8080${path}`)
}

const deploymentPath = (web: Web) => `/apis/apps/v1/namespaces/${web.kube.namespace}/deployments/web`

/** The action's successful writes of the Deployment (any PATCH or PUT), as the fault proxy logged them. */
export const deploymentWrites = (web: Web) =>
  web.proxy!.requests.filter((r) => (r.method === 'PATCH' || r.method === 'PUT') && r.path === deploymentPath(web) && (r.status ?? 0) < 300)

/** The action's undo patches (`rollout undo` sends one JSON patch), every answer included. */
export const undoRequests = (web: Web) => web.proxy!.requests.filter((r) => r.method === 'PATCH' && r.path === deploymentPath(web) && (r.contentType ?? '').startsWith('application/json-patch+json'))

/** The undo patches the API server accepted. */
export const undoPatches = (web: Web) => undoRequests(web).filter((r) => (r.status ?? 0) < 300)

// The pinned kubectl as an independent judge of what the action's undo did.

/** The revisions `kubectl rollout history deployment/web` lists. */
export async function kubectlHistory(web: Web): Promise<number[]> {
  const table = await kubectl(web.kube.cluster, web.kube.kubeconfig, ['rollout', 'history', 'deployment/web'])
  return table.split('\n').flatMap((line) => /^(\d+)\s/.exec(line)?.slice(1, 2) ?? []).map(Number)
}

/** The pod template of a revision as `kubectl rollout history --revision` shows it, without pod-template-hash. */
export async function kubectlRevisionTemplate(web: Web, revision: number): Promise<unknown> {
  const rs = JSON.parse(await kubectl(web.kube.cluster, web.kube.kubeconfig, ['rollout', 'history', 'deployment/web', `--revision=${revision}`, '-o', 'json'])) as {
    spec: { template: { metadata: { labels: Record<string, string> } } }
  }
  delete rs.spec.template.metadata.labels['pod-template-hash']
  return rs.spec.template
}

/** The Deployment's pod template as `kubectl get` shows it. */
export async function kubectlTemplate(web: Web): Promise<unknown> {
  return (JSON.parse(await kubectl(web.kube.cluster, web.kube.kubeconfig, ['get', 'deployment/web', '-o', 'json'])) as { spec: { template: unknown } }).spec.template
}

/** Escapes text (an image reference) for a RegExp. */
export const re = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
