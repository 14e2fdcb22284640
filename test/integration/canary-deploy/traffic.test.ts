/**
 * Each traffic method on the real local cluster, in real time: the objects and weights at every step, the
 * promotion, the restore after an abort, and the bookkeeping (concurrent runs, reruns, start/promote, API faults).
 * The routers' objects are written against their projects' real CRDs; only the Ingress is built in.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { ApiextensionsV1Api, ApisApi, type KubernetesObject } from '@kubernetes/client-node'
import { ROLE_LABEL } from '../../../src/canary-deploy/cluster.js'
import { patchOptions } from '../../../src/lib/kube/index.js'
import { kubeConfigOf, localCluster } from '../../../local/kube/cluster.js'
import { installCrd, servedOnly, upstreamCrd } from '../../../local/kube/crds.js'
import { startHttpServer } from '../../../local/http-server.js'
import type { FaultProxy } from '../../../local/kube-fault-proxy/index.js'
import { kubeTest, type KubeTest } from '../../../local/kube/client.js'
import {
  deployStable,
  faultProxy,
  image,
  imageOf,
  installRouterCrds,
  missingImage,
  replicasOf,
  rolledOut,
  routers,
  runWith,
  selectorOf,
  stateOf,
  watchState,
  writes
} from '../../../local/scenarios/canary-deploy.js'

let kube: KubeTest
let proxy: FaultProxy | undefined
let v1: string, v2: string, v3: string

beforeAll(async () => {
  await installRouterCrds()
  ;[v1, v2, v3] = await Promise.all([image('1'), image('2'), image('3')])
}, 180_000)
beforeEach(async () => {
  kube = await kubeTest('canary')
})
afterEach(async () => {
  await proxy?.stop()
  proxy = undefined
  await kube?.close()
})

interface Snapshot {
  weight: number
  stable?: number
  canary?: number
  router?: unknown
  canaryService?: unknown
  stableSelector?: unknown
}

/**
 * Reads the cluster each time the action records a new step in its state annotation (it then pauses for the step,
 * so the objects stay as they are while they are read). `all()` gives the snapshots once read.
 */
async function snapshotAtEachStep(k: KubeTest, router: (k: KubeTest) => Promise<unknown> = async () => undefined): Promise<{ all(): Promise<Snapshot[]> }> {
  const taken: Promise<Snapshot>[] = []
  let last = -1
  await watchState(k, (state) => {
    if (!state || state.stepIndex === last || state.stepIndex < 0) return
    last = state.stepIndex
    taken.push(
      (async () => ({
        weight: state.weight,
        stable: await replicasOf(k, 'web'),
        canary: await replicasOf(k, 'web-canary'),
        router: await router(k),
        canaryService: await selectorOf(k, 'web-canary'),
        stableSelector: await selectorOf(k, 'web')
      }))()
    )
  })
  return { all: () => Promise.all(taken) }
}

async function expectAllStable(k: KubeTest): Promise<void> {
  expect(await k.deployment('web-canary')).toBeUndefined()
  expect(await selectorOf(k, 'web-canary')).toBeUndefined()
  expect(await selectorOf(k, 'web')).toEqual({ app: 'web' })
  expect(await stateOf(k)).toBeUndefined()
}

const specOf = async (k: KubeTest, apiVersion: string, kind: string, name: string): Promise<any> => (await k.get<KubernetesObject & { spec?: unknown }>(apiVersion, kind, name))?.spec

