/** canary-deploy run as the runner runs it: the bundle, INPUT_* variables, outputs, summary, and the post step. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import YAML from 'yaml'
import { ROOT, runAction } from '../../local/harness.js'
import type { FaultProxy } from '../../local/kube-fault-proxy/index.js'
import { kubeTest, type KubeTest } from '../../local/kube/client.js'
import { startHealthService, type HealthService } from '../../local/services/health-service.js'
import { deployStable, faultProxy, image, imageOf, installRouterCrds, replicasOf, stateOf, writes } from '../../local/scenarios/canary-deploy.js'

const action = YAML.parse(readFileSync(path.join(ROOT, 'actions/canary-deploy/action.yml'), 'utf8')) as {
  inputs: Record<string, { required?: boolean; default?: string }>
  outputs: Record<string, unknown>
  runs: { using: string; main: string; post?: string }
}

describe('action.yml', () => {
  it('keeps the issue\'s contract names, runs on node24 with a post step, and reads every input it declares', () => {
    for (const name of ['kubeconfig', 'context', 'namespace', 'deployment', 'image', 'container', 'strategy', 'steps', 'step-pause', 'traffic', 'virtual-service', 'route', 'http-route', 'traffic-split', 'ingress', 'prometheus-url', 'metrics', 'health-urls', 'analysis-interval', 'failure-limit', 'no-data', 'inconclusive-timeout', 'action', 'hold-at', 'keep-previous']) {
      expect(action.inputs).toHaveProperty([name])
    }
    expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(['result', 'weight', 'aborted-reason', 'analysis', 'report-file']))
    expect(action.runs).toEqual({ using: 'node24', main: '../../dist/canary-deploy/index.js', post: '../../dist/canary-deploy/index.js' })
    // The metrics source inputs (Prometheus, its authentication, Datadog) are read by readers both actions share.
    const source = ['src/canary-deploy/inputs.ts', 'src/lib/metrics/prometheus-auth.ts', 'src/lib/metrics/source.ts', 'src/lib/kube/kubeconfig-input.ts'].map((file) => readFileSync(path.join(ROOT, file), 'utf8')).join('\n')
    for (const name of Object.keys(action.inputs)) expect(source).toContain(`'${name}'`)
  })
})

let kube: KubeTest
let proxy: FaultProxy | undefined
let service: HealthService
let v1: string, v2: string
beforeAll(async () => {
  service = await startHealthService({ name: 'web-canary' })
  ;[v1, v2] = await Promise.all([image('1'), image('2'), installRouterCrds()])
}, 180_000)
afterAll(async () => {
  await service?.stop()
})

/** The bundle with the test namespace's kubeconfig (its context names the namespace), or `kubeconfig` and the namespace input. */
const run = (inputs: Record<string, string>, options: Parameters<typeof runAction>[1] = {}, kubeconfig?: string) =>
  runAction('canary-deploy', {
    ...options,
    inputs: { kubeconfig: kubeconfig ?? kube.kubeconfig, ...(kubeconfig ? { namespace: kube.namespace } : {}), deployment: 'web', ...inputs }
  })

