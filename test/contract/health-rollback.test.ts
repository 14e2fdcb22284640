/**
 * health-rollback run as the runner runs it (dist bundle, INPUT_* variables, output/state/summary files, post step)
 * against the real local cluster, through the fault proxy so that its requests can be counted.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import YAML from 'yaml'
import { deploy, re, startWeb, templateImage, undoPatches, type Web } from '../../local/scenarios/health-rollback.js'
import { kubeConfigOf, localCluster } from '../../local/kube/cluster.js'
import { ROOT, runAction } from '../../local/harness.js'
import { startHealthService, type HealthService } from '../../local/services/health-service.js'

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
    const source = ['src/health-rollback/inputs.ts', 'src/lib/metrics/prometheus-auth.ts', 'src/lib/metrics/source.ts', 'src/lib/kube/kubeconfig-input.ts'].map((file) => readFileSync(path.join(ROOT, file), 'utf8')).join('\n')
    for (const name of Object.keys(action.inputs)) expect(source).toContain(`'${name}'`)
  })
})

let service: HealthService
let web: Web | undefined
beforeAll(async () => {
  service = await startHealthService({ name: 'web' })
})
afterAll(() => service.stop())
afterEach(async () => {
  await web?.close()
  web = undefined
})

/**
 * A namespace on the real local cluster, with `web` there when `next` is given (version 1 rolled out, `next` rolling
 * out); the action talks to the API server through the fault proxy.
 */
async function cluster(next?: (w: Web) => string): Promise<Web> {
  web = await startWeb({ proxy: true })
  if (next) await deploy(web, [web.image('1'), next(web)])
  return web
}

const fast = { probes: '3', 'probe-interval': '100ms', 'probe-timeout': '1s' }

