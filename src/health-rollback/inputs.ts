/** Reads and validates every input before anything touches the network; all problems are reported together. */
import path from 'node:path'
import { errorMessage } from '../lib/action/errors.js'
import { Inputs, type InputSource, runnerInputs } from '../lib/action/inputs.js'
import { actionRoots } from '../lib/action/paths.js'
import { readKubeconfigInput } from '../lib/kube/kubeconfig-input.js'
import type { WorkloadKind } from '../lib/kube/workload-status.js'
import { splitCommandLine } from '../lib/exec/argv.js'
import { readRunContext, type RunContext } from '../lib/github/event.js'
import { ABSOLUTE, parseCondition, type MetricCondition } from '../lib/metrics/condition.js'
import { checkQueries, readMetricsSource, type MetricsSource } from '../lib/metrics/source.js'
import { HEALTH_CHECK_NO_DATA, type HealthCheckNoData } from '../lib/metrics/verdict.js'
import { parseReference } from '../lib/oci/reference.js'
import { parseExpectedStatus, parseJsonPath, type ProbeExpectations } from '../lib/probes/index.js'

/** The validated inputs of one health-rollback run: the rest of the action reads nothing else. */
export interface HealthRollbackInputs {
  kubeconfig: string
  context: string
  namespace: string
  /** The workload's name (input 'deployment'); empty for a target that is not Kubernetes (rollback-command). */
  deployment: string
  /** The kind of workload 'deployment' names. */
  kind: WorkloadKind
  expectedImage?: string
  rolloutTimeoutMs: number
  maxRestarts: number
  healthUrls: string[]
  expectations: ProbeExpectations
  probeHeaders: Record<string, string>
  probes: number
  probeIntervalMs: number
  probeTimeoutMs: number
  failureThreshold: number
  /** Where `metrics` queries go (Prometheus or Datadog); absent without metrics. */
  metricsSource?: MetricsSource
  metrics: MetricCondition[]
  noData: HealthCheckNoData
  rollback: boolean
  toRevision?: number
  rollbackCommand?: string[]
  logLines: number
  /** GitHub Deployment statuses: the token, the Deployment (or the environment to create one in) and the run. */
  github?: { token: string; environment?: string; deploymentId?: number; run: RunContext }
  /** Where a kubeconfig comes from when the input gives none, and where the input's is written. */
  kubeEnv: { RUNNER_TEMP?: string; KUBECONFIG?: string; KUBERNETES_SERVICE_HOST?: string }
  /** Where the docker config lives: its credentials resolve an expected-image tag against the registry. */
  registryEnv: { DOCKER_CONFIG?: string; HOME?: string }
  reportFile: string
}

/**
 * The runner variables health-rollback reads, here and nowhere else: GITHUB_WORKSPACE and RUNNER_TEMP (the report
 * file lies inside one of them; RUNNER_TEMP also holds the kubeconfig file),
 * KUBECONFIG and KUBERNETES_SERVICE_HOST (cluster credentials when the input gives none), and the run as GitHub
 * Deployment statuses name it.
 */
export type RunnerEnv = {
  [name in 'GITHUB_WORKSPACE' | 'RUNNER_TEMP' | 'KUBECONFIG' | 'KUBERNETES_SERVICE_HOST' | 'DOCKER_CONFIG' | 'HOME' | 'GITHUB_REPOSITORY' | 'GITHUB_SHA' | 'GITHUB_SERVER_URL' | 'GITHUB_API_URL' | 'GITHUB_RUN_ID']?: string
}

/** Three failures in a row: one dropped packet (or two) is not a verdict on a release. */
export const DEFAULT_FAILURE_THRESHOLD = 3

/** What 'kind' accepts, case-insensitively: the kinds, and kubectl's short names for them. */
const KINDS: Record<string, WorkloadKind> = { deployment: 'Deployment', deploy: 'Deployment', statefulset: 'StatefulSet', sts: 'StatefulSet', daemonset: 'DaemonSet', ds: 'DaemonSet' }
const KINDS_ACCEPTED = "one of 'Deployment', 'StatefulSet', 'DaemonSet' (any case; kubectl's short names deploy, sts and ds too)"

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/

