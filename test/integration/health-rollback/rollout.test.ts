/**
 * health-rollback on the real local cluster: the failure states come from the kubelet and the deployment
 * controller, `rollout undo` is judged by what the controller and the pinned kubectl make of it, API faults come from
 * the fault proxy in front of the API server.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import type { V1Deployment } from '@kubernetes/client-node'
import { REJECTED_TEMPLATE_ANNOTATION } from '../../../src/health-rollback/rollback-decision.js'
import { KubeClient } from '../../../src/lib/kube/index.js'
import { startHealthService, type HealthService } from '../../../local/services/health-service.js'
import { startFaultProxy as startRegistryFaultProxy } from '../../../local/registry/fault-proxy.js'
import { startSidecarWebhook, type SidecarWebhook } from '../../../local/kube/sidecar-webhook.js'
import {
  deploy,
  deploymentWrites,
  kubectlHistory,
  kubectlRevisionTemplate,
  kubectlTemplate,
  podUrls,
  re,
  run,
  runningImages,
  setImage,
  startWeb,
  templateImage,
  undoPatches,
  undoRequests,
  untilWeb,
  waitRolledOut,
  type Web
} from '../../../local/scenarios/health-rollback.js'

let service: HealthService
let web: Web | undefined
beforeAll(async () => {
  service = await startHealthService({ name: 'web' })
})
afterAll(() => service.stop())
afterEach(async () => {
  await web?.close()
  web = undefined
  await service.set({ healthStatus: 200, latencyMs: 0, errorRate: 0, dropHealthz: 0 })
})

const progressing = (d: V1Deployment | undefined) => d?.status?.conditions?.find((c) => c.type === 'Progressing')

/** Deployments as the controller left them, in order (a watch sees every version, also short-lived ones). */
async function recordDeployments(w: Web): Promise<V1Deployment[]> {
  const seen: V1Deployment[] = []
  await w.kube.watchDeployments((_type, d) => seen.push(d))
  return seen
}

/**
 * The status the controller wrote once it had observed the change of the template to `image`, if that status still
 * carried the ProgressDeadlineExceeded of the ReplicaSet running `timedOutImage` (an earlier rollout).
 */
async function staleDeadline(w: Web, seen: V1Deployment[], image: string, timedOutImage: string) {
  const imageOf = (template: { spec?: { containers: { image?: string }[] } } | undefined) => template?.spec?.containers[0]?.image
  const replicaSets = (await w.kube.apps.listNamespacedReplicaSet({ namespace: w.kube.namespace })).items
  const timedOut = replicaSets.find((rs) => imageOf(rs.spec?.template) === timedOutImage)!.metadata!.name!
  const generation = seen.find((d) => imageOf(d.spec?.template) === image)?.metadata?.generation
  const deadline = `ReplicaSet "${timedOut}" has timed out progressing.`
  return seen.find((d) => d.status?.observedGeneration === generation && progressing(d)?.reason === 'ProgressDeadlineExceeded' && progressing(d)?.message === deadline)
}