describe('dist/health-rollback/index.js', () => {
  it('takes the kubeconfig as the path of a file in the workspace (written by an earlier step), and its content is masked', async () => {
    const k8s = await cluster((w) => w.image('2'))
    const workspace = mkdtempSync(path.join(tmpdir(), 'hr-ws-'))
    mkdirSync(path.join(workspace, '.kube'))
    writeFileSync(path.join(workspace, '.kube', 'config'), k8s.kubeconfig, { mode: 0o600 })
    const result = await runAction('health-rollback', { workspace, inputs: { kubeconfig: '.kube/config', deployment: 'web', 'health-urls': service.healthUrl, ...fast } })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ healthy: 'true', 'from-image': k8s.image('2') })
    expect(result.masks).toContain(kubeConfigOf(k8s.kubeconfig).getCurrentUser()!.keyData!)
    const missing = await runAction('health-rollback', { workspace, inputs: { kubeconfig: 'no/such/config', deployment: 'web' } })
    expect(missing.exitCode).toBe(1)
    expect(missing.annotations.find((a) => a.level === 'error')!.message).toMatch(/Input 'kubeconfig': got 'no\/such\/config'; expected kubeconfig content \(YAML or its base64\), or the path of a kubeconfig file in the workspace/)
  })

  it('reports a healthy rollout, writes the report, and the post step removes the kubeconfig file', async () => {
    const k8s = await cluster((w) => w.image('2'))
    const result = await runAction('health-rollback', {
      inputs: { kubeconfig: k8s.kubeconfig, deployment: 'web', 'health-urls': service.healthUrl, 'expected-image': k8s.image('2'), 'probe-headers': 'Authorization: Bearer probe-t0ken', ...fast }
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ healthy: 'true', 'rolled-back': 'false', 'from-revision': '2', 'from-image': k8s.image('2'), 'to-image': '' })
    const report = JSON.parse(readFileSync(result.outputs['report-file']!, 'utf8')) as { healthy: boolean; events: { kind: string }[] }
    expect(report.healthy).toBe(true)
    expect(report.events.filter((e) => e.kind === 'probe')).toHaveLength(3)
    expect(result.summary).toContain(`health-rollback: ${k8s.kube.namespace}/web — ✅ healthy`)
    expect(result.summary).toMatch(/\| 1 \| \+[\d.]+s \| http:\/\/127\.0\.0\.1:\d+\/healthz \| 200 \| \d+ms \| ✅ \|/)
    expect(result.summary).toContain('```mermaid\ngantt')
    // The kubeconfig: masked (the client key with it), written 0600 under RUNNER_TEMP, gone after the post step.
    const file = result.state['kubeconfig-file']!
    expect(path.dirname(file)).toBe(path.join(path.dirname(result.outputs['report-file']!)))
    const key = kubeConfigOf(k8s.kubeconfig).getCurrentUser()!.keyData!
    expect(result.masks).toContain(key)
    expect(result.masks).toContain('Bearer probe-t0ken')
    expect(result.post?.exitCode).toBe(0)
    expect(existsSync(file)).toBe(false)
    const logged = result.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'))
    expect(logged.join('\n')).not.toContain(key)
  })

  it('rolls back a version whose image cannot be pulled and fails the step saying so', async () => {
    const k8s = await cluster((w) => w.image('missing'))
    const [v1, missing] = [k8s.image('1'), k8s.image('missing')]
    const result = await runAction('health-rollback', { inputs: { kubeconfig: k8s.kubeconfig, deployment: 'web', 'health-urls': service.healthUrl, ...fast } })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ healthy: 'false', 'rolled-back': 'true', 'from-revision': '2', 'to-revision': '1', 'from-image': missing, 'to-image': v1 })
    expect(result.outputs.reason).toMatch(/^the rollout failed: pod web-\S+ container app: (ErrImagePull|ImagePullBackOff)/)
    expect(result.annotations.find((a) => a.level === 'error')?.message).toMatch(new RegExp(`^rolled back from revision 2 \\(${re(missing)}\\) to revision 1 \\(${re(v1)}\\) because the rollout failed`))
    expect(result.summary).toContain('❌ rolled back')
    expect(result.summary).toMatch(new RegExp(`rollback: request \\| rollout undo deployment/web --to-revision=1 \\(${re(v1)}\\)`))
    expect(result.summary).toContain('### Failing pods')
    expect(await templateImage(k8s)).toBe(v1)
    expect(undoPatches(k8s)).toHaveLength(1)
  })

  it('fails bad inputs before any request to the cluster, naming each input', async () => {
    const k8s = await cluster()
    const result = await runAction('health-rollback', {
      inputs: { kubeconfig: k8s.kubeconfig, deployment: 'web', 'expected-status': '2xx', 'no-data': 'sometimes', metrics: 'error-rate: sum(x) < 0.01', ...fast }
    })
    expect(result.exitCode).toBe(1)
    const message = result.annotations.find((a) => a.level === 'error')!.message
    expect(message).toMatch(/^3 inputs are invalid:/)
    for (const name of ['expected-status', 'no-data', 'prometheus-url']) expect(message).toContain(`Input '${name}'`)
    expect(k8s.proxy!.requests).toHaveLength(0)
    expect(result.state['kubeconfig-file']).toBeUndefined()
  })

  it('runs the rollback-command with KUBECONFIG pointing at the kubeconfig it was given, so kubectl reaches the same cluster', async () => {
    const k8s = await cluster((w) => w.image('crash'))
    const home = mkdtempSync(path.join(tmpdir(), 'hr-home-'))
    const kubectl = (await localCluster()).kubectl
    const result = await runAction('health-rollback', {
      env: { HOME: home },
      inputs: { kubeconfig: k8s.kubeconfig, deployment: 'web', 'rollback-command': `${kubectl} rollout undo deployment/web --namespace ${k8s.kube.namespace}`, 'rollout-timeout': '90s', ...fast }
    })
    expect(result.outputs).toMatchObject({ healthy: 'false', 'rolled-back': 'true' })
    expect(await templateImage(k8s)).toBe(k8s.image('1'))
  }, 150_000)

  it('refuses a rollback-command with an open quote and an expected-image that is no reference before any request, naming each', async () => {
    const k8s = await cluster()
    const marker = path.join(ROOT, '.tmp', `rollback-ran-${process.pid}`)
    const result = await runAction('health-rollback', {
      inputs: { kubeconfig: k8s.kubeconfig, deployment: 'web', 'rollback-command': `touch "${marker}`, 'expected-image': 'ghcr.io/Acme/web:2', 'health-urls': service.healthUrl, ...fast }
    })
    expect(result.exitCode).toBe(1)
    const message = result.annotations.find((a) => a.level === 'error')!.message
    expect(message).toMatch(/^2 inputs are invalid:/)
    expect(message).toContain(`- Input 'rollback-command': got 'touch "${marker}'; expected a command as an argument vector (the double quote at character 7 is never closed).`)
    expect(message).toMatch(/- Input 'expected-image': got 'ghcr.io\/Acme\/web:2'; expected an image reference/)
    expect(k8s.proxy!.requests).toHaveLength(0)
    expect(existsSync(marker)).toBe(false)
    expect(result.state['kubeconfig-file']).toBeUndefined()
  })

  it('refuses a kubeconfig whose API server is http:// as a user error naming the input and the server, before any request', async () => {
    const k8s = await cluster()
    const plain = k8s.proxy!.url.replace('https://', 'http://')
    expect(k8s.kubeconfig).toContain(k8s.proxy!.url)
    const result = await runAction('health-rollback', { inputs: { kubeconfig: k8s.kubeconfig.replace(k8s.proxy!.url, plain), deployment: 'web', ...fast } })
    expect(result.exitCode).toBe(1)
    const message = result.annotations.find((a) => a.level === 'error')!.message
    expect(message).toMatch(new RegExp(`^Input 'kubeconfig': the cluster '[^']+' \\(current context\\) has server '${plain}'; expected an https:// URL of the API server`))
    expect(message).not.toMatch(/unexpectedly|bug/)
    expect(result.stdout).not.toMatch(/^\s+at /m)
    expect(k8s.proxy!.requests).toHaveLength(0)
    expect(result.state['kubeconfig-file']).toBeUndefined()
  })

  it('fails clearly when the Deployment does not exist', async () => {
    const k8s = await cluster()
    const result = await runAction('health-rollback', { inputs: { kubeconfig: k8s.kubeconfig, deployment: 'api', ...fast } })
    expect(result.exitCode).toBe(1)
    expect(result.annotations.find((a) => a.level === 'error')?.message).toMatch(
      new RegExp(`could not read deployment "api" in namespace "${k8s.kube.namespace}": deployments.apps "api" not found \\(HTTP 404\\)`)
    )
    expect(existsSync(result.state['kubeconfig-file']!)).toBe(false)
  })
})