describe('traffic: replicas', () => {
  it('splits 10 pods by the documented rounding at every step, then promotes the stable Deployment', async () => {
    await deployStable(kube, [], 10)
    const steps = await snapshotAtEachStep(kube)
    const { report } = await runWith(kube, { image: v2, steps: '10,25,50,100', 'step-pause': '1s' })
    expect(report.result).toBe('promoted')
    expect((await steps.all()).map(({ weight, stable, canary }) => ({ weight, stable, canary }))).toEqual([
      { weight: 10, stable: 9, canary: 1 },
      { weight: 25, stable: 7, canary: 3 },
      { weight: 50, stable: 5, canary: 5 }
    ])
    expect(report.notes.join('\n')).toContain('Step 25%: 3 canary and 7 stable pods, an effective weight of 30%')
    expect(await imageOf(kube)).toBe(v2)
    expect(await replicasOf(kube, 'web')).toBe(10)
    await expectAllStable(kube)
    expect(report.history.map((h) => h.weight)).toEqual([10, 25, 50, 100])
  }, 120_000)

  it("a canary whose pods a ResourceQuota refuses aborts at once with the controller's reason, and restores stable", async () => {
    await deployStable(kube, [], 2)
    await kube.create({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'pods' }, spec: { hard: { pods: '2' } } } as KubernetesObject)
    const { report } = await runWith(kube, { image: v2, steps: '50,100', 'step-pause': '1s', 'rollout-timeout': '5m' })
    expect(report.result).toBe('aborted')
    expect(report.abortedReason).toMatch(/Deployment web-canary cannot become ready: ReplicaSet web-canary-\w+ cannot create its pods: .*exceeded quota: pods/)
    expect(await imageOf(kube)).toBe(await image('1'))
    expect(await replicasOf(kube, 'web')).toBe(2)
    await expectAllStable(kube)
  }, 150_000)

  it('the first deploy (no available stable pods) rolls out plainly and says so', async () => {
    // The stable version never became available: its image cannot be pulled.
    await deployStable(kube, [], 2, { image: await missingImage(), wait: false })
    const { report } = await runWith(kube, { image: v2 })
    expect(report.result).toBe('promoted')
    expect(report.notes[0]).toMatch(/First deploy: .* no available pods .* rolled out directly, without a canary/)
    expect(await imageOf(kube)).toBe(v2)
    expect(await kube.deployment('web-canary')).toBeUndefined()
  })
})

type RouterCase = [string, Record<string, string>, (k: KubeTest) => Promise<unknown>, unknown[], (k: KubeTest) => Promise<void>]

// Read back from the API server: the HTTPRoute CRD's schema defaults each backendRef's group and kind.
const backendRef = (name: string, weight: number) => ({ group: '', kind: 'Service', name, port: 80, weight })

const routerCases: RouterCase[] = [
  [
    'istio',
    { traffic: 'istio', 'virtual-service': 'web' },
    async (k) => (await specOf(k, 'networking.istio.io/v1beta1', 'VirtualService', 'web')).http[0].route,
    [5, 25, 50].map((w) => [
      { destination: { host: 'web', port: { number: 80 } }, weight: 100 - w },
      { destination: { host: 'web-canary', port: { number: 80 } }, weight: w }
    ]),
    async (k) => expect((await specOf(k, 'networking.istio.io/v1beta1', 'VirtualService', 'web')).http[0].route).toEqual([{ destination: { host: 'web', port: { number: 80 } }, weight: 100 }])
  ],
  [
    'gateway-api',
    { traffic: 'gateway-api', 'http-route': 'web' },
    async (k) => (await specOf(k, 'gateway.networking.k8s.io/v1', 'HTTPRoute', 'web')).rules[0].backendRefs,
    [5, 25, 50].map((w) => [backendRef('web', 100 - w), backendRef('web-canary', w)]),
    async (k) => expect((await specOf(k, 'gateway.networking.k8s.io/v1', 'HTTPRoute', 'web')).rules[0].backendRefs).toEqual([backendRef('web', 100)])
  ],
  [
    'smi',
    { traffic: 'smi' },
    // The upstream CRD serves v1alpha4 only: the action writes that version.
    async (k) => {
      const split = await k.get<KubernetesObject & { spec?: { backends: unknown } }>('split.smi-spec.io/v1alpha4', 'TrafficSplit', 'web-canary-split')
      return split && { apiVersion: split.apiVersion, backends: split.spec?.backends }
    },
    [5, 25, 50].map((w) => ({
      apiVersion: 'split.smi-spec.io/v1alpha4',
      backends: [
        { service: 'web', weight: 100 - w },
        { service: 'web-canary', weight: w }
      ]
    })),
    async (k) => expect(await k.get('split.smi-spec.io/v1alpha4', 'TrafficSplit', 'web-canary-split')).toBeUndefined()
  ],
  [
    'nginx',
    { traffic: 'nginx', ingress: 'web' },
    async (k) => {
      const canary = await k.get<KubernetesObject & { spec?: any }>('networking.k8s.io/v1', 'Ingress', 'web-canary')
      return canary && { annotations: canary.metadata?.annotations, backend: canary.spec.rules[0].http.paths[0].backend.service.name }
    },
    [5, 25, 50].map((w) => ({
      // The run that created the canary Ingress is noted on it (canary-deploy deletes only its own).
      annotations: {
        'kubernetes.io/ingress.class': 'nginx',
        'nginx.ingress.kubernetes.io/canary': 'true',
        'nginx.ingress.kubernetes.io/canary-weight': String(w),
        'canary-deploy.pipeline-actions.dev/run': '100/1/c'
      },
      backend: 'web-canary'
    })),
    async (k) => expect(await k.get('networking.k8s.io/v1', 'Ingress', 'web-canary')).toBeUndefined()
  ]
]

