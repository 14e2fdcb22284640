import { describe, expect, it } from '@jest/globals'
import { InputErrors } from '../../../src/lib/action/errors.js'
import { inputsFor } from '../../../local/scenarios/health-rollback.js'

const errorsOf = (inputs: Record<string, string>): string[] => {
  try {
    inputsFor(inputs)
  } catch (error) {
    if (error instanceof InputErrors) return error.errors.map((e) => e.message)
    throw error
  }
  return []
}

describe('health-rollback inputs', () => {
  it('has defaults a user can rely on', () => {
    const config = inputsFor({ deployment: 'web', 'health-urls': 'https://web.example/healthz' })
    expect(config).toMatchObject({
      rolloutTimeoutMs: 300_000,
      maxRestarts: 3,
      probes: 10,
      probeIntervalMs: 10_000,
      failureThreshold: 3,
      noData: 'fail',
      rollback: true,
      expectations: { statuses: [{ from: 200, to: 200 }] }
    })
    expect(config.reportFile).toMatch(/health-rollback-web\.json$/)
  })

  it('reads the workload kind: Deployment by default, StatefulSet and DaemonSet in any case or by kubectl’s short name', () => {
    expect(inputsFor({ deployment: 'web' }).kind).toBe('Deployment')
    expect(inputsFor({ deployment: 'db', kind: 'statefulset' }).kind).toBe('StatefulSet')
    expect(inputsFor({ deployment: 'db', kind: 'StatefulSet' }).kind).toBe('StatefulSet')
    expect(inputsFor({ deployment: 'agent', kind: 'ds' }).kind).toBe('DaemonSet')
    expect(inputsFor({ kind: 'Deployment', 'rollback-command': 'helm rollback web 0', 'health-urls': 'https://web.example/healthz' }).kind).toBe('Deployment')
  })

  it('refuses a kind it cannot roll back, a kind/name in deployment, and a kind without a workload, naming the input', () => {
    expect(errorsOf({ deployment: 'db', kind: 'Job' })).toEqual([
      "Input 'kind': got 'Job'; expected one of 'Deployment', 'StatefulSet', 'DaemonSet' (any case; kubectl's short names deploy, sts and ds too)."
    ])
    expect(errorsOf({ deployment: 'statefulset/db' })).toEqual(["Input 'deployment': got 'statefulset/db'; expected the workload's name alone, with its kind in 'kind' (kind: StatefulSet, deployment: db)."])
    expect(errorsOf({ kind: 'DaemonSet', 'rollback-command': 'helm rollback agent 0', 'health-urls': 'https://web.example/healthz' })).toEqual([
      "Input 'kind': got 'DaemonSet'; expected no value without 'deployment' (the kind of the workload it names)."
    ])
  })

  it('reads every check option', () => {
    const config = inputsFor({
      deployment: 'web',
      'health-urls': 'https://a/healthz\nhttps://b/healthz',
      'expected-status': '200-299,304',
      'body-match': '"status":\\s*"UP"',
      'json-path': '$.checks[0].state',
      'json-expected': 'ok',
      'max-latency': '500ms',
      'probe-headers': 'Authorization: Bearer abc\nX-Env: prod',
      'prometheus-url': 'http://prom:9090',
      metrics: 'error-rate: sum(rate(x{code=~"5.."}[1m])) / sum(rate(x[1m])) < 0.01\np99: histogram_quantile(0.99, y) <= 0.3',
      'no-data': 'ignore',
      'to-revision': '4'
    })
    expect(config.healthUrls).toEqual(['https://a/healthz', 'https://b/healthz'])
    expect(config.expectations).toMatchObject({ statuses: [{ from: 200, to: 299 }, { from: 304, to: 304 }], maxLatencyMs: 500, jsonPath: { segments: ['checks', 0, 'state'], expected: 'ok' } })
    expect(config.probeHeaders).toEqual({ Authorization: 'Bearer abc', 'X-Env': 'prod' })
    expect(config.metrics.map((m) => [m.name, ...m.thresholds.map((t) => [t.operator, t.offset]).flat()])).toEqual([['error-rate', '<', 0.01], ['p99', '<=', 0.3]])
    expect(config).toMatchObject({ noData: 'ignore', toRevision: 4 })
  })

  it('reports every bad input at once, each by name', () => {
    const errors = errorsOf({
      deployment: 'Web_App',
      'health-urls': 'ftp://x',
      'expected-status': '2xx',
      'body-match': '(',
      'json-expected': 'UP',
      'max-latency': 'fast',
      probes: '2',
      'failure-threshold': '3',
      metrics: 'error-rate: sum(x)',
      'no-data': 'maybe',
      rollback: 'yes',
      'to-revision': '0',
      'rollout-timeout': 'soon'
    })
    const names = errors.map((e) => /^Input '([^']+)'/.exec(e)?.[1])
    expect(names.sort()).toEqual(
      ['body-match', 'deployment', 'expected-status', 'failure-threshold', 'health-urls', 'json-path', 'max-latency', 'metrics', 'no-data', 'rollback', 'rollout-timeout', 'to-revision'].sort()
    )
  })

  it('needs prometheus-url for metrics', () => {
    expect(errorsOf({ deployment: 'web', metrics: 'up: up == 1' })).toEqual([expect.stringMatching(/^Input 'prometheus-url': got an empty value/)])
  })

  it('needs a deployment or a rollback-command, and a token for GitHub statuses', () => {
    expect(errorsOf({ 'health-urls': 'https://a/' })).toEqual([expect.stringMatching(/^Input 'deployment': got an empty value; expected the Deployment to check/)])
    expect(errorsOf({ 'health-urls': 'https://a/', 'rollback-command': 'helm rollback web 0 --wait' })).toEqual([])
    expect(errorsOf({ deployment: 'web', 'rollback-command': 'helm rollback | tee' })).toEqual([expect.stringMatching(/^Input 'rollback-command'.*shell operator '\|'/)])
    // github-token defaults to the job's token; one emptied on purpose cannot set statuses.
    expect(errorsOf({ deployment: 'web', 'deployment-id': '12', 'github-token': '' })).toEqual([expect.stringMatching(/^Input 'github-token'/)])
  })

  it('refuses a rollback-command whose quote is never closed instead of running it without the quote', () => {
    expect(errorsOf({ deployment: 'web', 'rollback-command': 'kubectl "undo' })).toEqual([
      "Input 'rollback-command': got 'kubectl \"undo'; expected a command as an argument vector (the double quote at character 9 is never closed)."
    ])
  })

  it('refuses an expected-image that is not an image reference, naming the input', () => {
    expect(errorsOf({ deployment: 'web', 'expected-image': 'ghcr.io/Acme/web:1.0' })).toEqual([
      expect.stringMatching(/^Input 'expected-image': got 'ghcr.io\/Acme\/web:1.0'; expected an image reference .*not a repository name/)
    ])
    expect(errorsOf({ deployment: 'web', 'expected-image': 'web:1.0 --force' })).toEqual([expect.stringMatching(/^Input 'expected-image'.*white space/)])
    expect(errorsOf({ deployment: 'web', 'expected-image': `ghcr.io/acme/web@sha256:${'a'.repeat(64)}` })).toEqual([])
  })

  it('never echoes probe header values in an error', () => {
    const errors = errorsOf({ deployment: 'web', 'probe-headers': 'Authorization Bearer sup3rsecret' })
    expect(errors).toEqual([expect.stringContaining("got 'line 1'")])
    expect(errors.join('')).not.toContain('sup3rsecret')
  })
})