/** The text of every file under `dir`, to show a secret was written nowhere. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
}

describe('URL and path inputs of dist/health-rollback/index.js', () => {
  const password = 'pr0m-s3cret-pw'

  it('refuses credentials in prometheus-url and health-urls before any request, pointing to the auth inputs, and prints the password nowhere', async () => {
    const k8s = await cluster((w) => w.image('2'))
    const workspace = mkdtempSync(path.join(tmpdir(), 'hr-ws-'))
    const temp = mkdtempSync(path.join(tmpdir(), 'hr-temp-'))
    const result = await runAction('health-rollback', {
      workspace,
      env: { RUNNER_TEMP: temp },
      inputs: {
        kubeconfig: k8s.kubeconfig,
        deployment: 'web',
        'prometheus-url': `http://admin:${password}@127.0.0.1:9`,
        metrics: 'errors: sum(up) < 1',
        'no-data': 'fail',
        'health-urls': service.healthUrl.replace('://', `://probe:${password}@`),
        'report-file': 'health.json',
        ...fast
      }
    })
    expect(result.exitCode).toBe(1)
    const message = result.annotations.find((a) => a.level === 'error')!.message
    expect(message).toMatch(/^2 inputs are invalid/)
    expect(message).toContain("Input 'prometheus-url': got 'http://admin:***@127.0.0.1:9'; expected a URL without credentials")
    expect(message).toMatch(/'prometheus-username' and 'prometheus-password' \(Basic\), 'prometheus-token' \(Bearer\) or 'prometheus-headers'/)
    expect(message).toMatch(/Input 'health-urls': got 'http:\/\/probe:\*\*\*@127\.0\.0\.1:\d+\/healthz'; expected a URL without credentials.*'probe-headers'/)
    // Nothing happened: no request to the cluster, no kubeconfig file, no report.
    expect(k8s.proxy!.requests).toHaveLength(0)
    expect(result.state['kubeconfig-file']).toBeUndefined()
    expect(existsSync(path.join(workspace, 'health.json'))).toBe(false)
    // Masked for the runner, and written nowhere: log, summary, outputs, state, files in the workspace and RUNNER_TEMP.
    expect(result.masks).toContain(password)
    const logged = result.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n')
    for (const text of [logged, result.stderr, result.summary, JSON.stringify(result.outputs), JSON.stringify(result.state), ...filesUnder(workspace), ...filesUnder(temp)]) {
      expect(text).not.toContain(password)
    }
  })

  it('refuses a report-file outside the workspace and RUNNER_TEMP before any request, naming the input, the path and the rule', async () => {
    const k8s = await cluster((w) => w.image('2'))
    const workspace = mkdtempSync(path.join(tmpdir(), 'hr-ws-'))
    const temp = mkdtempSync(path.join(tmpdir(), 'hr-temp-'))
    const outside = path.join(mkdtempSync(path.join(tmpdir(), 'hr-outside-')), 'report.json')
    const given = path.relative(workspace, outside)
    const result = await runAction('health-rollback', { workspace, env: { RUNNER_TEMP: temp }, inputs: { kubeconfig: k8s.kubeconfig, deployment: 'web', 'report-file': given, ...fast } })
    expect(result.exitCode).toBe(1)
    expect(result.annotations.find((a) => a.level === 'error')!.message).toBe(
      `Input 'report-file': got '${given}'; expected a path inside the workspace (${workspace}) or RUNNER_TEMP (${temp}); it leads to ${outside}, outside them.`
    )
    expect(k8s.proxy!.requests).toHaveLength(0)
    expect(existsSync(outside)).toBe(false)
  })
})

it('writes the kubeconfig 0600 while the step runs', async () => {
  // Checked in-process: the harness only sees the file after the step, when the post step has not yet run.
  const { loadKubeconfig, removeKubeconfigFile } = await import('../../src/lib/kube/index.js')
  const { kubeconfigText } = await localCluster()
  const loaded = loadKubeconfig({ content: kubeconfigText, env: { RUNNER_TEMP: path.join(ROOT, '.tmp') } as NodeJS.ProcessEnv })
  expect(statSync(loaded.file!).mode & 0o777).toBe(0o600)
  expect(removeKubeconfigFile(loaded.file)).toBe(true)
})
