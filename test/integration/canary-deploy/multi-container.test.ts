/**
 * A Deployment whose pods have two containers (`app` and `proxy`, both the test service on ports of their own) on the
 * real local cluster: a canary changing both images, its pods running both new images together, then promoted with
 * both set on the stable Deployment; a canary aborted (by request after a held start, and on its own when one of the
 * two images cannot be pulled) with the stable pods untouched; and an unknown container refused before any write.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import type { KubernetesObject, V1Deployment, V1Pod } from '@kubernetes/client-node'
import { ROLE_LABEL } from '../../../src/canary-deploy/cluster.js'
import { kubeTest, type KubeTest } from '../../../local/kube/client.js'
import { webDeployment, webService } from '../../../local/kube/manifests.js'
import type { FaultProxy } from '../../../local/kube-fault-proxy/index.js'
import { faultProxy, image, installRouterCrds, missingImage, rolledOut, runWith, stateOf, watchState, writes } from '../../../local/scenarios/canary-deploy.js'

const PROXY_PORT = 8081

let kube: KubeTest
let proxy: FaultProxy | undefined
let v1: string, v2: string, v3: string

beforeAll(async () => {
  await installRouterCrds()
  ;[v1, v2, v3] = await Promise.all([image('1'), image('2'), image('3')])
}, 180_000)
beforeEach(async () => {
  kube = await kubeTest('canary-multi')
})
afterEach(async () => {
  await proxy?.stop()
  proxy = undefined
  await kube?.close()
})

/** `web` with a second container `proxy` (the test service on port 8081, probed there), both at the given images. */
function twoContainers(app: string, sidecar: string, replicas: number): V1Deployment & KubernetesObject {
  const deployment = webDeployment(app, { replicas })
  deployment.spec!.template.spec!.containers.push({
    name: 'proxy',
    image: sidecar,
    env: [{ name: 'PORT', value: String(PROXY_PORT) }],
    ports: [{ name: 'proxy', containerPort: PROXY_PORT }],
    readinessProbe: { httpGet: { path: '/healthz', port: PROXY_PORT }, periodSeconds: 1, failureThreshold: 1 }
  })
  return deployment
}

async function deployTwoContainers(k: KubeTest, replicas = 2): Promise<void> {
  await k.create(twoContainers(v1, v1, replicas), webService('web'))
  await rolledOut(k)
}

/** Each container's image in a pod template (or a pod's spec). */
const imagesOf = (spec: { containers: { name: string; image?: string }[] } | undefined): Record<string, string | undefined> =>
  Object.fromEntries((spec?.containers ?? []).map((c) => [c.name, c.image]))

const ready = (pod: V1Pod): boolean => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false

/** The stable pods as they are: name, uid, each container's image and restarts, readiness. */
async function stablePods(k: KubeTest): Promise<unknown[]> {
  const pods = (await k.pods('app=web')).filter((p) => p.metadata?.labels?.[ROLE_LABEL] === undefined && !p.metadata?.deletionTimestamp)
  return pods
    .map((p) => ({
      name: p.metadata?.name,
      uid: p.metadata?.uid,
      images: imagesOf(p.spec),
      restarts: Object.fromEntries((p.status?.containerStatuses ?? []).map((s) => [s.name, s.restartCount])),
      ready: ready(p)
    }))
    .sort((a, b) => String(a.name).localeCompare(String(b.name)))
}

/** The canary's pods each time the action records a step (it then pauses, so they stay as read). */
async function canaryPodsAtEachStep(k: KubeTest): Promise<{ all(): Promise<{ weight: number; template: unknown; pods: { images: unknown; ready: boolean }[] }[]> }> {
  const taken: Promise<{ weight: number; template: unknown; pods: { images: unknown; ready: boolean }[] }>[] = []
  let last = -1
  await watchState(k, (state) => {
    if (!state || state.stepIndex === last || state.stepIndex < 0) return
    last = state.stepIndex
    taken.push(
      (async () => ({
        weight: state.weight,
        template: imagesOf((await k.deployment('web-canary'))?.spec?.template.spec),
        pods: (await k.pods(`${ROLE_LABEL}=canary`)).filter((p) => !p.metadata?.deletionTimestamp).map((p) => ({ images: imagesOf(p.spec), ready: ready(p) }))
      }))()
    )
  })
  return { all: () => Promise.all(taken) }
}