export function readInputs(source: InputSource = runnerInputs, env: RunnerEnv = process.env): HealthRollbackInputs {
  const inputs = new Inputs(source)
  const kubeconfig = readKubeconfigInput(inputs, actionRoots(env, { temp: true }))
  const context = inputs.string('context')
  const namespace = inputs.string('namespace')
  if (namespace !== '' && (!DNS_LABEL.test(namespace) || namespace.length > 63)) inputs.fail('namespace', namespace, 'a Kubernetes namespace name (lower-case letters, digits and -)')
  const kindText = inputs.string('kind')
  const kind: WorkloadKind = kindText === '' ? 'Deployment' : (KINDS[kindText.toLowerCase()] ?? 'Deployment')
  if (kindText !== '' && KINDS[kindText.toLowerCase()] === undefined) inputs.fail('kind', kindText, KINDS_ACCEPTED)
  const deployment = inputs.string('deployment')
  const kindPrefix = /^([A-Za-z]+)\/(.+)$/.exec(deployment)
  if (kindPrefix && KINDS[kindPrefix[1]!.toLowerCase()] !== undefined) {
    inputs.fail('deployment', deployment, `the workload's name alone, with its kind in 'kind' (kind: ${KINDS[kindPrefix[1]!.toLowerCase()]}, deployment: ${kindPrefix[2]})`)
  } else if (deployment !== '' && (!DNS_SUBDOMAIN.test(deployment) || deployment.length > 253)) {
    inputs.fail('deployment', deployment, `a ${kind} name (lower-case letters, digits, - and .)`)
  }
  if (deployment === '' && kind !== 'Deployment') inputs.fail('kind', kindText, "no value without 'deployment' (the kind of the workload it names)")
  const expectedImage = inputs.optionalString('expected-image')
  if (expectedImage !== undefined) {
    try {
      parseReference(expectedImage)
    } catch (error) {
      inputs.fail('expected-image', expectedImage, `an image reference as the Deployment's container names it, e.g. 'ghcr.io/acme/web:1.2.3' or 'ghcr.io/acme/web@sha256:<64 hex digits>' (${errorMessage(error)})`)
    }
  }
  const rolloutTimeoutMs = inputs.duration('rollout-timeout', { default: '5m', min: 1000 })
  const maxRestarts = inputs.integer('max-restarts', { default: 3, min: 1 })

  const healthUrls = inputs.httpUrls('health-urls', {
    perLine: true,
    what: 'http:// or https:// URLs, one per line',
    auth: "give them in 'probe-headers' (e.g. `Authorization: Basic <base64 of user:password>` or `Authorization: Bearer <token>`), masked"
  })
  const expectations: ProbeExpectations = { statuses: [{ from: 200, to: 200 }] }
  const statusText = inputs.string('expected-status', { default: '200' })
  const statuses = parseExpectedStatus(statusText)
  if (statuses.ok) expectations.statuses = statuses.ranges
  else inputs.fail('expected-status', statusText, `status codes and ranges such as '200-299,304' (${statuses.problem})`)
  const bodyMatch = inputs.optionalString('body-match')
  if (bodyMatch !== undefined) {
    try {
      expectations.bodyMatch = new RegExp(bodyMatch)
    } catch (error) {
      inputs.fail('body-match', bodyMatch, `a JavaScript regular expression (${error instanceof Error ? error.message : String(error)})`)
    }
  }
  const jsonPath = inputs.optionalString('json-path')
  const jsonExpected = inputs.optionalString('json-expected')
  if (jsonPath !== undefined) {
    const parsed = parseJsonPath(jsonPath)
    if (!parsed.ok) inputs.fail('json-path', jsonPath, `a path such as '$.status' or '$.checks[0].state' (${parsed.problem})`)
    else if (jsonExpected === undefined) inputs.fail('json-expected', '', "the value expected at 'json-path' (required with json-path)")
    else expectations.jsonPath = { text: jsonPath, segments: parsed.segments, expected: jsonExpected }
  } else if (jsonExpected !== undefined) {
    inputs.fail('json-path', '', "a path such as '$.status' (required with json-expected)")
  }
  const maxLatency = inputs.optionalString('max-latency')
  if (maxLatency !== undefined) expectations.maxLatencyMs = inputs.duration('max-latency', { default: '1s', min: 1 })

  const probeHeaders = inputs.headers('probe-headers')
  const probes = inputs.integer('probes', { default: 10, min: 1, max: 10_000 })
  const probeIntervalMs = inputs.duration('probe-interval', { default: '10s', min: 10, max: 3_600_000 })
  const probeTimeoutMs = inputs.duration('probe-timeout', { default: '5s', min: 10, max: 600_000 })
  const failureThreshold = inputs.integer('failure-threshold', { default: DEFAULT_FAILURE_THRESHOLD, min: 1 })
  const usesChecks = healthUrls.length > 0 || inputs.raw('metrics') !== ''
  if (usesChecks && failureThreshold > probes) {
    inputs.fail('failure-threshold', String(failureThreshold), `at most 'probes' (${probes}); otherwise no check could ever fail`)
  }

  const metrics: MetricCondition[] = []
  for (const { key, value, line } of inputs.keyValues('metrics', { what: 'name: <query> <op> <number>' })) {
    const parsed = parseCondition(key, value, ABSOLUTE)
    if (!parsed.ok) inputs.fail('metrics', `line ${line}: ${key}: ${value}`, `'name: <query> <op> <number>' (${parsed.problem})`)
    else if (metrics.some((m) => m.name === key)) inputs.fail('metrics', `line ${line}: ${key}`, 'a unique name per metric')
    else metrics.push(parsed.condition)
  }
  const metricsSource = readMetricsSource(inputs, metrics.length > 0)
  checkQueries(inputs, metricsSource, metrics)
  const noData = inputs.oneOf('no-data', HEALTH_CHECK_NO_DATA, 'fail')

  const rollback = inputs.boolean('rollback', true)
  const toRevision = inputs.integer('to-revision', { min: 1 })
  const commandText = inputs.optionalString('rollback-command')
  let rollbackCommand: string[] | undefined
  if (commandText !== undefined) {
    const split = splitCommandLine(commandText)
    if (split.ok) rollbackCommand = split.argv
    else inputs.fail('rollback-command', commandText, `a command as an argument vector (${split.problem})`)
  }
  if (toRevision !== undefined && commandText !== undefined) inputs.fail('to-revision', String(toRevision), "no value when 'rollback-command' does the rollback")
  if (deployment === '' && commandText === undefined) inputs.fail('deployment', '', "the Deployment to check (or a 'rollback-command' for a target that is not Kubernetes)")
  if (deployment === '' && !usesChecks) inputs.fail('health-urls', '', "URLs to probe (or 'metrics'): without a Deployment there is nothing else to check")
  const logLines = inputs.integer('log-lines', { default: 20, min: 0, max: 1000 })

  const token = inputs.raw('github-token', { secret: true })
  const environment = inputs.optionalString('environment')
  const deploymentId = inputs.integer('deployment-id', { min: 1 })
  if ((deploymentId !== undefined || environment !== undefined) && token === '') inputs.fail('github-token', '', "a token with 'deployments: write' to set the Deployment status")

  const roots = actionRoots(env, { temp: true })
  const reportFile = inputs.path('report-file', { base: roots[0]!.dir, roots }) ?? path.join(env.RUNNER_TEMP || '.', `health-rollback-${deployment || 'target'}.json`)
  inputs.done()
  return {
    kubeconfig,
    context,
    namespace,
    deployment,
    kind,
    ...(expectedImage !== undefined ? { expectedImage } : {}),
    rolloutTimeoutMs,
    maxRestarts,
    healthUrls,
    expectations,
    probeHeaders,
    probes,
    probeIntervalMs,
    probeTimeoutMs,
    failureThreshold,
    ...(metricsSource !== undefined ? { metricsSource } : {}),
    metrics,
    noData,
    rollback,
    ...(toRevision !== undefined ? { toRevision } : {}),
    ...(rollbackCommand ? { rollbackCommand } : {}),
    logLines,
    ...(token !== '' && (deploymentId !== undefined || environment !== undefined)
      ? { github: { token, ...(environment !== undefined ? { environment } : {}), ...(deploymentId !== undefined ? { deploymentId } : {}), run: readRunContext(env) } }
      : {}),
    kubeEnv: pick(env, ['RUNNER_TEMP', 'KUBECONFIG', 'KUBERNETES_SERVICE_HOST']),
    registryEnv: pick(env, ['DOCKER_CONFIG', 'HOME']),
    reportFile
  }
}

function pick<K extends keyof RunnerEnv>(env: RunnerEnv, names: K[]): Pick<RunnerEnv, K> {
  return Object.fromEntries(names.filter((name) => env[name] !== undefined).map((name) => [name, env[name]])) as Pick<RunnerEnv, K>
}