describe.each(routerCases)('traffic: %s', (method, given, routerView, expectedAtSteps, expectRestored) => {
  const extra = (): KubernetesObject[] => (routers[method] ? [routers[method]!] : [])

  it('weights the router at every step with a canary Service, pins the stable Service, then promotes', async () => {
    await deployStable(kube, extra())
    const steps = await snapshotAtEachStep(kube, routerView)
    const { report } = await runWith(kube, { image: v2, steps: '5,25,50,100', 'step-pause': '1s', ...given })
    expect(report.result).toBe('promoted')
    const taken = await steps.all()
    expect(taken.map((s) => s.weight)).toEqual([5, 25, 50])
    expect(taken.map((s) => s.router)).toEqual(expectedAtSteps)
    for (const s of taken) {
      expect(s.canaryService).toEqual({ app: 'web', [ROLE_LABEL]: 'canary' })
      expect(s.stableSelector).toMatchObject({ app: 'web', 'pod-template-hash': expect.any(String) })
      expect(s.stable).toBe(4)
    }
    expect(taken.map((s) => s.canary)).toEqual([1, 1, 2])
    expect(await imageOf(kube)).toBe(v2)
    await expectRestored(kube)
    await expectAllStable(kube)
  }, 90_000)

  it('a failure mid-schedule restores the router to 100% stable and removes the canary objects', async () => {
    await deployStable(kube, extra())
    const { report } = await runWith(kube, { image: await missingImage(), steps: '5,100', ...given, 'rollout-timeout': '2m' })
    expect(report.result).toBe('aborted')
    expect(report.abortedReason).toMatch(/error moving to 5%: Deployment web-canary cannot become ready: .*(ErrImagePull|ImagePullBackOff)/)
    await expectRestored(kube)
    await expectAllStable(kube)
    expect(await imageOf(kube)).toBe(v1)
  })
})

describe('traffic: smi on a cluster serving other TrafficSplit versions', () => {
  const SPLIT = 'trafficsplits.split.smi-spec.io'
  afterEach(async () => {
    // Back to the upstream CRD as the other tests expect it.
    await installCrd(await localCluster(), await upstreamCrd(SPLIT))
  })

  it('writes v1alpha2 where only v1alpha2 is served (as Linkerd and OSM serve it)', async () => {
    await installCrd(await localCluster(), servedOnly(await upstreamCrd(SPLIT), 'v1alpha2'))
    await deployStable(kube, [], 2)
    const seen: unknown[] = []
    await watchState(kube, (state) => {
      if (state?.weight === 50 && seen.length === 0) seen.push(kube.get('split.smi-spec.io/v1alpha2', 'TrafficSplit', 'web-canary-split'))
    })
    const { report } = await runWith(kube, { image: v2, traffic: 'smi', steps: '50,100', 'step-pause': '1s' })
    expect(report.result).toBe('promoted')
    const split = (await seen[0]) as KubernetesObject & { spec: unknown }
    expect(split.apiVersion).toBe('split.smi-spec.io/v1alpha2')
    expect(split.spec).toEqual({ service: 'web', backends: [{ service: 'web', weight: 50 }, { service: 'web-canary', weight: 50 }] })
    expect(await kube.get('split.smi-spec.io/v1alpha2', 'TrafficSplit', 'web-canary-split')).toBeUndefined()
    await expectAllStable(kube)
  })

  it('fails before any change, naming the input, where no version it writes is served', async () => {
    await installCrd(await localCluster(), servedOnly(await upstreamCrd(SPLIT), 'v1alpha1'))
    await deployStable(kube, [], 2)
    proxy = await faultProxy()
    await expect(runWith(kube, { image: v2, traffic: 'smi' }, { kubeconfig: proxy.kubeconfig })).rejects.toThrow(
      "Input 'traffic': 'smi' writes an SMI TrafficSplit (split.smi-spec.io v1alpha4, v1alpha3, v1alpha2), but the cluster serves only split.smi-spec.io/v1alpha1"
    )
    expect(writes(proxy)).toEqual([])
  })
  it('fails before any change, naming the missing CRD, where the cluster has no TrafficSplit CRD at all', async () => {
    const cluster = await localCluster()
    const api = kubeConfigOf(cluster.kubeconfigText).makeApiClient(ApiextensionsV1Api)
    await api.deleteCustomResourceDefinition({ name: SPLIT })
    // Deletion ends when the API server stops serving the group (discovery is what the action reads).
    const apis = kubeConfigOf(cluster.kubeconfigText).makeApiClient(ApisApi)
    await kube.until(async () => !(await apis.getAPIVersions()).groups.some((g) => g.name === 'split.smi-spec.io'), 'split.smi-spec.io no longer served', 60_000)
    await deployStable(kube, [], 2)
    proxy = await faultProxy()
    await expect(runWith(kube, { image: v2, traffic: 'smi' }, { kubeconfig: proxy.kubeconfig })).rejects.toThrow(
      "Input 'traffic': 'smi' writes an SMI TrafficSplit (split.smi-spec.io v1alpha4, v1alpha3, v1alpha2), but the cluster serves no split.smi-spec.io API; install the TrafficSplit CRD"
    )
    expect(writes(proxy)).toEqual([])
  })
})

