import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { startEmulator, type Emulator } from '../../support/k8s-emulator/index.js'
import { startHealthService, type HealthService } from '../../support/services/health-service.js'
import { clientFor, deploy, deploymentWrites, run, runningImages, templateImage, undoPatches } from './setup.js'

let service: HealthService
let emulator: Emulator | undefined
beforeAll(async () => {
  service = await startHealthService({ name: 'web' })
})
afterAll(() => service.stop())
afterEach(async () => {
  await emulator?.stop()
  emulator = undefined
  await service.set({ healthStatus: 200, latencyMs: 0, errorRate: 0, dropHealthz: 0 })
})

const images = {
  'web:2': { readyAfterMs: 2000 },
  'web:bad': { failure: 'ImagePullBackOff' as const },
  'web:nocfg': { failure: 'CreateContainerConfigError' as const, message: 'secret "db" not found' },
  'web:crash': { failure: 'CrashLoopBackOff' as const, crashAfterMs: 500, logs: ['starting', 'panic: database unreachable'] },
  'web:slow': { readyAfterMs: 3_600_000 }
}

describe('health-rollback against the emulated cluster', () => {
  it('passes a healthy rollout and changes nothing', async () => {
    emulator = await startEmulator({ images })
    await deploy(emulator, ['web:1', 'web:2'])
    const result = await run(emulator, { 'health-urls': service.healthUrl, 'expected-image': 'web:2' })
    expect(result).toMatchObject({ healthy: true, rolledBack: false, fromRevision: 2, fromImages: ['web:2'] })
    expect(result.failure).toBeUndefined()
    expect(result.events.filter((e) => e.kind === 'probe')).toHaveLength(3)
    expect(runningImages(emulator)).toEqual(['web:2'])
    expect(deploymentWrites(emulator)).toHaveLength(1) // the deploy itself
  })

  it('catches ImagePullBackOff without waiting for the progress deadline and rolls back', async () => {
    emulator = await startEmulator({ images })
    await deploy(emulator, ['web:1', 'web:bad'], { progressDeadlineSeconds: 600 })
    const started = emulator.clock.now()
    const result = await run(emulator, { 'health-urls': service.healthUrl })
    expect(result.marks.firstFailureAt! - started).toBeLessThan(5000)
    expect(result).toMatchObject({ healthy: false, rolledBack: true, fromRevision: 2, toRevision: 1, fromImages: ['web:bad'], toImages: ['web:1'] })
    expect(result.failure).toMatch(/^rolled back from revision 2 \(web:bad\) to revision 1 \(web:1\) because the rollout failed: pod web-\S+ container app: (ErrImagePull|ImagePullBackOff) /)
    expect(result.events.some((e) => e.kind === 'probe')).toBe(false)
    expect(result.events.find((e) => e.kind === 'pod')).toMatchObject({ reason: expect.stringMatching(/ImagePullBackOff|ErrImagePull/) })
    expect(templateImage(emulator)).toBe('web:1')
    expect(runningImages(emulator)).toEqual(['web:1'])
  })

  it('fails fast on CreateContainerConfigError', async () => {
    emulator = await startEmulator({ images })
    await deploy(emulator, ['web:1', 'web:nocfg'])
    const result = await run(emulator, {})
    expect(result.rolledBack).toBe(true)
    expect(result.reason).toMatch(/CreateContainerConfigError \(secret "db" not found\)/)
  })

  it('rolls back a crash-looping version once restarts reach max-restarts, with its last log lines', async () => {
    emulator = await startEmulator({ images })
    await deploy(emulator, ['web:1', 'web:crash'])
    const result = await run(emulator, { 'max-restarts': '2', 'rollout-timeout': '10m' })
    expect(result).toMatchObject({ healthy: false, rolledBack: true, toImages: ['web:1'] })
    expect(result.reason).toMatch(/CrashLoopBackOff, [2-9] restarts/)
    const pod = result.events.find((e) => e.kind === 'pod' && e.reason === 'CrashLoopBackOff')
    expect(pod).toMatchObject({ logs: expect.arrayContaining(['panic: database unreachable']) })
    expect(runningImages(emulator)).toEqual(['web:1'])
  })

  it('rolls back when probes fail after a good rollout, after failure-threshold rounds in a row', async () => {
    emulator = await startEmulator({ images })
    await deploy(emulator, ['web:1', 'web:2'])
    await service.set({ healthStatus: 503 })
    const result = await run(emulator, { 'health-urls': service.healthUrl, probes: '10' })
    const probes = result.events.filter((e) => e.kind === 'probe')
    expect(probes).toHaveLength(3)
    expect(result.failure).toBe(`rolled back from revision 2 (web:2) to revision 1 (web:1) because ${service.healthUrl}: status 503 (expected 200) (3 failures in a row)`)
    expect(templateImage(emulator)).toBe('web:1')
    expect(undoPatches(emulator)).toHaveLength(1)
  })

  it('on a re-run, never treats the version it rolled back from as known-good', async () => {
    emulator = await startEmulator({ images })
    await deploy(emulator, ['web:1', 'web:2'])
    await service.set({ healthStatus: 503 })
    expect((await run(emulator, { 'health-urls': service.healthUrl })).rolledBack).toBe(true)
    const rejected = emulator.store.list('ReplicaSet', 'default').find((rs) => rs.spec.template.spec.containers[0].image === 'web:2')!
    expect(emulator.store.get('Deployment', 'default', 'web')!.metadata.annotations?.['health-rollback.pipeline-actions.dev/rejected-template']).toBe(rejected.metadata.labels?.['pod-template-hash'])
    const again = await run(emulator, { 'health-urls': service.healthUrl })
    expect(again.rolledBack).toBe(false)
    expect(again.failure).toMatch(/not rolled back: the previous revision 2 \(web:2\) is the version an earlier health-rollback rolled back from/)
    expect(undoPatches(emulator)).toHaveLength(1)
    expect(templateImage(emulator)).toBe('web:1')
  })

  it('does not roll back for one dropped connection (default failure-threshold 3)', async () => {
    emulator = await startEmulator({ images })
    await deploy(emulator, ['web:1', 'web:2'])
    await service.set({ dropHealthz: 1 })
    const result = await run(emulator, { 'health-urls': service.healthUrl, probes: '4' })
    const probes = result.events.filter((e) => e.kind === 'probe')
    expect(probes.map((p) => p.kind === 'probe' && p.ok)).toEqual([false, true, true, true])
    expect(result.healthy).toBe(true)
  })

  it('resumes a paused Deployment before the undo, and says so', async () => {
    emulator = await startEmulator({ images })
    await deploy(emulator, ['web:1', 'web:2'])
    emulator.clock.advance(30_000)
    const d = emulator.store.get('Deployment', 'default', 'web')!
    emulator.store.replace({ ...d, spec: { ...d.spec, paused: true } })
    await service.set({ healthStatus: 500 })
    const result = await run(emulator, { 'health-urls': service.healthUrl })
    expect(result.rolledBack).toBe(true)
    const steps = result.events.filter((e) => e.kind === 'rollback').map((e) => e.kind === 'rollback' && e.step)
    expect(steps).toEqual(['resume', 'request', 'restored'])
    expect(result.events.find((e) => e.kind === 'rollback' && e.step === 'resume')).toMatchObject({ message: expect.stringMatching(/was paused; resumed it first/) })
    expect(emulator.store.get('Deployment', 'default', 'web')!.spec.paused).toBe(false)
    expect(runningImages(emulator)).toEqual(['web:1'])
  })

  it('with revisionHistoryLimit 0 fails clearly and changes nothing', async () => {
    emulator = await startEmulator({ images })
    await deploy(emulator, ['web:1', 'web:2'], { revisionHistoryLimit: 0 })
    emulator.clock.advance(30_000)
    await service.set({ healthStatus: 500 })
    const before = emulator.store.get('Deployment', 'default', 'web')!
    const result = await run(emulator, { 'health-urls': service.healthUrl })
    expect(result).toMatchObject({ healthy: false, rolledBack: false })
    expect(result.failure).toMatch(/revision 2 \(web:2\) is unhealthy because .*; not rolled back: deployment "web" has revisionHistoryLimit 0/)
    const after = emulator.store.get('Deployment', 'default', 'web')!
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion)
    expect(deploymentWrites(emulator)).toHaveLength(1)
  })

  it('rolls back to the revision named by to-revision', async () => {
    emulator = await startEmulator({ images })
    await deploy(emulator, ['web:1', 'web:2', 'web:bad'])
    const result = await run(emulator, { 'to-revision': '1' })
    expect(result).toMatchObject({ rolledBack: true, fromRevision: 3, toRevision: 1, toImages: ['web:1'] })
    expect(runningImages(emulator)).toEqual(['web:1'])
    expect(emulator!.store.get('Deployment', 'default', 'web')!.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('4')
  })

  it('refuses a to-revision that is not in the history, changing nothing', async () => {
    emulator = await startEmulator({ images })
    await deploy(emulator, ['web:1', 'web:bad'])
    const result = await run(emulator, { 'to-revision': '7' })
    expect(result.rolledBack).toBe(false)
    expect(result.failure).toMatch(/not rolled back: unable to find specified revision 7 in history/)
    expect(templateImage(emulator)).toBe('web:bad')
  })

  it('retries API faults during the rollback and rolls back exactly once', async () => {
    emulator = await startEmulator({ images })
    await deploy(emulator, ['web:1', 'web:bad'])
    emulator.faults.error('/apis/apps/v1/namespaces/default/deployments/web', 503, { method: 'PATCH', times: 2 })
    emulator.faults.throttle('/apis/apps/v1/namespaces/default/replicasets', 0, { times: 1 })
    const before = emulator.requests.length
    const result = await run(emulator, {})
    expect(result.rolledBack).toBe(true)
    const patches = emulator.requests.slice(before).filter((r) => r.method === 'PATCH' && r.path.endsWith('/deployments/web') && r.contentType?.startsWith('application/json-patch+json'))
    expect(patches.map((r) => r.status)).toEqual([503, 503, 200])
    expect(result.events.filter((e) => e.kind === 'rollback' && e.step === 'request')).toHaveLength(1)
    expect(emulator!.store.get('Deployment', 'default', 'web')!.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3')
  })

  it('reports an undo that keeps failing as a failed rollback, not as rolled back', async () => {
    emulator = await startEmulator({ images })
    await deploy(emulator, ['web:1', 'web:bad'])
    emulator.faults.error('/apis/apps/v1/namespaces/default/deployments/web', 500, { method: 'PATCH' })
    const result = await run(emulator, {})
    expect(result.rolledBack).toBe(false)
    expect(result.failure).toMatch(/is unhealthy because the rollout failed: .*; the rollback to revision 1 failed: .*HTTP 500/)
  })

  it('verifies the restored image despite the stale ProgressDeadlineExceeded after the undo', async () => {
    emulator = await startEmulator({ images, controllerSyncIntervalMs: 1000 })
    await deploy(emulator, ['web:1', 'web:2', 'web:slow'], { progressDeadlineSeconds: 30 })
    const result = await run(emulator, { 'to-revision': '1', 'rollout-timeout': '5m' })
    expect(result.reason).toMatch(/exceeded its progress deadline/)
    expect(result).toMatchObject({ rolledBack: true, toRevision: 1, toImages: ['web:1'] })
    // The trap was there: right after the undo, the Deployment still read ProgressDeadlineExceeded.
    const progress = result.events.filter((e) => e.kind === 'rollout' && e.phase === 'rollback').map((e) => e.kind === 'rollout' && e.message)
    expect(progress.length).toBeGreaterThan(1)
    expect(result.events.find((e) => e.kind === 'rollback' && e.step === 'restored')).toMatchObject({ message: expect.stringMatching(/runs web:1 on 2 ready pods/) })
    expect(runningImages(emulator)).toEqual(['web:1'])
  })

  it('passes a redeploy of an older, scaled-down version although the first sync keeps the previous ProgressDeadlineExceeded', async () => {
    emulator = await startEmulator({ images, controllerSyncIntervalMs: 1000 })
    await deploy(emulator, ['web:1', 'web:2', 'web:slow'], { progressDeadlineSeconds: 30 })
    emulator.clock.advance(40_000)
    await clientFor(emulator).patchDeployment('default', 'web', { spec: { template: { spec: { containers: [{ name: 'app', image: 'web:1' }] } } } }, 'strategic')
    const result = await run(emulator, { 'expected-image': 'web:1' })
    const messages = result.events.filter((e) => e.kind === 'rollout').map((e) => e.kind === 'rollout' && e.message)
    expect(messages).toContainEqual(expect.stringMatching(/^ignoring the ProgressDeadlineExceeded of ReplicaSet "web-\w+", an earlier rollout/))
    expect(result).toMatchObject({ healthy: true, rolledBack: false, fromImages: ['web:1'] })
  })

  it('does not roll back a Deployment that runs another image than expected-image', async () => {
    emulator = await startEmulator({ images })
    await deploy(emulator, ['web:1', 'web:2'])
    const result = await run(emulator, { 'expected-image': 'web:3' })
    expect(result.rolledBack).toBe(false)
    expect(result.failure).toMatch(/runs web:2, not the expected web:3/)
    expect(templateImage(emulator)).toBe('web:2')
  })

  it('does not roll back a failing rollout of another image than expected-image', async () => {
    emulator = await startEmulator({ images })
    await deploy(emulator, ['web:1', 'web:bad'])
    const result = await run(emulator, { 'expected-image': 'web:2' })
    expect(result.rolledBack).toBe(false)
    expect(result.failure).toMatch(/not rolled back: the Deployment runs web:bad, not the expected web:2/)
    expect(undoPatches(emulator)).toHaveLength(0)
  })
})