describe('health-rollback on the real cluster', () => {
  it('passes a healthy rollout and changes nothing', async () => {
    web = await startWeb({ proxy: true })
    const [v1, v2] = [web.image('1'), web.image('2')]
    await deploy(web, [v1, v2])
    const result = await run(web, { 'health-urls': service.healthUrl, 'expected-image': v2 })
    expect(result).toMatchObject({ healthy: true, rolledBack: false, fromRevision: 2, fromImages: [v2] })
    expect(result.failure).toBeUndefined()
    expect(result.events.filter((e) => e.kind === 'probe')).toHaveLength(3)
    expect(await runningImages(web)).toEqual([v2])
    expect(deploymentWrites(web)).toHaveLength(0)
  })

  it('catches ImagePullBackOff without waiting for the progress deadline and rolls back', async () => {
    web = await startWeb()
    const [v1, missing] = [web.image('1'), web.image('missing')]
    await deploy(web, [v1, missing], { spec: { progressDeadlineSeconds: 600 } })
    const revision1 = await kubectlRevisionTemplate(web, 1)
    const started = Date.now()
    const result = await run(web, { 'health-urls': service.healthUrl })
    // The 30 s a pull error is given to clear (lib/kube/pods TRANSIENT_GRACE_MS) plus seconds, not the 600 s deadline.
    expect(result.marks.firstFailureAt! - started).toBeLessThan(90_000)
    expect(result).toMatchObject({ healthy: false, rolledBack: true, fromRevision: 2, toRevision: 1, fromImages: [missing], toImages: [v1] })
    // The kubelet's own words: containerd found no such tag in the registry.
    expect(result.failure).toMatch(new RegExp(`^rolled back from revision 2 \\(${re(missing)}\\) to revision 1 \\(${re(v1)}\\) because the rollout failed: pod web-\\S+ container app: (ErrImagePull|ImagePullBackOff) \\(.*${re(missing)}: not found`))
    expect(result.events.some((e) => e.kind === 'probe')).toBe(false)
    expect(result.events.find((e) => e.kind === 'pod')).toMatchObject({ reason: expect.stringMatching(/ImagePullBackOff|ErrImagePull/) })
    expect(await runningImages(web)).toEqual([v1])
    // kubectl's judgement: revision 1 became revision 3, and the Deployment's template is exactly its template.
    expect(await kubectlHistory(web)).toEqual([2, 3])
    expect(await kubectlTemplate(web)).toEqual(revision1)
    expect(await kubectlRevisionTemplate(web, 3)).toEqual(revision1)
  })

  it('fails fast on CreateContainerConfigError (an env var from a Secret that does not exist)', async () => {
    web = await startWeb()
    const [v1, v2] = [web.image('1'), web.image('2')]
    await deploy(web, [v1, v2], { last: { env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] } })
    const result = await run(web, {})
    expect(result.rolledBack).toBe(true)
    expect(result.reason).toMatch(/CreateContainerConfigError \(secret "db" not found\)/)
    expect(await runningImages(web)).toEqual([v1])
  })

  describe('with a sidecar injected into every pod by a real mutating admission webhook', () => {
    let webhook: SidecarWebhook | undefined
    afterEach(async () => {
      await webhook?.stop()
      webhook = undefined
    })

    it('judges the container it manages: a healthy rollout passes, a crashing version is rolled back and the restore confirmed', async () => {
      web = await startWeb()
      webhook = await startSidecarWebhook(web.kube, { name: 'mesh-proxy', image: web.image('1') })
      const [v1, v2] = [web.image('1'), web.image('2')]
      await deploy(web, [v1, v2])
      const healthy = await run(web, { 'rollout-timeout': '2m' })
      expect(healthy).toMatchObject({ healthy: true, rolledBack: false })
      expect(webhook.injected.length).toBeGreaterThan(0)
      const pods = await web.kube.pods()
      expect(pods.every((p) => p.spec?.containers.map((c) => c.name).join(',') === 'app,mesh-proxy')).toBe(true)

      await setImage(web, web.image('crash'))
      const crashed = await run(web, { 'rollout-timeout': '2m' })
      expect(crashed).toMatchObject({ healthy: false, rolledBack: true })
      expect(crashed.failure ?? '').not.toMatch(/not confirmed|did not finish/)
      expect(await templateImage(web)).toBe(v2)
    }, 240_000)
  })

  it('a Secret created seconds after the Deployment is not a failure: the CreateContainerConfigError clears and nothing is rolled back', async () => {
    web = await startWeb()
    const [v1, v2] = [web.image('1'), web.image('2')]
    await deploy(web, [v1, v2], { last: { env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] } })
    const w = web
    const late = (async () => {
      await w.kube.until(async () => (await w.kube.pods()).some((p) => p.status?.containerStatuses?.some((c) => c.state?.waiting?.reason === 'CreateContainerConfigError')), 'the config error seen', 60_000)
      await new Promise((resolve) => setTimeout(resolve, 5000))
      await w.kube.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'late' } } as never)
    })()
    const result = await run(web, { 'rollout-timeout': '3m' })
    await late
    expect(result).toMatchObject({ healthy: true, rolledBack: false })
    expect(await templateImage(web)).toBe(v2)
  }, 150_000)

  it('a registry that refuses the first pulls and then serves is not a failure: the pull error clears and nothing is rolled back', async () => {
    web = await startWeb()
    const [v1, v2] = [web.image('1'), web.image('2')]
    await deploy(web, [v1])
    // The node pulls v2 through a fault proxy in front of the cluster's registry, which answers 503 to every manifest
    // request for the first 8 s; containerd learns the proxy's host the way it knows the registry (a hosts.toml).
    const registry = await startRegistryFaultProxy(Number(web.kube.cluster.registry.split(':')[1]))
    const hostsDir = path.join(path.dirname(web.kube.cluster.kubeconfig), '..', 'containerd', 'certs.d', registry.host)
    mkdirSync(hostsDir, { recursive: true })
    writeFileSync(path.join(hostsDir, 'hosts.toml'), `server = "http://${registry.host}"\n\n[host."http://${registry.host}"]\n  capabilities = ["pull", "resolve"]\n`)
    try {
      let refusingUntil = 0
      registry.rule = ({ path: requested }) => {
        if (!requested.includes('/manifests/')) return undefined
        refusingUntil ||= Date.now() + 8000
        return Date.now() < refusingUntil ? { status: 503 } : undefined
      }
      await setImage(web, v2.replace(web.kube.cluster.registry, registry.host))
      const result = await run(web, { 'rollout-timeout': '3m' })
      expect(registry.requests.some((r) => r.status === 503)).toBe(true)
      expect(result).toMatchObject({ healthy: true, rolledBack: false })
      expect(await templateImage(web)).toBe(v2.replace(web.kube.cluster.registry, registry.host))
    } finally {
      await registry.stop()
      rmSync(hostsDir, { recursive: true, force: true })
    }
  }, 150_000)

  it('fails fast when a ResourceQuota refuses the new pods (the controller\'s FailedCreate), and rolls back', async () => {
    web = await startWeb()
    const [v1, v2] = [web.image('1'), web.image('2')]
    await deploy(web, [v1])
    // Two pods run; the quota leaves no room for the surge of the next version's pods.
    await web.kube.create({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'pods' }, spec: { hard: { pods: '2' } } } as never)
    await setImage(web, v2)
    const result = await run(web, { 'rollout-timeout': '5m' })
    expect(result.rolledBack).toBe(true)
    expect(result.failure).toMatch(/ReplicaSet web-\w+ cannot create its pods: .*exceeded quota: pods/)
    expect(await templateImage(web)).toBe(v1)
  })

  it('fails when the new pods cannot be placed for a minute (requests above any node), with the scheduler\'s reason, and rolls back', async () => {
    web = await startWeb()
    const [v1, v2] = [web.image('1'), web.image('2')]
    await deploy(web, [v1, v2], { last: { resources: { requests: { cpu: '1000' } } } })
    const result = await run(web, { 'rollout-timeout': '5m' })
    expect(result.rolledBack).toBe(true)
    expect(result.failure).toMatch(/pod web-\w+-\w+ could not be placed for \d+ s: 0\/1 nodes are available: 1 Insufficient cpu/)
    expect(await templateImage(web)).toBe(v1)
  }, 150_000)

  it('rolls back a crash-looping version once restarts reach max-restarts, with its last log lines', async () => {
    web = await startWeb()
    const v1 = web.image('1')
    await deploy(web, [v1, web.image('crash')])
    // The kubelet's back-off (10 s, then 20 s) puts the 2nd restart about 15-20 s after the pod starts.
    const result = await run(web, { 'max-restarts': '2', 'rollout-timeout': '10m' })
    expect(result).toMatchObject({ healthy: false, rolledBack: true, toImages: [v1] })
    expect(result.reason).toMatch(/CrashLoopBackOff, [2-9] restarts/)
    const pod = result.events.find((e) => e.kind === 'pod' && e.reason === 'CrashLoopBackOff')
    expect(pod).toMatchObject({ logs: expect.arrayContaining([expect.stringContaining('FAULT=crash, exiting 1')]) })
    expect(await runningImages(web)).toEqual([v1])
  }, 90_000)

  it('rolls back when probes fail after a good rollout, after failure-threshold rounds in a row', async () => {
    web = await startWeb({ proxy: true })
    const [v1, bad] = [web.image('1'), web.image('bad')]
    await deploy(web, [v1, bad])
    await waitRolledOut(web)
    // The new version is Ready (its /healthz answers) but answers 500 on /.
    const [url] = await podUrls(web, '/')
    const result = await run(web, { 'health-urls': url!, probes: '10' })
    expect(result.events.filter((e) => e.kind === 'probe')).toHaveLength(3)
    expect(result.failure).toBe(`rolled back from revision 2 (${bad}) to revision 1 (${v1}) because ${url}: status 500 (expected 200) (3 failures in a row)`)
    expect(await templateImage(web)).toBe(v1)
    expect(undoPatches(web)).toHaveLength(1)
  })

  it('on a re-run, never treats the version it rolled back from as known-good', async () => {
    web = await startWeb({ proxy: true })
    const [v1, v2] = [web.image('1'), web.image('2')]
    await deploy(web, [v1, v2])
    await service.set({ healthStatus: 503 })
    expect((await run(web, { 'health-urls': service.healthUrl })).rolledBack).toBe(true)
    const replicaSets = (await web.kube.apps.listNamespacedReplicaSet({ namespace: web.kube.namespace })).items
    const rejected = replicaSets.find((rs) => rs.spec?.template?.spec?.containers[0]?.image === v2)!
    expect((await web.kube.deployment('web'))!.metadata?.annotations?.[REJECTED_TEMPLATE_ANNOTATION]).toBe(rejected.metadata?.labels?.['pod-template-hash'])
    const again = await run(web, { 'health-urls': service.healthUrl })
    expect(again.rolledBack).toBe(false)
    expect(again.failure).toMatch(new RegExp(`not rolled back: the previous revision 2 \\(${re(v2)}\\) is the version an earlier health-rollback rolled back from`))
    expect(undoPatches(web)).toHaveLength(1)
    expect(await templateImage(web)).toBe(v1)
  })

  it('does not roll back for one dropped connection (default failure-threshold 3)', async () => {
    web = await startWeb()
    await deploy(web, [web.image('1'), web.image('2')])
    await service.set({ dropHealthz: 1 })
    const result = await run(web, { 'health-urls': service.healthUrl, probes: '4' })
    const probes = result.events.filter((e) => e.kind === 'probe')
    expect(probes.map((p) => p.kind === 'probe' && p.ok)).toEqual([false, true, true, true])
    expect(result.healthy).toBe(true)
  })

  it('resumes a paused Deployment before the undo, and says so', async () => {
    web = await startWeb()
    const v1 = web.image('1')
    await deploy(web, [v1, web.image('2')])
    await waitRolledOut(web)
    const paused = await new KubeClient(web.kube.kc, { log: () => {} }).setDeploymentPaused(web.kube.namespace, 'web', true)
    await untilWeb(web, (d) => d?.status?.observedGeneration === paused.metadata?.generation, 'the pause observed')
    await service.set({ healthStatus: 500 })
    const result = await run(web, { 'health-urls': service.healthUrl })
    expect(result.rolledBack).toBe(true)
    const steps = result.events.filter((e) => e.kind === 'rollback').map((e) => e.kind === 'rollback' && e.step)
    expect(steps).toEqual(['resume', 'request', 'restored'])
    expect(result.events.find((e) => e.kind === 'rollback' && e.step === 'resume')).toMatchObject({ message: expect.stringMatching(/was paused; resumed it first/) })
    expect((await web.kube.deployment('web'))!.spec?.paused).toBeFalsy()
    expect(await runningImages(web)).toEqual([v1])
  })

  it('with revisionHistoryLimit 0 fails clearly and changes nothing', async () => {
    web = await startWeb({ proxy: true })
    const v2 = web.image('2')
    await deploy(web, [web.image('1'), v2], { spec: { revisionHistoryLimit: 0 } })
    await waitRolledOut(web)
    await service.set({ healthStatus: 500 })
    const before = (await web.kube.deployment('web'))!
    const result = await run(web, { 'health-urls': service.healthUrl })
    expect(result).toMatchObject({ healthy: false, rolledBack: false })
    expect(result.failure).toMatch(new RegExp(`revision 2 \\(${re(v2)}\\) is unhealthy because .*; not rolled back: deployment "web" has revisionHistoryLimit 0`))
    // Not the resourceVersion: the controller may still write the status (e.g. after pruning the old ReplicaSet).
    const after = (await web.kube.deployment('web'))!
    expect(after.metadata?.generation).toBe(before.metadata?.generation)
    expect(after.metadata?.annotations).toEqual(before.metadata?.annotations)
    expect(deploymentWrites(web)).toHaveLength(0)
  })

  it('rolls back to the revision named by to-revision', async () => {
    web = await startWeb()
    const v1 = web.image('1')
    await deploy(web, [v1, web.image('2'), web.image('missing')])
    const revision1 = await kubectlRevisionTemplate(web, 1)
    const result = await run(web, { 'to-revision': '1' })
    expect(result).toMatchObject({ rolledBack: true, fromRevision: 3, toRevision: 1, toImages: [v1] })
    expect(await runningImages(web)).toEqual([v1])
    expect((await web.kube.deployment('web'))!.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('4')
    expect(await kubectlHistory(web)).toEqual([2, 3, 4])
    expect(await kubectlTemplate(web)).toEqual(revision1)
  })

  it('refuses a to-revision that is not in the history, changing nothing', async () => {
    web = await startWeb()
    const missing = web.image('missing')
    await deploy(web, [web.image('1'), missing])
    const result = await run(web, { 'to-revision': '7' })
    expect(result.rolledBack).toBe(false)
    expect(result.failure).toMatch(/not rolled back: unable to find specified revision 7 in history/)
    expect(await templateImage(web)).toBe(missing)
  })

  it('retries API faults during the rollback and rolls back exactly once', async () => {
    web = await startWeb({ proxy: true })
    await deploy(web, [web.image('1'), web.image('missing')])
    const ns = web.kube.namespace
    web.proxy!.faults.error(`/apis/apps/v1/namespaces/${ns}/deployments/web`, 503, { method: 'PATCH', times: 2 })
    const throttled = web.proxy!.faults.throttle(`/apis/apps/v1/namespaces/${ns}/replicasets`, 0, { times: 1 })
    const result = await run(web, {})
    expect(result.rolledBack).toBe(true)
    expect(throttled.hits).toBe(1)
    expect(undoRequests(web).map((r) => r.status)).toEqual([503, 503, 200])
    expect(result.events.filter((e) => e.kind === 'rollback' && e.step === 'request')).toHaveLength(1)
    expect((await web.kube.deployment('web'))!.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('3')
    expect(await kubectlHistory(web)).toEqual([2, 3])
  })

  it('reports an undo that keeps failing as a failed rollback, not as rolled back', async () => {
    web = await startWeb({ proxy: true })
    const missing = web.image('missing')
    await deploy(web, [web.image('1'), missing])
    web.proxy!.faults.error(`/apis/apps/v1/namespaces/${web.kube.namespace}/deployments/web`, 500, { method: 'PATCH' })
    const result = await run(web, {})
    expect(result.rolledBack).toBe(false)
    expect(result.failure).toMatch(/is unhealthy because the rollout failed: .*; the rollback to revision 1 failed: .*HTTP 500/)
    expect(await templateImage(web)).toBe(missing)
  })

  it('verifies the restored image despite the stale ProgressDeadlineExceeded after the undo', async () => {
    web = await startWeb()
    const [v1, unready] = [web.image('1'), web.image('unready')]
    await deploy(web, [v1, web.image('2'), unready], { spec: { progressDeadlineSeconds: 5 } })
    const seen = await recordDeployments(web)
    const result = await run(web, { 'to-revision': '1', 'rollout-timeout': '5m' })
    expect(result.reason).toMatch(/exceeded its progress deadline/)
    expect(result).toMatchObject({ rolledBack: true, toRevision: 1, toImages: [v1] })
    // The trap was there: the controller's first status for the undo kept the old ProgressDeadlineExceeded.
    expect(await staleDeadline(web, seen, v1, unready)).toBeDefined()
    const progress = result.events.filter((e) => e.kind === 'rollout' && e.phase === 'rollback').map((e) => e.kind === 'rollout' && e.message)
    expect(progress.length).toBeGreaterThan(1)
    expect(result.events.find((e) => e.kind === 'rollback' && e.step === 'restored')).toMatchObject({ message: expect.stringMatching(new RegExp(`runs ${re(v1)} on 2 ready pods`)) })
    expect(await runningImages(web)).toEqual([v1])
  })

  it('passes a redeploy of an older, scaled-down version although the first sync keeps the previous ProgressDeadlineExceeded', async () => {
    web = await startWeb()
    const [v1, unready] = [web.image('1'), web.image('unready')]
    await deploy(web, [v1, web.image('2'), unready], { spec: { progressDeadlineSeconds: 5 } })
    await untilWeb(web, (d) => progressing(d)?.reason === 'ProgressDeadlineExceeded', 'the progress deadline exceeded')
    const seen = await recordDeployments(web)
    await setImage(web, v1)
    const result = await run(web, { 'expected-image': v1 })
    expect(result).toMatchObject({ healthy: true, rolledBack: false, fromImages: [v1] })
    // The real controller's first sync of the redeploy keeps the ProgressDeadlineExceeded of the unready ReplicaSet,
    // observedGeneration already caught up; whether the action reads that short-lived state is timing.
    expect(await staleDeadline(web, seen, v1, unready)).toBeDefined()
    const messages = result.events.filter((e) => e.kind === 'rollout').map((e) => e.kind === 'rollout' && e.message)
    for (const message of messages.filter((m) => String(m).includes('ProgressDeadlineExceeded'))) {
      expect(message).toMatch(/^ignoring the ProgressDeadlineExceeded of ReplicaSet "web-\w+", an earlier rollout/)
    }
  })

  it('does not roll back a Deployment that runs another image than expected-image', async () => {
    web = await startWeb()
    const v2 = web.image('2')
    await deploy(web, [web.image('1'), v2])
    const result = await run(web, { 'expected-image': web.image('3') })
    expect(result.rolledBack).toBe(false)
    expect(result.failure).toMatch(new RegExp(`runs ${re(v2)}, not the expected ${re(web.image('3'))}`))
    expect(await templateImage(web)).toBe(v2)
  })

  it('expected-image as a tag matches a Deployment that runs the same image by digest, and the other way round', async () => {
    web = await startWeb()
    await deploy(web, [web.image('1'), web.pinned('2')])
    const byTag = await run(web, { 'expected-image': web.image('2') })
    expect(byTag).toMatchObject({ healthy: true, rolledBack: false })
    expect(byTag.failure).toBeUndefined()
    await setImage(web, web.image('3'))
    await waitRolledOut(web)
    const byDigest = await run(web, { 'expected-image': web.pinned('3') })
    expect(byDigest).toMatchObject({ healthy: true, rolledBack: false })
  })

  it('expected-image as a tag that resolves to another digest than the one running is another image, named by both digests', async () => {
    web = await startWeb()
    await deploy(web, [web.image('1'), web.pinned('2')])
    const result = await run(web, { 'expected-image': web.image('3') })
    expect(result.rolledBack).toBe(false)
    expect(result.failure).toMatch(new RegExp(`runs ${re(web.pinned('2'))}, not the expected ${re(web.image('3'))}`))
    expect(await templateImage(web)).toBe(web.pinned('2'))
  })

  it('does not roll back a failing rollout of another image than expected-image', async () => {
    web = await startWeb({ proxy: true })
    const missing = web.image('missing')
    await deploy(web, [web.image('1'), missing])
    const result = await run(web, { 'expected-image': web.image('2') })
    expect(result.rolledBack).toBe(false)
    expect(result.failure).toMatch(new RegExp(`not rolled back: the Deployment runs ${re(missing)}, not the expected ${re(web.image('2'))}`))
    expect(undoPatches(web)).toHaveLength(0)
  })
})