describe('bookkeeping', () => {
  it('a missing router object fails before any change, naming the input', async () => {
    await deployStable(kube, [], 2)
    proxy = await faultProxy()
    const via = { kubeconfig: proxy.kubeconfig }
    await expect(runWith(kube, { image: v2, traffic: 'istio', 'virtual-service': 'nope' }, via)).rejects.toThrow(/Input 'virtual-service': the VirtualService 'nope' does not exist/)
    await expect(runWith(kube, { image: v2, traffic: 'gateway-api', 'http-route': 'web', service: 'api' }, via)).rejects.toThrow(/Input 'service': the Service 'api' does not exist/)
    expect(writes(proxy)).toEqual([])
  })

  it('refuses a second canary on the same Deployment, and a rerun after an abort starts cleanly', async () => {
    await deployStable(kube)
    proxy = await faultProxy()
    const held = await runWith(kube, { image: v2, action: 'start', steps: '25,50,100', 'hold-at': '25', 'step-pause': '1s' }, { runId: '1' })
    expect(held.report.result).toBe('holding')
    expect(held.claimed).toBe(false)
    expect(await stateOf(kube)).toMatchObject({ phase: 'holding', weight: 25, owner: '1/1/c' })
    const via = { kubeconfig: proxy.kubeconfig }
    await expect(runWith(kube, { image: v3 }, { ...via, runId: '2' })).rejects.toThrow(/already has a canary of run 1\/1\/c \(holding at 25%\)/)
    // Another step or matrix job of the same workflow run is concurrent too.
    await expect(runWith(kube, { image: v3 }, { ...via, runId: '1', claim: 'matrix-b' })).rejects.toThrow(/already has a canary of run 1\/1\/c/)
    expect(writes(proxy)).toEqual([])
    const aborted = await runWith(kube, { action: 'abort' }, { runId: '3' })
    expect(aborted.report).toMatchObject({ result: 'aborted', abortedReason: 'aborted by request (action: abort)' })
    await expectAllStable(kube)
    expect(await replicasOf(kube, 'web')).toBe(4)
    const rerun = await runWith(kube, { image: v3, steps: '50,100', 'step-pause': '1s' }, { runId: '2', runAttempt: '2' })
    expect(rerun.report.result).toBe('promoted')
    expect(await imageOf(kube)).toBe(v3)
  }, 90_000)

  it('start holds at a weight; promote in a later run continues from the recorded state', async () => {
    await deployStable(kube, [routers.istio!])
    const given = { traffic: 'istio', 'virtual-service': 'web', steps: '10,30,60,100', 'step-pause': '1s' }
    const first = await runWith(kube, { ...given, image: v2, action: 'start', 'hold-at': '30' }, { runId: '7' })
    expect(first.report).toMatchObject({ result: 'holding', weight: 30 })
    expect((await specOf(kube, 'networking.istio.io/v1beta1', 'VirtualService', 'web')).http[0].route.map((r: { weight: number }) => r.weight)).toEqual([70, 30])
    const second = await runWith(kube, { ...given, action: 'promote' }, { runId: '8' })
    expect(second.report.result).toBe('promoted')
    expect(second.report.history.map((h) => h.weight)).toEqual([10, 30, 60, 100])
    expect(await imageOf(kube)).toBe(v2)
    await expectAllStable(kube)
  }, 90_000)

  it('promote continues above the held weight even when given another schedule', async () => {
    await deployStable(kube)
    await runWith(kube, { image: v2, action: 'start', steps: '10,30,100', 'hold-at': '30', 'step-pause': '1s' }, { runId: '1' })
    // 30% of 4 pods: 1 canary pod (the documented rounding).
    expect(await replicasOf(kube, 'web-canary')).toBe(1)
    const promoted = await runWith(kube, { action: 'promote', steps: '20,50,100', 'step-pause': '1s' }, { runId: '2' })
    expect(promoted.report.history.map((h) => h.weight)).toEqual([10, 30, 50, 100])
    expect(await imageOf(kube)).toBe(v2)
    expect(await replicasOf(kube, 'web')).toBe(4)
  }, 90_000)

  it('an abort from another job stops a running canary within one analysis interval, without undoing twice', async () => {
    const server = await startHttpServer((_request, response) => response.end('ok'))
    try {
      await deployStable(kube)
      let aborting: Promise<unknown> | undefined
      await watchState(kube, (state) => {
        if (!aborting && state?.weight === 25) {
          aborting = new Promise((resolve) => setTimeout(resolve, 300)).then(() => runWith(kube, { action: 'abort' }, { runId: '2' }))
        }
      })
      const running = await runWith(kube, { image: v2, steps: '25:1m,100', 'analysis-interval': '1s', 'health-urls': server.url })
      await aborting
      expect(running.report).toMatchObject({ result: 'aborted', abortedReason: 'the canary of Deployment web was ended by another run (action: abort)' })
      expect(running.report.measurements.length).toBeLessThanOrEqual(3)
      await expectAllStable(kube)
      expect(await replicasOf(kube, 'web')).toBe(4)
    } finally {
      await server.close()
    }
  })

  it('a leftover canary of an earlier attempt of the same run is cleaned up before starting again', async () => {
    await deployStable(kube)
    await runWith(kube, { image: v2, action: 'start', steps: '50,100', 'step-pause': '1s' }, { runId: '9', runAttempt: '1' })
    const rerun = await runWith(kube, { image: v2, steps: '50,100', 'step-pause': '1s' }, { runId: '9', runAttempt: '2' })
    expect(rerun.report.result).toBe('promoted')
    expect(rerun.report.notes[0]).toMatch(/earlier attempt of this run \(9\/1\/c\) left a canary at 50%/)
  }, 90_000)

  it('survives transient API faults mid-schedule (retried) and restores when the API keeps failing', async () => {
    await deployStable(kube)
    proxy = await faultProxy()
    const deployments = `/apis/apps/v1/namespaces/${kube.namespace}/deployments`
    const transient = proxy.faults.error(`${deployments}/web`, 503, { times: 2 })
    const ok = await runWith(kube, { image: v2, steps: '25,50,100', 'step-pause': '1s' }, { kubeconfig: proxy.kubeconfig })
    expect(ok.report.result).toBe('promoted')
    expect(transient.hits).toBe(2)

    let armed = false
    await kube.watchDeployments((_type, deployment) => {
      if (!armed && deployment.metadata?.name === 'web-canary' && deployment.spec?.replicas === 2) {
        armed = true
        proxy!.faults.error(`${deployments}/web-canary`, 500, { times: 6 })
      }
    })
    const failed = await runWith(kube, { image: v3, steps: '25,50,75,100', 'step-pause': '1s' }, { kubeconfig: proxy.kubeconfig, runId: '101' })
    expect(failed.report.result).toBe('aborted')
    // The proxy words a 500 as the API server's responsewriters do.
    expect(failed.report.abortedReason).toMatch(/error moving to 50%: .*\("injected fault"\) has prevented the request from succeeding \(HTTP 500\)/)
    await expectAllStable(kube)
    expect(await imageOf(kube)).toBe(v2)
    expect(await replicasOf(kube, 'web')).toBe(4)
  }, 120_000)
})

