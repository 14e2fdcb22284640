/** health-rollback run as the runner runs it: dist bundle, INPUT_* variables, output/state/summary files, post step. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import YAML from 'yaml'
import { ROOT, runAction } from '../support/harness.js'
import { startEmulator, type Emulator } from '../support/k8s-emulator/index.js'
import { startHealthService, type HealthService } from '../support/services/health-service.js'
import { deploymentManifest } from '../integration/health-rollback/setup.js'

const action = YAML.parse(readFileSync(path.join(ROOT, 'actions/health-rollback/action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>
  outputs: Record<string, unknown>
}

describe('action.yml', () => {
  it('declares the contract inputs and outputs', () => {
    for (const name of ['kubeconfig', 'context', 'namespace', 'deployment', 'expected-image', 'rollout-timeout', 'max-restarts', 'health-urls', 'expected-status', 'body-match', 'json-path', 'json-expected', 'max-latency', 'probe-headers', 'probes', 'probe-interval', 'failure-threshold', 'prometheus-url', 'metrics', 'no-data', 'rollback', 'to-revision', 'rollback-command', 'github-token', 'environment', 'deployment-id']) {
      expect(action.inputs).toHaveProperty([name])
    }
    expect(Object.keys(action.outputs)).toEqual(['healthy', 'rolled-back', 'from-revision', 'to-revision', 'from-image', 'to-image', 'reason', 'report-file'])
    expect(action.inputs['rollout-timeout']!.default).toBe('5m')
    expect(action.inputs['failure-threshold']!.default).toBe('3')
    expect(action.inputs['no-data']!.default).toBe('fail')
  })

  it('every input it declares is read by the action', () => {
    // The metrics source inputs (Prometheus, its authentication, Datadog) are read by readers both actions share.
    const source = ['src/health-rollback/inputs.ts', 'src/lib/metrics/prometheus-auth.ts', 'src/lib/metrics/source.ts'].map((file) => readFileSync(path.join(ROOT, file), 'utf8')).join('\n')
    for (const name of Object.keys(action.inputs)) expect(source).toContain(`'${name}'`)
  })
})

let service: HealthService
let emulator: Emulator | undefined
beforeAll(async () => {
  service = await startHealthService({ name: 'web' })
})
afterAll(() => service.stop())
afterEach(async () => {
  await emulator?.stop()
  emulator = undefined
})

/** A cluster where `web` ran web:1 and web:2 (or web:bad) is being rolled out; emulated time runs 50x. */
async function cluster(next: string): Promise<Emulator> {
  emulator = await startEmulator({ images: { 'web:bad': { failure: 'ImagePullBackOff' }, 'web:2': { readyAfterMs: 2000 } } })
  emulator.store.create(deploymentManifest('web', 'web:1'))
  emulator.clock.advance(10_000)
  const d = emulator.store.get('Deployment', 'default', 'web')!
  emulator.store.replace({ ...d, spec: { ...d.spec, template: { ...d.spec.template, spec: { containers: [{ name: 'app', image: next }] } } } })
  emulator.clock.auto(50)
  return emulator
}

const fast = { probes: '3', 'probe-interval': '100ms', 'probe-timeout': '1s' }

