/**
 * Each traffic method against the emulated cluster, on emulated time: the objects and weights at every step, the
 * promotion, the restore after an abort, and the bookkeeping (concurrent runs, reruns, start/promote, faults).
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { AutoscalingV2Api, KubeConfig } from '@kubernetes/client-node'
import { ROLE_LABEL } from '../../../src/canary-deploy/cluster.js'
import { STATE_ANNOTATION } from '../../../src/canary-deploy/state.js'
import { startEmulator, type Emulator, type KObject } from '../../support/k8s-emulator/index.js'
import { deployStable, imageOf, realSleep, replicasOf, routers, runWith, stateOf, writes } from './setup.js'

let emulator: Emulator
afterEach(async () => {
  await emulator?.stop()
})

interface Snapshot {
  weight: number
  stable?: number
  canary?: number
  router?: unknown
  canaryService?: unknown
  stableSelector?: unknown
}

/** Takes a snapshot of the cluster each time the action records a new step weight in its state annotation. */
function snapshotAtEachStep(em: Emulator, router: (em: Emulator) => unknown = () => undefined): Snapshot[] {
  const snapshots: Snapshot[] = []
  let last = -1
  em.store.subscribe((change) => {
    if (change.kind !== 'Deployment' || change.object.metadata.name !== 'web') return
    const raw = change.object.metadata.annotations?.[STATE_ANNOTATION]
    if (!raw) return
    const state = JSON.parse(raw) as { weight: number; stepIndex: number }
    if (state.stepIndex === last || state.stepIndex < 0) return
    last = state.stepIndex
    snapshots.push({
      weight: state.weight,
      stable: replicasOf(em, 'web'),
      canary: replicasOf(em, 'web-canary'),
      router: router(em),
      canaryService: (em.store.get('Service', 'default', 'web-canary')?.spec as { selector?: unknown } | undefined)?.selector,
      stableSelector: (em.store.get('Service', 'default', 'web')?.spec as { selector?: unknown }).selector
    })
  })
  return snapshots
}

function expectAllStable(em: Emulator): void {
  expect(em.store.get('Deployment', 'default', 'web-canary')).toBeUndefined()
  expect(em.store.get('Service', 'default', 'web-canary')).toBeUndefined()
  expect((em.store.get('Service', 'default', 'web')!.spec as { selector: unknown }).selector).toEqual({ app: 'web' })
  expect(stateOf(em)).toBeUndefined()
}

describe('traffic: replicas', () => {
  it('splits 10 pods by the documented rounding at every step, then promotes the stable Deployment', async () => {
    emulator = await startEmulator()
    deployStable(emulator, [], 10)
    const steps = snapshotAtEachStep(emulator)
    const { report } = await runWith(emulator, { image: 'web:2', steps: '10,25,50,100', 'step-pause': '10s' })
    expect(report.result).toBe('promoted')
    expect(steps.map(({ weight, stable, canary }) => ({ weight, stable, canary }))).toEqual([
      { weight: 10, stable: 9, canary: 1 },
      { weight: 25, stable: 7, canary: 3 },
      { weight: 50, stable: 5, canary: 5 }
    ])
    expect(report.notes.join('\n')).toContain('Step 25%: 3 canary and 7 stable pods, an effective weight of 30%')
    expect(imageOf(emulator)).toBe('web:2')
    expect(replicasOf(emulator, 'web')).toBe(10)
    expectAllStable(emulator)
    expect(report.history.map((h) => h.weight)).toEqual([10, 25, 50, 100])
  })

  it('the first deploy (no available stable pods) rolls out plainly and says so', async () => {
    emulator = await startEmulator({ images: { 'web:1': { failure: 'ImagePullBackOff' } } })
    deployStable(emulator)
    const { report } = await runWith(emulator, { image: 'web:2' })
    expect(report.result).toBe('promoted')
    expect(report.notes[0]).toMatch(/First deploy: .* no available pods .* rolled out directly, without a canary/)
    expect(imageOf(emulator)).toBe('web:2')
    expect(emulator.store.get('Deployment', 'default', 'web-canary')).toBeUndefined()
  })
})