describe('blue-green', () => {
  it('switches the Service to green after smoke checks, keeps blue, and switches back with abort', async () => {
    await deployStable(kube)
    const { report } = await runWith(kube, { image: v2, strategy: 'blue-green', 'step-pause': '0s' })
    expect(report.result).toBe('promoted')
    expect(await selectorOf(kube, 'web')).toEqual({ app: 'web', [ROLE_LABEL]: 'green' })
    expect(await imageOf(kube, 'web-green')).toBe(v2)
    expect(await replicasOf(kube, 'web-green')).toBe(4)
    expect(await imageOf(kube)).toBe(v1)
    const back = await runWith(kube, { action: 'abort' }, { runId: '5' })
    expect(back.report.result).toBe('aborted')
    expect(await kube.deployment('web-green')).toBeUndefined()
    expect(await selectorOf(kube, 'web')).toEqual({ app: 'web' })
    expect(await stateOf(kube)).toBeUndefined()
  })

  it('the next run finalizes a kept switch: the stable Deployment takes the image and the Service selects it', async () => {
    await deployStable(kube)
    await runWith(kube, { image: v2, strategy: 'blue-green', 'step-pause': '0s' }, { runId: '1' })
    const next = await runWith(kube, { image: v3, strategy: 'blue-green', 'step-pause': '0s', 'keep-previous': 'false' }, { runId: '2' })
    expect(next.report.result).toBe('promoted')
    expect(next.report.notes[0]).toMatch(/previous switch .* was finalized/)
    expect(await imageOf(kube)).toBe(v3)
    expect(await kube.deployment('web-green')).toBeUndefined()
    expect(await selectorOf(kube, 'web')).toEqual({ app: 'web' })
  }, 90_000)
})