describe('canary-deploy bundle', () => {
  beforeEach(async () => {
    kube = await kubeTest('canary-contract')
    await deployStable(kube)
  })
  afterEach(async () => {
    await proxy?.stop()
    proxy = undefined
    await kube?.close()
  })

  it('bad inputs fail before any change, each named', async () => {
    proxy = await faultProxy()
    const via = proxy.kubeconfig
    const result = await run({ image: v2, steps: '5,25,10,150', traffic: 'linkerd', metrics: 'errors: sum(rate(x[1m])) <', 'prometheus-url': 'http://127.0.0.1:1' }, {}, via)
    expect(result.exitCode).toBe(1)
    const error = result.annotations.find((a) => a.level === 'error')!.message
    expect(error).toMatch(/Input 'steps': got '5,25,10,150'; expected weights must increase strictly: 10 follows 25/)
    expect(error).toMatch(/Input 'traffic': got 'linkerd'/)
    expect(error).toMatch(/Input 'metrics': got 'line 1: errors: sum\(rate\(x\[1m\]\)\) <'; expected .*does not end with a condition/)
    const over = await run({ image: v2, steps: '5,150' }, {}, via)
    expect(over.annotations.find((a) => a.level === 'error')!.message).toMatch(/Input 'steps'.*weight 150 .* outside 0-100/)
    const router = await run({ image: v2, traffic: 'istio', 'virtual-service': 'missing' }, {}, via)
    expect(router.exitCode).toBe(1)
    expect(router.annotations.find((a) => a.level === 'error')!.message).toMatch(/Input 'virtual-service': the VirtualService 'missing' does not exist/)
    expect(writes(proxy)).toEqual([])
  })

  it('hold-at with action run, a namespace that is no name and an http:// API server are refused before any request, each by its input', async () => {
    proxy = await faultProxy()
    const via = proxy.kubeconfig
    const errorOf = (result: Awaited<ReturnType<typeof run>>): string => result.annotations.find((a) => a.level === 'error')!.message
    const holdAt = await run({ image: v2, 'hold-at': '25' }, {}, via)
    expect(holdAt.exitCode).toBe(1)
    expect(errorOf(holdAt)).toMatch(/^Input 'hold-at': got '25'; expected no value with 'action: run' .*set 'action: start' to stop at 25/)
    const namespace = await run({ image: v2, namespace: 'Demo_NS' }, {}, via)
    expect(namespace.exitCode).toBe(1)
    expect(errorOf(namespace)).toMatch(/^Input 'namespace': got 'Demo_NS'; expected a Kubernetes namespace name/)
    expect(errorOf(namespace)).not.toContain("'deployment'")
    expect(via).toContain(proxy.url)
    const plain = proxy.url.replace('https://', 'http://')
    const http = await run({ image: v2 }, {}, via.replace(proxy.url, plain))
    expect(http.exitCode).toBe(1)
    expect(errorOf(http)).toMatch(new RegExp(`^Input 'kubeconfig': the cluster '[^']+' \\(current context\\) has server '${plain}'; expected an https:// URL of the API server`))
    expect(errorOf(http)).not.toMatch(/unexpectedly|bug/)
    expect(http.stdout).not.toMatch(/^\s+at /m)
    expect(proxy.requests).toEqual([])
    expect(await imageOf(kube)).toBe(v1)
    expect(await stateOf(kube)).toBeUndefined()
  })

  it('credentials in prometheus-url, health-urls or smoke-urls and a report-file outside are refused before any request, the password printed nowhere', async () => {
    proxy = await faultProxy()
    const password = 'c4nary-s3cret-pw'
    const workspace = mkdtempSync(path.join(tmpdir(), 'canary-ws-'))
    const temp = mkdtempSync(path.join(tmpdir(), 'canary-temp-'))
    const outside = path.join(mkdtempSync(path.join(tmpdir(), 'canary-outside-')), 'report.json')
    const result = await run(
      {
        image: v2,
        metrics: 'errors: sum(up) < 1',
        'prometheus-url': `http://admin:${password}@127.0.0.1:9`,
        'no-data': 'fail',
        'health-urls': service.healthUrl.replace('://', `://${password}@`),
        'smoke-urls': `http://smoke:${password}@127.0.0.1:9/ready`,
        'report-file': path.relative(workspace, outside)
      },
      { workspace, env: { RUNNER_TEMP: temp } },
      proxy.kubeconfig
    )
    expect(result.exitCode).toBe(1)
    const message = result.annotations.find((a) => a.level === 'error')!.message
    expect(message).toMatch(/^4 inputs are invalid/)
    expect(message).toMatch(/Input 'prometheus-url': got 'http:\/\/admin:\*\*\*@127\.0\.0\.1:9'; expected a URL without credentials .*'prometheus-token' \(Bearer\) or 'prometheus-headers'/)
    expect(message).toMatch(/Input 'health-urls': got 'http:\/\/\*\*\*@127\.0\.0\.1:\d+\/healthz'; expected a URL without credentials/)
    expect(message).toContain("Input 'smoke-urls': got 'http://smoke:***@127.0.0.1:9/ready'")
    expect(message).toContain(`Input 'report-file': got '${path.relative(workspace, outside)}'; expected a path inside the workspace (${workspace}) or RUNNER_TEMP (${temp}); it leads to ${outside}, outside them.`)
    expect(proxy.requests).toEqual([])
    expect(existsSync(outside)).toBe(false)
    expect(result.masks).toContain(password)
    const logged = result.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n')
    const written = readdirSync(temp, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    for (const text of [logged, result.stderr, result.summary, JSON.stringify(result.outputs), JSON.stringify(result.state), ...written]) expect(text).not.toContain(password)
  })

  it('promotes, with outputs, report file and a summary charting weight and tabulating measurements', async () => {
    // 5% of 4 pods is one canary pod, an effective 25%; promoted, every pod runs v2.
    const result = await run({ image: v2, steps: '5:2s,100', 'analysis-interval': '500ms', 'health-urls': service.healthUrl })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ result: 'promoted', weight: '100', 'effective-weight': '100', 'aborted-reason': '' })
    expect(result.summary).toContain('| Final weight | 100% |')
    expect(result.annotations.filter((a) => a.level === 'warning' && /no analysis/.test(a.message))).toEqual([])
    const analysis = JSON.parse(result.outputs.analysis!) as { name: string; verdict: string; query: string }[]
    expect(analysis.length).toBeGreaterThanOrEqual(2)
    expect(analysis.every((m) => m.name === 'health' && m.verdict === 'pass' && m.query === service.healthUrl)).toBe(true)
    expect(existsSync(result.outputs['report-file']!)).toBe(true)
    expect(JSON.parse(readFileSync(result.outputs['report-file']!, 'utf8'))).toMatchObject({ result: 'promoted', image: v2, previousImage: v1 })
    expect(result.summary).toContain('```mermaid\nxychart-beta')
    expect(result.summary).toMatch(/line \[5, 100\]/)
    expect(result.summary).toContain('| Check | Condition | Query (canary) | Query (stable) |')
    expect(result.summary).toContain('| Round | Time | Weight | health |')
    expect(await imageOf(kube)).toBe(v2)
    expect(result.post?.exitCode).toBe(0)
  })

  it('a job killed mid-step is restored by the post step', async () => {
    const result = await run({ image: v2, steps: '25:5m,100' }, { killMainWhen: (stdout) => stdout.includes('Weight 25%') })
    expect(result.exitCode).not.toBe(0)
    expect(result.state['canary-restore']).toBe('true')
    expect(result.post?.exitCode).toBe(0)
    expect(result.post?.annotations.map((a) => a.message)).toContain('The job ended while the canary was progressing at 25%: restoring all traffic to stable.')
    expect(result.post?.summary).toContain('restored')
    expect(await kube.deployment('web-canary')).toBeUndefined()
    expect(await replicasOf(kube, 'web')).toBe(4)
    expect(await imageOf(kube)).toBe(v1)
    expect(await stateOf(kube)).toBeUndefined()
  })

  it('after action: start the post step leaves the held canary in place', async () => {
    const result = await run({ image: v2, steps: '25:1s,100', action: 'start' })
    expect(result.outputs).toMatchObject({ result: 'holding', weight: '25' })
    // Nothing measures this canary (no metrics, no health-urls): a warning annotation says so, not only the summary.
    expect(result.annotations).toContainEqual(expect.objectContaining({ level: 'warning', message: expect.stringMatching(/^The canary runs with no analysis: .*steps 25% advance on their pauses alone/) }))
    expect(result.post?.exitCode).toBe(0)
    expect(await kube.deployment('web-canary')).toBeDefined()
    expect(await stateOf(kube)).toMatchObject({ phase: 'holding', weight: 25 })
  })
})