const routerCases: [string, Record<string, string>, (em: Emulator) => unknown, unknown[], (em: Emulator) => void][] = [
  [
    'istio',
    { traffic: 'istio', 'virtual-service': 'web' },
    (em) => (em.store.get('VirtualService', 'default', 'web')!.spec as { http: { route: unknown }[] }).http[0]!.route,
    [5, 25, 50].map((w) => [
      { destination: { host: 'web', port: { number: 80 } }, weight: 100 - w },
      { destination: { host: 'web-canary', port: { number: 80 } }, weight: w }
    ]),
    (em) => expect((em.store.get('VirtualService', 'default', 'web')!.spec as { http: { route: unknown }[] }).http[0]!.route).toEqual([{ destination: { host: 'web', port: { number: 80 } }, weight: 100 }])
  ],
  [
    'gateway-api',
    { traffic: 'gateway-api', 'http-route': 'web' },
    (em) => (em.store.get('HTTPRoute', 'default', 'web')!.spec as { rules: { backendRefs: unknown }[] }).rules[0]!.backendRefs,
    [5, 25, 50].map((w) => [
      { name: 'web', port: 80, weight: 100 - w },
      { name: 'web-canary', port: 80, weight: w }
    ]),
    (em) => expect((em.store.get('HTTPRoute', 'default', 'web')!.spec as { rules: { backendRefs: unknown }[] }).rules[0]!.backendRefs).toEqual([{ name: 'web', port: 80, weight: 100 }])
  ],
  [
    'smi',
    { traffic: 'smi' },
    (em) => (em.store.get('TrafficSplit', 'default', 'web-canary-split')?.spec as { backends: unknown } | undefined)?.backends,
    [5, 25, 50].map((w) => [
      { service: 'web', weight: 100 - w },
      { service: 'web-canary', weight: w }
    ]),
    (em) => expect(em.store.get('TrafficSplit', 'default', 'web-canary-split')).toBeUndefined()
  ],
  [
    'nginx',
    { traffic: 'nginx', ingress: 'web' },
    (em) => {
      const canary = em.store.get('Ingress', 'default', 'web-canary')
      return canary && { annotations: canary.metadata.annotations, backend: (canary.spec as any).rules[0].http.paths[0].backend.service.name }
    },
    [5, 25, 50].map((w) => ({
      annotations: { 'kubernetes.io/ingress.class': 'nginx', 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-weight': String(w) },
      backend: 'web-canary'
    })),
    (em) => expect(em.store.get('Ingress', 'default', 'web-canary')).toBeUndefined()
  ]
]

describe.each(routerCases)('traffic: %s', (method, given, routerView, expectedAtSteps, expectRestored) => {
  const extra = (): KObject[] => (routers[method] ? [routers[method]!] : [])

  it('weights the router at every step with a canary Service, pins the stable Service, then promotes', async () => {
    emulator = await startEmulator()
    deployStable(emulator, extra())
    const steps = snapshotAtEachStep(emulator, routerView)
    const { report } = await runWith(emulator, { image: 'web:2', steps: '5,25,50,100', 'step-pause': '5s', ...given })
    expect(report.result).toBe('promoted')
    expect(steps.map((s) => s.weight)).toEqual([5, 25, 50])
    expect(steps.map((s) => s.router)).toEqual(expectedAtSteps)
    for (const s of steps) {
      expect(s.canaryService).toEqual({ app: 'web', [ROLE_LABEL]: 'canary' })
      expect(s.stableSelector).toMatchObject({ app: 'web', 'pod-template-hash': expect.any(String) })
      expect(s.stable).toBe(4)
    }
    expect(steps.map((s) => s.canary)).toEqual([1, 1, 2])
    expect(imageOf(emulator)).toBe('web:2')
    expectRestored(emulator)
    expectAllStable(emulator)
  })

  it('a failure mid-schedule restores the router to 100% stable and removes the canary objects', async () => {
    emulator = await startEmulator({ images: { 'web:bad': { failure: 'ImagePullBackOff' } } })
    deployStable(emulator, extra())
    const { report } = await runWith(emulator, { image: 'web:bad', steps: '5,100', ...given, 'rollout-timeout': '2m' })
    expect(report.result).toBe('aborted')
    expect(report.abortedReason).toMatch(/error moving to 5%: Deployment web-canary cannot become ready: .*(ErrImagePull|ImagePullBackOff)/)
    expectRestored(emulator)
    expectAllStable(emulator)
    expect(imageOf(emulator)).toBe('web:1')
  })
})

describe('bookkeeping', () => {
  it('a missing router object fails before any change, naming the input', async () => {
    emulator = await startEmulator()
    deployStable(emulator)
    const before = writes(emulator).length
    await expect(runWith(emulator, { image: 'web:2', traffic: 'istio', 'virtual-service': 'nope' })).rejects.toThrow(/Input 'virtual-service': the VirtualService 'nope' does not exist/)
    await expect(runWith(emulator, { image: 'web:2', traffic: 'gateway-api', 'http-route': 'web', service: 'api' })).rejects.toThrow(/Input 'service': the Service 'api' does not exist/)
    expect(writes(emulator).length).toBe(before)
  })

  it('refuses a second canary on the same Deployment, and a rerun after an abort starts cleanly', async () => {
    emulator = await startEmulator()
    deployStable(emulator)
    const held = await runWith(emulator, { image: 'web:2', action: 'start', steps: '25,50,100', 'hold-at': '25' }, { runId: '1' })
    expect(held.report.result).toBe('holding')
    expect(held.claimed).toBe(false)
    expect(stateOf(emulator)).toMatchObject({ phase: 'holding', weight: 25, owner: '1/1/c' })
    const writesBefore = writes(emulator).length
    await expect(runWith(emulator, { image: 'web:3' }, { runId: '2' })).rejects.toThrow(/already has a canary of run 1\/1\/c \(holding at 25%\)/)
    // Another step or matrix job of the same workflow run is concurrent too.
    await expect(runWith(emulator, { image: 'web:3' }, { runId: '1', claim: 'matrix-b' })).rejects.toThrow(/already has a canary of run 1\/1\/c/)
    expect(writes(emulator).length).toBe(writesBefore)
    const aborted = await runWith(emulator, { action: 'abort' }, { runId: '3' })
    expect(aborted.report).toMatchObject({ result: 'aborted', abortedReason: 'aborted by request (action: abort)' })
    expectAllStable(emulator)
    expect(replicasOf(emulator, 'web')).toBe(4)
    const rerun = await runWith(emulator, { image: 'web:3', steps: '50,100', 'step-pause': '1s' }, { runId: '2', runAttempt: '2' })
    expect(rerun.report.result).toBe('promoted')
    expect(imageOf(emulator)).toBe('web:3')
  })

  it('start holds at a weight; promote in a later run continues from the recorded state', async () => {
    emulator = await startEmulator()
    deployStable(emulator, [routers.istio!])
    const given = { traffic: 'istio', 'virtual-service': 'web', steps: '10,30,60,100', 'step-pause': '2s' }
    const first = await runWith(emulator, { ...given, image: 'web:2', action: 'start', 'hold-at': '30' }, { runId: '7' })
    expect(first.report).toMatchObject({ result: 'holding', weight: 30 })
    expect((emulator.store.get('VirtualService', 'default', 'web')!.spec as any).http[0].route.map((r: { weight: number }) => r.weight)).toEqual([70, 30])
    const second = await runWith(emulator, { ...given, action: 'promote' }, { runId: '8' })
    expect(second.report.result).toBe('promoted')
    expect(second.report.history.map((h) => h.weight)).toEqual([10, 30, 60, 100])
    expect(imageOf(emulator)).toBe('web:2')
    expectAllStable(emulator)
  })

  it('promote continues above the held weight even when given another schedule', async () => {
    emulator = await startEmulator()
    deployStable(emulator, [], 10)
    await runWith(emulator, { image: 'web:2', action: 'start', steps: '10,30,100', 'hold-at': '30' }, { runId: '1' })
    expect(replicasOf(emulator, 'web-canary')).toBe(3)
    const promoted = await runWith(emulator, { action: 'promote', steps: '20,50,100', 'step-pause': '1s' }, { runId: '2' })
    expect(promoted.report.history.map((h) => h.weight)).toEqual([10, 30, 50, 100])
    expect(imageOf(emulator)).toBe('web:2')
    expect(replicasOf(emulator, 'web')).toBe(10)
  })

  it('an abort from another job stops a running canary within one analysis interval, without undoing twice', async () => {
    const server = createServer((_req, res) => res.end('ok')).listen(0, '127.0.0.1')
    await once(server, 'listening')
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
    try {
      emulator = await startEmulator()
      deployStable(emulator)
      emulator.clock.auto(50)
      let aborting: Promise<unknown> | undefined
      emulator.store.subscribe((change) => {
        if (!aborting && change.kind === 'Deployment' && change.object.metadata.annotations?.[STATE_ANNOTATION]?.includes('"weight":25')) {
          aborting = new Promise((resolve) => setTimeout(resolve, 300)).then(() => runWith(emulator, { action: 'abort' }, { runId: '2', sleep: realSleep, now: Date.now }))
        }
      })
      const running = await runWith(emulator, { image: 'web:2', steps: '25:1m,100', 'analysis-interval': '1s', 'health-urls': url }, { sleep: realSleep, now: Date.now })
      await aborting
      expect(running.report).toMatchObject({ result: 'aborted', abortedReason: 'the canary of Deployment web was ended by another run (action: abort)' })
      expect(running.report.measurements.length).toBeLessThanOrEqual(3)
      expectAllStable(emulator)
      expect(replicasOf(emulator, 'web')).toBe(4)
    } finally {
      server.close()
    }
  })

  it('a leftover canary of an earlier attempt of the same run is cleaned up before starting again', async () => {
    emulator = await startEmulator()
    deployStable(emulator)
    await runWith(emulator, { image: 'web:2', action: 'start', steps: '50,100' }, { runId: '9', runAttempt: '1' })
    const rerun = await runWith(emulator, { image: 'web:2', steps: '50,100', 'step-pause': '1s' }, { runId: '9', runAttempt: '2' })
    expect(rerun.report.result).toBe('promoted')
    expect(rerun.report.notes[0]).toMatch(/earlier attempt of this run \(9\/1\/c\) left a canary at 50%/)
  })

  it('survives transient API faults mid-schedule (retried) and restores when the API keeps failing', async () => {
    emulator = await startEmulator()
    deployStable(emulator)
    emulator.faults.error('/apis/apps/v1/namespaces/default/deployments/web', 503, { times: 2 })
    const ok = await runWith(emulator, { image: 'web:2', steps: '25,50,100', 'step-pause': '1s' })
    expect(ok.report.result).toBe('promoted')

    let armed = false
    emulator.store.subscribe((change) => {
      if (!armed && change.kind === 'Deployment' && change.object.metadata.name === 'web-canary' && (change.object.spec as { replicas: number }).replicas === 2) {
        armed = true
        emulator.faults.error('/apis/apps/v1/namespaces/default/deployments/web-canary', 500, { times: 6 })
      }
    })
    const failed = await runWith(emulator, { image: 'web:3', steps: '25,50,75,100', 'step-pause': '1s' }, { runId: '101' })
    expect(failed.report.result).toBe('aborted')
    expect(failed.report.abortedReason).toMatch(/error moving to 50%: .*injected fault \(HTTP 500\)/)
    expectAllStable(emulator)
    expect(imageOf(emulator)).toBe('web:2')
    expect(replicasOf(emulator, 'web')).toBe(4)
  })
})

describe('blue-green', () => {
  it('switches the Service to green after smoke checks, keeps blue, and switches back with abort', async () => {
    emulator = await startEmulator()
    deployStable(emulator)
    const { report } = await runWith(emulator, { image: 'web:2', strategy: 'blue-green', 'step-pause': '0s' })
    expect(report.result).toBe('promoted')
    expect((emulator.store.get('Service', 'default', 'web')!.spec as { selector: unknown }).selector).toEqual({ app: 'web', [ROLE_LABEL]: 'green' })
    expect(imageOf(emulator, 'web-green')).toBe('web:2')
    expect(replicasOf(emulator, 'web-green')).toBe(4)
    expect(imageOf(emulator)).toBe('web:1')
    const back = await runWith(emulator, { action: 'abort' }, { runId: '5' })
    expect(back.report.result).toBe('aborted')
    expect(emulator.store.get('Deployment', 'default', 'web-green')).toBeUndefined()
    expect((emulator.store.get('Service', 'default', 'web')!.spec as { selector: unknown }).selector).toEqual({ app: 'web' })
    expect(stateOf(emulator)).toBeUndefined()
  })

  it('the next run finalizes a kept switch: the stable Deployment takes the image and the Service selects it', async () => {
    emulator = await startEmulator()
    deployStable(emulator)
    await runWith(emulator, { image: 'web:2', strategy: 'blue-green', 'step-pause': '0s' }, { runId: '1' })
    const next = await runWith(emulator, { image: 'web:3', strategy: 'blue-green', 'step-pause': '0s', 'keep-previous': 'false' }, { runId: '2' })
    expect(next.report.result).toBe('promoted')
    expect(next.report.notes[0]).toMatch(/previous switch .* was finalized/)
    expect(imageOf(emulator)).toBe('web:3')
    expect(emulator.store.get('Deployment', 'default', 'web-green')).toBeUndefined()
    expect((emulator.store.get('Service', 'default', 'web')!.spec as { selector: unknown }).selector).toEqual({ app: 'web' })
  })
})

describe('with a HorizontalPodAutoscaler on the stable Deployment', () => {
  function hpa(): KObject {
    return {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web-hpa', namespace: 'default' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 20, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }] }
    } as KObject
  }

  /** What the autoscaler would report; written through the status subresource, as its controller does (a create ignores status). */
  async function scaledTo(currentReplicas: number): Promise<void> {
    const kc = new KubeConfig()
    kc.loadFromString(emulator.kubeconfig)
    const api = kc.makeApiClient(AutoscalingV2Api)
    const current = await api.readNamespacedHorizontalPodAutoscaler({ name: 'web-hpa', namespace: 'default' })
    await api.replaceNamespacedHorizontalPodAutoscalerStatus({ name: 'web-hpa', namespace: 'default', body: { ...current, status: { currentReplicas, desiredReplicas: currentReplicas } } })
  }

  it('refuses the replicas split, which the autoscaler would undo, before any change', async () => {
    emulator = await startEmulator()
    deployStable(emulator, [hpa()])
    await scaledTo(4)
    const before = writes(emulator).length
    await expect(runWith(emulator, { image: 'web:2', traffic: 'replicas' })).rejects.toThrow("Input 'traffic': the Deployment is scaled by the HorizontalPodAutoscaler 'web-hpa', which would undo a replica split")
    expect(writes(emulator).length).toBe(before)
  })

  it("sizes a routed canary from the autoscaler's current replicas, not the Deployment's spec", async () => {
    emulator = await startEmulator()
    deployStable(emulator, [routers.istio!, hpa()])
    await scaledTo(10)
    const snapshots = snapshotAtEachStep(emulator)
    const { report } = await runWith(emulator, { image: 'web:2', traffic: 'istio', 'virtual-service': 'web', steps: '30,100', 'step-pause': '1s' })
    expect(report.result).toBe('promoted')
    // 30% of the 10 pods the autoscaler runs is 3 canary pods; of the Deployment's spec (4) it would be 2.
    expect(snapshots.find((s) => s.weight === 30)?.canary).toBe(3)
  })
})