describe('canary-deploy of a Deployment with two containers', () => {
  it('a canary changing both containers runs both new images in each canary pod, then promotion sets both on stable', async () => {
    await deployTwoContainers(kube, 4)
    const steps = await canaryPodsAtEachStep(kube)
    const { report } = await runWith(kube, { image: `app=${v2}\nproxy=${v3}`, steps: '25,50,100', 'step-pause': '1s' })
    expect(report.result).toBe('promoted')
    const both = { app: v2, proxy: v3 }
    expect(await steps.all()).toEqual([
      { weight: 25, template: both, pods: [{ images: both, ready: true }] },
      { weight: 50, template: both, pods: [{ images: both, ready: true }, { images: both, ready: true }] }
    ])
    expect(imagesOf((await kube.deployment('web'))!.spec!.template.spec)).toEqual(both)
    await rolledOut(kube)
    const pods = await stablePods(kube)
    expect(pods).toHaveLength(4)
    expect(pods).toEqual(Array(4).fill(expect.objectContaining({ images: both, ready: true })))
    expect(await kube.deployment('web-canary')).toBeUndefined()
    expect(await stateOf(kube)).toBeUndefined()
    expect(report.image).toBe(`app=${v2}, proxy=${v3}`)
    expect(report.previousImage).toBe(`app=${v1}, proxy=${v1}`)
    expect(report.images).toEqual([
      { container: 'app', image: v2, previousImage: v1 },
      { container: 'proxy', image: v3, previousImage: v1 }
    ])
  }, 240_000)

  it('a held canary of both containers, aborted: the stable template and its pods are exactly as before (traffic: smi, stable never scaled)', async () => {
    await deployTwoContainers(kube, 2)
    const template = (await kube.deployment('web'))!.spec!.template
    const before = await stablePods(kube)
    const held = await runWith(kube, { image: `app=${v2}, proxy=${v3}`, traffic: 'smi', steps: '50,100', 'step-pause': '1s', action: 'start' })
    expect(held.report.result).toBe('holding')
    const canary = (await kube.pods(`${ROLE_LABEL}=canary`)).filter((p) => !p.metadata?.deletionTimestamp)
    expect(canary.map((p) => ({ images: imagesOf(p.spec), ready: ready(p) }))).toEqual([{ images: { app: v2, proxy: v3 }, ready: true }])
    expect((await stateOf(kube))?.images?.map((i) => i.container)).toEqual(['app', 'proxy'])

    const { report } = await runWith(kube, { action: 'abort', traffic: 'smi' }, { runId: '101' })
    expect(report.result).toBe('aborted')
    expect(report.images?.map((i) => [i.container, i.image, i.previousImage])).toEqual([
      ['app', v2, v1],
      ['proxy', v3, v1]
    ])
    expect((await kube.deployment('web'))!.spec!.template).toEqual(template)
    await kube.until(async () => (await kube.pods(`${ROLE_LABEL}=canary`)).length === 0, 'canary pods gone', 60_000)
    expect(await stablePods(kube)).toEqual(before)
    expect(before).toEqual(Array(2).fill(expect.objectContaining({ images: { app: v1, proxy: v1 }, restarts: { app: 0, proxy: 0 }, ready: true })))
    expect(await kube.deployment('web-canary')).toBeUndefined()
    expect(await stateOf(kube)).toBeUndefined()
  }, 240_000)

  it('a canary whose second image cannot be pulled aborts on its own; stable pods untouched, both images unchanged', async () => {
    await deployTwoContainers(kube, 2)
    const template = (await kube.deployment('web'))!.spec!.template
    const before = await stablePods(kube)
    const { report } = await runWith(kube, { image: `app=${v2}, proxy=${await missingImage()}`, traffic: 'smi', steps: '50,100', 'rollout-timeout': '2m' })
    expect(report.result).toBe('aborted')
    expect(report.abortedReason).toMatch(/Deployment web-canary cannot become ready: web-canary-[\w-]+\/proxy: (ErrImagePull|ImagePullBackOff)/)
    expect((await kube.deployment('web'))!.spec!.template).toEqual(template)
    await kube.until(async () => (await kube.pods(`${ROLE_LABEL}=canary`)).length === 0, 'canary pods gone', 60_000)
    expect(await stablePods(kube)).toEqual(before)
    expect(await kube.deployment('web-canary')).toBeUndefined()
    expect(await stateOf(kube)).toBeUndefined()
  }, 240_000)

  it('blue-green with both containers changed: green runs both new images, the switch is finalized with both set on stable', async () => {
    await deployTwoContainers(kube, 2)
    const greens: Record<string, string | undefined>[] = []
    await kube.watchDeployments((_type, d) => {
      if (d.metadata?.name === 'web-green') greens.push(imagesOf(d.spec?.template.spec))
    })
    const { report } = await runWith(kube, { image: `app=${v2}, proxy=${v3}`, strategy: 'blue-green', 'keep-previous': 'false', 'step-pause': '1s' })
    expect(report.result).toBe('promoted')
    expect(greens[0]).toEqual({ app: v2, proxy: v3 })
    expect(imagesOf((await kube.deployment('web'))!.spec!.template.spec)).toEqual({ app: v2, proxy: v3 })
    expect(await kube.deployment('web-green')).toBeUndefined()
    expect(await stateOf(kube)).toBeUndefined()
  }, 240_000)

  it('refuses a container the Deployment does not have before any write, naming the input, the name given and the names it has', async () => {
    await deployTwoContainers(kube, 1)
    proxy = await faultProxy()
    const viaProxy = { kubeconfig: proxy.kubeconfig }
    await expect(runWith(kube, { image: `app=${v2}, envoy=${v3}` }, viaProxy)).rejects.toThrow(
      `Input 'image': got 'envoy'; expected the names of containers of Deployment web: 'app', 'proxy'.`
    )
    await expect(runWith(kube, { image: v2, container: 'app, sidecar' }, viaProxy)).rejects.toThrow(
      `Input 'container': got 'sidecar'; expected the names of containers of Deployment web: 'app', 'proxy'.`
    )
    await expect(runWith(kube, { image: v2 }, viaProxy)).rejects.toThrow(
      /^Input 'container': required because Deployment web has 2 containers \('app', 'proxy'\)/
    )
    expect(proxy.requests.length).toBeGreaterThan(0)
    expect(writes(proxy)).toEqual([])
    expect(imagesOf((await kube.deployment('web'))!.spec!.template.spec)).toEqual({ app: v1, proxy: v1 })
  }, 120_000)
})