describe('dist/health-rollback/index.js', () => {
  it('reports a healthy rollout, writes the report, and the post step removes the kubeconfig file', async () => {
    const k8s = await cluster('web:2')
    const result = await runAction('health-rollback', {
      inputs: { kubeconfig: k8s.kubeconfig, deployment: 'web', 'health-urls': service.healthUrl, 'expected-image': 'web:2', 'probe-headers': 'Authorization: Bearer probe-t0ken', ...fast }
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ healthy: 'true', 'rolled-back': 'false', 'from-revision': '2', 'from-image': 'web:2', 'to-image': '' })
    const report = JSON.parse(readFileSync(result.outputs['report-file']!, 'utf8')) as { healthy: boolean; events: { kind: string }[] }
    expect(report.healthy).toBe(true)
    expect(report.events.filter((e) => e.kind === 'probe')).toHaveLength(3)
    expect(result.summary).toContain('health-rollback: default/web — ✅ healthy')
    expect(result.summary).toMatch(/\| 1 \| \+[\d.]+s \| http:\/\/127\.0\.0\.1:\d+\/healthz \| 200 \| \d+ms \| ✅ \|/)
    expect(result.summary).toContain('```mermaid\ngantt')
    // The kubeconfig: masked, written 0600 under RUNNER_TEMP, gone after the post step.
    const file = result.state['kubeconfig-file']!
    expect(path.dirname(file)).toBe(path.join(path.dirname(result.outputs['report-file']!)))
    expect(result.masks).toContain(k8s.token)
    expect(result.masks).toContain('Bearer probe-t0ken')
    expect(result.post?.exitCode).toBe(0)
    expect(existsSync(file)).toBe(false)
    const logged = result.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'))
    expect(logged.join('\n')).not.toContain(k8s.token)
  })

  it('rolls back a version whose image cannot be pulled and fails the step saying so', async () => {
    const k8s = await cluster('web:bad')
    const result = await runAction('health-rollback', { inputs: { kubeconfig: k8s.kubeconfig, deployment: 'web', 'health-urls': service.healthUrl, ...fast } })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ healthy: 'false', 'rolled-back': 'true', 'from-revision': '2', 'to-revision': '1', 'from-image': 'web:bad', 'to-image': 'web:1' })
    expect(result.outputs.reason).toMatch(/^the rollout failed: pod web-\S+ container app: (ErrImagePull|ImagePullBackOff)/)
    expect(result.annotations.find((a) => a.level === 'error')?.message).toMatch(/^rolled back from revision 2 \(web:bad\) to revision 1 \(web:1\) because the rollout failed/)
    expect(result.summary).toContain('❌ rolled back')
    expect(result.summary).toMatch(/rollback: request \| rollout undo deployment\/web --to-revision=1 \(web:1\)/)
    expect(result.summary).toContain('### Failing pods')
    expect(k8s.store.get('Deployment', 'default', 'web')!.spec.template.spec.containers[0].image).toBe('web:1')
  })

  it('fails bad inputs before any request to the cluster, naming each input', async () => {
    const k8s = await cluster('web:2')
    const before = k8s.requests.length
    const result = await runAction('health-rollback', {
      inputs: { kubeconfig: k8s.kubeconfig, deployment: 'web', 'expected-status': '2xx', 'no-data': 'sometimes', metrics: 'error-rate: sum(x) < 0.01', ...fast }
    })
    expect(result.exitCode).toBe(1)
    const message = result.annotations.find((a) => a.level === 'error')!.message
    expect(message).toMatch(/^3 inputs are invalid:/)
    for (const name of ['expected-status', 'no-data', 'prometheus-url']) expect(message).toContain(`Input '${name}'`)
    expect(k8s.requests.length).toBe(before)
    expect(result.state['kubeconfig-file']).toBeUndefined()
  })

  it('fails clearly when the Deployment does not exist', async () => {
    const k8s = await cluster('web:2')
    const result = await runAction('health-rollback', { inputs: { kubeconfig: k8s.kubeconfig, deployment: 'api', ...fast } })
    expect(result.exitCode).toBe(1)
    expect(result.annotations.find((a) => a.level === 'error')?.message).toMatch(/could not read deployment "api" in namespace "default": deployments.apps "api" not found \(HTTP 404\)/)
    expect(existsSync(result.state['kubeconfig-file']!)).toBe(false)
  })
})

it('writes the kubeconfig 0600 while the step runs', async () => {
  // Checked in-process: the harness only sees the file after the step, when the post step has not yet run.
  const { loadKubeconfig, removeKubeconfigFile } = await import('../../src/lib/kube/index.js')
  const k8s = await startEmulator()
  try {
    const loaded = loadKubeconfig({ content: k8s.kubeconfig, env: { RUNNER_TEMP: path.join(ROOT, '.tmp') } as NodeJS.ProcessEnv })
    expect(statSync(loaded.file!).mode & 0o777).toBe(0o600)
    expect(removeKubeconfigFile(loaded.file)).toBe(true)
  } finally {
    await k8s.stop()
  }
})