describe('with a HorizontalPodAutoscaler on the stable Deployment', () => {
  // The cluster has no metrics API: the real HPA controller cannot compute a CPU recommendation, so it keeps the
  // replicas within [min, max] and reports the Deployment's replicas as its current ones.
  const hpa = (minReplicas: number): KubernetesObject =>
    ({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web-hpa' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas, maxReplicas: 20, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }] }
    }) as KubernetesObject

  const hpaStatus = async (k: KubeTest) => (await k.get<KubernetesObject & { status?: { currentReplicas?: number } }>('autoscaling/v2', 'HorizontalPodAutoscaler', 'web-hpa'))?.status

  it('refuses the replicas split, which the autoscaler would undo, before any change', async () => {
    await deployStable(kube, [hpa(2)], 2)
    proxy = await faultProxy()
    await expect(runWith(kube, { image: v2, traffic: 'replicas' }, { kubeconfig: proxy.kubeconfig })).rejects.toThrow(
      "Input 'traffic': the Deployment is scaled by the HorizontalPodAutoscaler 'web-hpa', which would undo a replica split"
    )
    expect(writes(proxy)).toEqual([])
  })

  it("sizes a routed canary from the autoscaler's current replicas, not the Deployment's spec", async () => {
    await deployStable(kube, [routers.istio!, hpa(6)], 6)
    // The HPA controller first syncs an HPA one sync period (15 s) after it appears.
    await kube.until(async () => (await hpaStatus(kube))?.currentReplicas === 6, 'the HPA reporting 6 current replicas', 40_000)
    // The pipeline re-applies the manifest's replicas: 2; the autoscaler restores 6 at its next sync.
    await kube.apps.patchNamespacedDeployment({ name: 'web', namespace: kube.namespace, body: { spec: { replicas: 2 } } }, patchOptions('merge'))
    const snapshots = await snapshotAtEachStep(kube)
    const { report } = await runWith(kube, { image: v2, traffic: 'istio', 'virtual-service': 'web', steps: '50,100', 'step-pause': '1s' })
    expect(report.result).toBe('promoted')
    // 50% of the 6 pods the autoscaler runs is 3 canary pods; of the Deployment's spec (2) it would be 1.
    expect((await snapshots.all()).find((s) => s.weight === 50)?.canary).toBe(3)
    await rolledOut(kube)
  }, 120_000)
})
