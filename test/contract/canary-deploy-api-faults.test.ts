/**
 * canary-deploy's bundle against the real cluster through the Kubernetes fault proxy, for the API faults a run must
 * ride out: a create that took effect but whose answer was lost (the retry meets its own object and carries on,
 * while an object of that name that is not its own still fails, and is left alone), and API requests that stall
 * (each bounded by a deadline from rollout-timeout, retried, and named with that deadline when they keep stalling).
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { runAction } from '../../local/harness.js'
import type { FaultProxy } from '../../local/kube-fault-proxy/index.js'
import { kubeTest, type KubeTest } from '../../local/kube/client.js'
import { webDeployment } from '../../local/kube/manifests.js'
import { deployStable, faultProxy, image, imageOf, replicasOf, stateOf, writes } from '../../local/scenarios/canary-deploy.js'

let kube: KubeTest
let proxy: FaultProxy
let v1: string, v2: string

beforeAll(async () => {
  ;[v1, v2] = await Promise.all([image('1'), image('2')])
}, 180_000)

beforeEach(async () => {
  kube = await kubeTest('canary-faults')
  await deployStable(kube)
  proxy = await faultProxy()
})
afterEach(async () => {
  await proxy?.stop()
  await kube?.close()
})

/** The bundle through the proxy (whose kubeconfig names no namespace: the input does). */
const run = (inputs: Record<string, string>) =>
  runAction('canary-deploy', { inputs: { kubeconfig: proxy.kubeconfig, namespace: kube.namespace, deployment: 'web', image: v2, steps: '50:1s,100', ...inputs } })

const DEPLOYMENTS = '/apis/apps/v1/namespaces/*/deployments'
const errorsOf = (result: { annotations: { level: string; message: string }[] }) => result.annotations.filter((a) => a.level === 'error').map((a) => a.message)

/** A Deployment named like the canary that canary-deploy did not create (someone's own `web-canary`). */
const foreignCanary = () => webDeployment(v1, { name: 'web-canary', replicas: 1, labels: { app: 'someone-else' } })

describe('a create whose answer is lost', () => {
  it('is retried, meets the canary it created, and the canary carries on to promotion', async () => {
    proxy.faults.loseResponse(DEPLOYMENTS, { method: 'POST', times: 1 })
    const result = await run({})
    expect(errorsOf(result)).toEqual([])
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ result: 'promoted', weight: '100' })
    // The first create reached the API server (201) but its answer never came back; the retry met it (409).
    const creates = proxy.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/deployments'))
    expect(creates.map((r) => [r.fault, r.status])).toEqual([
      ['lose-response', 201],
      [undefined, 409]
    ])
    expect(result.stdout).toContain(`deployment ${kube.namespace}/web-canary already exists and is the one this run created`)
    expect(await imageOf(kube)).toBe(v2)
    expect(await kube.deployment('web-canary')).toBeUndefined()
    expect(await stateOf(kube)).toBeUndefined()
  }, 180_000)

  it('that meets a Deployment of the same name made by someone else fails, names it, and leaves it alone', async () => {
    // The create waits in the proxy; meanwhile someone else's `web-canary` appears, so the create answers 409.
    proxy.faults.latency(DEPLOYMENTS, 3000, { method: 'POST', times: 1 })
    const running = run({})
    await kube.until(() => proxy.requests.some((r) => r.method === 'POST' && r.path.endsWith('/deployments')), 'the canary create reached the proxy', 60_000)
    await kube.create(foreignCanary())
    const result = await running
    expect(result.exitCode).toBe(1)
    expect(result.outputs.result).toBe('aborted')
    expect(result.outputs['aborted-reason']).toMatch(
      new RegExp(`Kubernetes could not create deployment ${kube.namespace}/web-canary: one of that name already exists and was not created by canary-deploy .*delete or rename it`)
    )
    // Stable is back as it was, and the other Deployment is untouched (the cleanup deletes only canary-deploy's own).
    expect(await imageOf(kube)).toBe(v1)
    expect(await replicasOf(kube, 'web')).toBe(4)
    const other = await kube.deployment('web-canary')
    expect(other?.metadata?.labels).toEqual({ app: 'someone-else' })
    expect(other?.spec?.template.spec?.containers[0]!.image).toBe(v1)
    expect(await stateOf(kube)).toBeUndefined()
  }, 180_000)

  it('a Deployment of the canary\'s name that canary-deploy did not create is refused before any change', async () => {
    await kube.create(foreignCanary())
    const result = await run({})
    expect(result.exitCode).toBe(1)
    expect(errorsOf(result).join('\n')).toMatch(new RegExp(`Deployment ${kube.namespace}/web-canary exists and was not created by canary-deploy .*delete or rename it`))
    expect(writes(proxy)).toEqual([])
    expect((await kube.deployment('web-canary'))?.metadata?.labels).toEqual({ app: 'someone-else' })
  }, 120_000)
})

describe('a stalled API request', () => {
  it('is given up after a deadline from rollout-timeout and retried, and the canary carries on', async () => {
    // rollout-timeout 30s: each request may take a third of it.
    proxy.faults.stall(`${DEPLOYMENTS}/web-canary`, { method: 'GET', times: 1 })
    const result = await run({ 'rollout-timeout': '30s' })
    expect(errorsOf(result)).toEqual([])
    expect(result.outputs.result).toBe('promoted')
    expect(result.stdout).toMatch(new RegExp(`Kubernetes API: get deployment ${kube.namespace}/web-canary failed \\(no answer within 10 s\\); retry 1 in \\d+ ms`))
    expect(proxy.requests.filter((r) => r.fault === 'stall')).toHaveLength(1)
  }, 180_000)

  it('that keeps stalling ends the wait within rollout-timeout, naming the request and its deadline, and stable is restored', async () => {
    proxy.faults.stall('/apis/apps/v1/namespaces/*/replicasets', { method: 'GET' })
    const started = Date.now()
    const result = await run({ 'rollout-timeout': '30s' })
    const elapsed = Date.now() - started
    expect(result.exitCode).toBe(1)
    expect(result.outputs.result).toBe('aborted')
    // Each try had 10 s, the last one what was left of the 30 s wait.
    expect(result.outputs['aborted-reason']).toMatch(new RegExp(`^error moving to 50%: Kubernetes could not list replicasets in ${kube.namespace}: no answer within \\d+(\\.\\d)? s, still after retrying`))
    expect(result.stdout).toMatch(new RegExp(`Kubernetes API: list replicasets in ${kube.namespace} failed \\(no answer within 10 s\\); retry 1 in \\d+ ms`))
    // Not undici's 300 s header timeout: a wide margin, as a behaviour check, not a measurement.
    expect(elapsed).toBeLessThan(300_000)
    expect(proxy.requests.filter((r) => r.fault === 'stall').length).toBeGreaterThanOrEqual(2)
    expect(await imageOf(kube)).toBe(v1)
    expect(await kube.deployment('web-canary')).toBeUndefined()
  }, 240_000)
})
