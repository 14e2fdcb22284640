/** Reads and validates every input of canary-deploy; all problems are reported together before any change. */
import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { load } from 'js-yaml'
import { Inputs, type InputSource, runnerInputs } from '../lib/action/inputs.js'
import { actionRoots, describeRoots, type Root } from '../lib/action/paths.js'
import { readKubeconfigInput } from '../lib/kube/kubeconfig-input.js'
import { checkQueries, readMetricsSource, type MetricsSource } from '../lib/metrics/source.js'
import { parseCondition, type MetricCondition } from '../lib/metrics/condition.js'
import { CANARY } from '../lib/metrics/presets.js'
import { ANALYSIS_NO_DATA, type AnalysisNoData } from '../lib/metrics/verdict.js'
import { describeRequests, readImageRequests, type ImageRequest } from './images.js'
import { readManifest, yamlProblem, type Manifest } from './manifest.js'
import { ROUTER_METHODS, TRAFFIC_METHODS, type HeaderRoute, type RouterMethod, type TrafficMethod } from './router-plan.js'
import { parseSteps, type Step } from './steps.js'

export const ACTIONS = ['run', 'start', 'promote', 'abort'] as const
export type CanaryAction = (typeof ACTIONS)[number]

/** The default schedule (action.yml states the same default; a unit test keeps the two equal). */
export const DEFAULT_STEPS = '5,25,50,100'

/** The default pause of a step without its own: two analysis rounds at the default 30s interval. */
export const DEFAULT_STEP_PAUSE = '1m'

/** The runner variables canary-deploy reads (process.env on a runner); only readInputs reads them. */
export interface RunnerEnv {
  readonly GITHUB_RUN_ID?: string | undefined
  readonly GITHUB_RUN_ATTEMPT?: string | undefined
  readonly GITHUB_WORKSPACE?: string | undefined
  readonly RUNNER_TEMP?: string | undefined
}

const JOB_LIMIT_MS = 6 * 3_600_000

/** A namespace name (RFC 1123 label), as the API server requires it. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/

/** A Service name (RFC 1035 label: it starts with a letter). */
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/

/** The name of most Kubernetes objects (a DNS subdomain): a VirtualService, HTTPRoute, TrafficSplit or Ingress. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/

/** health-urls and smoke-urls send no credentials: there is no input for them. */
const NO_CHECK_AUTH = 'health and smoke checks send no credentials, so check an endpoint that needs none (a health endpoint is usually open inside the cluster)'

/** The router object each method needs (for smi it is created by the action; the input names it). */
export const ROUTER_INPUT: Record<RouterMethod, string> = {
  istio: 'virtual-service',
  'gateway-api': 'http-route',
  smi: 'traffic-split',
  nginx: 'ingress'
}

export interface CanaryDeployInputs {
  kubeconfig: string
  context: string
  namespace: string | undefined
  deployment: string
  /** The `image` input in one line (a reference, or `container=reference` items): what the report shows. */
  image: string
  /** The images asked for, by container (`container` and `image` read together: images.ts); empty without `image`. */
  images: ImageRequest[]
  /** `manifest`: the file (as given) and the Deployment and config objects read from it; undefined without. */
  manifest: { file: string; content: Manifest } | undefined
  /** `template-patch`: a strategic merge patch of the pod template; undefined without. */
  templatePatch: Record<string, unknown> | undefined
  strategy: 'canary' | 'blue-green'
  action: CanaryAction
  steps: Step[]
  stepPauseMs: number
  holdAt: number | undefined
  traffic: TrafficMethod
  service: string
  router: string | undefined
  istioRoute: string | undefined
  /** `header-route`: requests with this header reach the canary at every step below 100 (gateway-api). */
  headerRoute: HeaderRoute | undefined
  /** Where `metrics` queries go (Prometheus or Datadog); undefined without metrics. */
  metricsSource: MetricsSource | undefined
  metrics: MetricCondition[]
  healthUrls: string[]
  analysisIntervalMs: number
  failureLimit: number
  noData: AnalysisNoData
  inconclusiveTimeoutMs: number
  rolloutTimeoutMs: number
  keepPrevious: boolean
  smokeUrls: string[]
  /** Where the JSON report goes: `report-file` resolved against the workspace, default `$RUNNER_TEMP/canary-deploy-report.json`. */
  reportFile: string
  /** This workflow run and attempt, `GITHUB_RUN_ID/GITHUB_RUN_ATTEMPT` (`local/1` off a runner): a claim's owner starts with it. */
  run: string
}

export function readInputs(source: InputSource = runnerInputs, env: RunnerEnv = process.env): CanaryDeployInputs {
  const inputs = new Inputs(source)
  const kubeconfig = readKubeconfigInput(inputs, actionRoots(env, { temp: true }))
  const context = inputs.string('context')
  const namespace = inputs.optionalString('namespace')
  if (namespace !== undefined && (!DNS_LABEL.test(namespace) || namespace.length > 63)) {
    inputs.fail('namespace', namespace, 'a Kubernetes namespace name (at most 63 lower-case letters, digits and -, starting and ending with a letter or digit)')
  }
  const deployment = inputs.string('deployment', { required: true })
  if (deployment !== '' && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(deployment)) inputs.fail('deployment', deployment, 'a Deployment name (lower-case DNS name)')
  const action = inputs.oneOf('action', ACTIONS, 'run')
  const strategy = inputs.oneOf('strategy', ['canary', 'blue-green'] as const, 'canary')
  const roots = actionRoots(env, { temp: true })
  // promote and abort act on the recorded canary (its template included): a later job need not have the file.
  const releasing = action === 'run' || action === 'start'
  const { manifest, templatePatch } = releasing ? readTemplate(inputs, roots, deployment, strategy) : { manifest: undefined, templatePatch: undefined }
  const { images, image } = readImages(inputs, action, inputs.raw('manifest') !== '' || inputs.raw('template-patch') !== '')
  const { stepPauseMs, steps, holdAt } = readSchedule(inputs, action)
  const traffic = inputs.oneOf('traffic', TRAFFIC_METHODS, 'replicas')
  const serviceInput = inputs.optionalString('service')
  if (serviceInput !== undefined) checkName(inputs, 'service', serviceInput, DNS_1035_LABEL, 63, 'a Service name (at most 63 lower-case letters, digits and -, starting with a letter, ending with a letter or digit)')
  const service = serviceInput ?? deployment
  let router: string | undefined
  if ((ROUTER_METHODS as readonly string[]).includes(traffic) && strategy === 'canary') {
    const name = ROUTER_INPUT[traffic as RouterMethod]
    router = inputs.optionalString(name)
    if (router !== undefined) checkName(inputs, name, router, DNS_SUBDOMAIN, 253, `the name of a Kubernetes object (lower-case letters, digits, - and ., at most 253)`)
    if (router === undefined && traffic !== 'smi') inputs.fail(name, '', `the name of the ${name} that routes to the Service '${service}' (required with traffic: ${traffic})`)
    if (traffic === 'smi') router ??= `${service}-canary-split`
  }
  const istioRoute = inputs.optionalString('route')
  const headerRoute = readHeaderRoute(inputs, traffic, strategy, steps)
  const { metrics, metricsSource } = readMetrics(inputs)
  const healthUrls = inputs.httpUrls('health-urls', { auth: NO_CHECK_AUTH, what: 'http(s) URLs' })
  const smokeUrls = inputs.httpUrls('smoke-urls', { auth: NO_CHECK_AUTH, what: 'http(s) URLs' })
  const analysisIntervalMs = inputs.duration('analysis-interval', { default: '30s', min: 100 })
  const failureLimit = inputs.integer('failure-limit', { default: 0, min: 0 })
  const noData = inputs.oneOf('no-data', ANALYSIS_NO_DATA, 'inconclusive')
  const inconclusiveTimeoutMs = inputs.duration('inconclusive-timeout', { default: '5m', min: 0 })
  const rolloutTimeoutMs = inputs.duration('rollout-timeout', { default: '10m', min: 1000 })
  const keepPrevious = inputs.boolean('keep-previous', true)
  const reportFile = inputs.path('report-file', { base: roots[0]!.dir, roots }) ?? path.resolve(roots[0]!.dir, path.join(env.RUNNER_TEMP ?? '.', 'canary-deploy-report.json'))
  const run = `${env.GITHUB_RUN_ID ?? 'local'}/${env.GITHUB_RUN_ATTEMPT ?? '1'}`
  inputs.done()
  return {
    kubeconfig, context, namespace, deployment, image, images, manifest, templatePatch, strategy, action, steps, stepPauseMs, holdAt, traffic, service, router, istioRoute, headerRoute,
    metricsSource, metrics, healthUrls, analysisIntervalMs, failureLimit, noData, inconclusiveTimeoutMs, rolloutTimeoutMs, keepPrevious, smokeUrls, reportFile, run
  }
}

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/** `header-route` (`Name: value`), and the header-routed first step at 0 that needs it. */
function readHeaderRoute(inputs: Inputs, traffic: TrafficMethod, strategy: string, steps: Step[]): HeaderRoute | undefined {
  const text = inputs.optionalString('header-route')
  if (text === undefined) {
    if (steps[0]?.weight === 0) inputs.fail('steps', inputs.raw('steps'), `a first step at 0 only with 'header-route' set (it sends the requests that carry that header to the canary, and no others)`)
    return undefined
  }
  const colon = text.indexOf(':')
  const name = colon < 0 ? '' : text.slice(0, colon).trim()
  const value = colon < 0 ? '' : text.slice(colon + 1).trim()
  // Gateway API limits a header value to 4096 characters; control characters would not survive HTTP.
  const control = [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)
  if (!HEADER_NAME.test(name) || value === '' || value.length > 4096 || control) {
    inputs.fail('header-route', text, "'Name: value', an HTTP header name and the exact value that sends a request to the canary (e.g. 'x-canary: always')")
    return undefined
  }
  if (traffic !== 'gateway-api' || strategy !== 'canary') inputs.fail('header-route', text, `a header route with strategy: canary and traffic: gateway-api (given strategy: ${strategy}, traffic: ${traffic})`)
  return { name, value }
}

/** A name the API server would refuse (or, for a container, never find) is refused before any request. */
function checkName(inputs: Inputs, input: string, value: string, rule: RegExp, max: number, accepted: string): void {
  if (!rule.test(value) || value.length > max) inputs.fail(input, value, accepted)
}

/**
 * `image` (one reference, or `container=reference` items) and `container` (names), read with the list parser. With
 * `manifest` or `template-patch` an image is optional: given, it is set over the template they make.
 */
function readImages(inputs: Inputs, action: CanaryAction, template: boolean): { images: ImageRequest[]; image: string } {
  const containers = inputs.list('container')
  const items = inputs.list('image')
  if (items.length === 0 && !template && (action === 'run' || action === 'start')) {
    inputs.fail('image', '', "a value (this input is required with 'action: run' and 'start' unless 'manifest' or 'template-patch' gives the new pod template)")
  }
  const { requests, problems } = readImageRequests(items, containers)
  for (const problem of problems) inputs.fail(problem.input, problem.given, problem.accepted)
  return { images: requests, image: describeRequests(requests) }
}

/** `manifest` (a YAML file in the workspace) or `template-patch` (a strategic merge patch of the pod template). */
function readTemplate(inputs: Inputs, roots: Root[], deployment: string, strategy: 'canary' | 'blue-green'): Pick<CanaryDeployInputs, 'manifest' | 'templatePatch'> {
  const given = inputs.raw('manifest')
  const file = inputs.path('manifest', { base: roots[0]!.dir, roots })
  let manifest: CanaryDeployInputs['manifest']
  if (file !== undefined) {
    if (!existsSync(file) || !statSync(file).isFile()) inputs.fail('manifest', given, `the path of a YAML file in ${describeRoots(roots)} (e.g. the output of 'kustomize build' or 'helm template'); there is no file at ${file}`)
    else if (deployment !== '') {
      const read = readManifest(readFileSync(file, 'utf8'), deployment)
      if (read.ok) manifest = { file: given, content: read.manifest }
      else inputs.fail('manifest', given, read.problem)
    }
  }
  const patchText = inputs.raw('template-patch')
  let templatePatch: Record<string, unknown> | undefined
  if (patchText !== '') {
    const parsed = parsePatch(patchText)
    if (typeof parsed === 'string') inputs.fail('template-patch', patchText.split('\n')[0]!, parsed)
    else templatePatch = parsed
  }
  if (given !== '' && patchText !== '') inputs.fail('template-patch', patchText.split('\n')[0]!, "nothing when 'manifest' is given (the manifest is the whole new template: change the file instead)")
  if ((given !== '' || patchText !== '') && strategy === 'blue-green') {
    inputs.fail(given !== '' ? 'manifest' : 'template-patch', given || patchText.split('\n')[0]!, "nothing with 'strategy: blue-green' (a whole pod template is released with 'strategy: canary'; blue-green changes images only)")
  }
  return { manifest, templatePatch }
}

const PATCH_FORM = "a strategic merge patch of the pod template in YAML or JSON: a mapping of 'metadata' and/or 'spec' (the pod's), e.g. 'spec: {containers: [{name: app, env: [{name: LOG_LEVEL, value: debug}]}]}'"

function parsePatch(text: string): Record<string, unknown> | string {
  let parsed: unknown
  try {
    parsed = load(text)
  } catch (error) {
    return `${PATCH_FORM} (${yamlProblem(error)})`
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return `${PATCH_FORM} (it is no mapping)`
  const keys = Object.keys(parsed)
  const spec = (parsed as { spec?: unknown }).spec
  if (typeof spec === 'object' && spec !== null && 'template' in spec) return `${PATCH_FORM} (this one patches the Deployment: give what is under spec.template)`
  const other = keys.filter((k) => k !== 'metadata' && k !== 'spec')
  if (other.length > 0 || keys.length === 0) return `${PATCH_FORM} (it has ${keys.length === 0 ? 'no key' : other.map((k) => `'${k}'`).join(', ')})`
  return parsed as Record<string, unknown>
}

/** `steps`, `step-pause` and `hold-at`, checked against the 6 h a job may run. */
function readSchedule(inputs: Inputs, action: CanaryAction): { stepPauseMs: number; steps: Step[]; holdAt: number | undefined } {
  const stepPauseMs = inputs.duration('step-pause', { default: DEFAULT_STEP_PAUSE, min: 0 })
  const stepsText = inputs.raw('steps') || DEFAULT_STEPS
  const parsedSteps = parseSteps(stepsText, stepPauseMs)
  let steps: Step[] = [{ weight: 100, pauseMs: 0 }]
  if (parsedSteps.ok) steps = parsedSteps.steps
  else inputs.fail('steps', stepsText, parsedSteps.problem)
  const holdAtRaw = inputs.raw('hold-at')
  let holdAt: number | undefined
  if (holdAtRaw !== '' && action !== 'start') {
    // Refused rather than ignored: with 'run' the canary would be promoted to 100 %, past the weight asked to stop at.
    inputs.fail('hold-at', holdAtRaw, `no value with 'action: ${action}' (only 'action: start' holds; '${action}' ${action === 'run' ? 'walks every step to 100 %' : action === 'promote' ? 'continues a held canary to 100 %' : 'restores stable'}): set 'action: start' to stop at ${holdAtRaw}, or remove 'hold-at'`)
  } else if (holdAtRaw !== '') {
    holdAt = Number(holdAtRaw.replace('%', ''))
    if (!steps.some((s) => s.weight === holdAt && s.weight < 100)) inputs.fail('hold-at', holdAtRaw, `one of the step weights below 100 (${steps.filter((s) => s.weight < 100).map((s) => s.weight).join(', ')})`)
  } else if (action === 'start') {
    holdAt = steps.length > 1 ? steps.at(-2)!.weight : undefined
  }
  // A GitHub-hosted job ends after 6 h; a schedule that cannot finish in one job would be cut mid-canary.
  const scheduled = steps.filter((st) => action !== 'start' || holdAt === undefined || st.weight <= holdAt).reduce((sum, st) => sum + st.pauseMs, 0)
  if (parsedSteps.ok && scheduled > JOB_LIMIT_MS) {
    inputs.fail('steps', stepsText, `pauses that fit in one job (they add up to ${Math.round(scheduled / 60_000)}m; a job may run 6h): use 'action: start' and 'promote' in separate jobs`)
  }
  return { stepPauseMs, steps, holdAt }
}

/** `metrics` (custom queries and presets) and the source they are sent to. */
function readMetrics(inputs: Inputs): { metrics: MetricCondition[]; metricsSource: MetricsSource | undefined } {
  const metrics: MetricCondition[] = []
  for (const { text, line } of metricLines(inputs.raw('metrics'))) {
    const colon = text.indexOf(':')
    const name = (colon >= 0 ? text.slice(0, colon) : text).trim()
    const parsed = parseCondition(name, colon >= 0 ? text.slice(colon + 1) : '', CANARY)
    if (parsed.ok) metrics.push(parsed.condition)
    else inputs.fail('metrics', `line ${line}: ${text}`, parsed.problem)
  }
  const metricsSource = readMetricsSource(inputs, metrics.length > 0)
  if (metricsSource !== undefined && metricsSource.kind !== 'prometheus') {
    for (const metric of metrics.filter((m) => m.preset)) inputs.fail('metrics', metric.name, `a full ${metricsSource.kind === 'datadog' ? 'Datadog query' : 'URL'}: the preset '${metric.name}' is PromQL (metrics-provider is ${metricsSource.kind})`)
  }
  checkQueries(inputs, metricsSource, metrics.filter((m) => !m.preset))
  return { metrics, metricsSource }
}

function metricLines(text: string): { text: string; line: number }[] {
  return text
    .split(/\r?\n/)
    .map((value, index) => ({ text: value.trim(), line: index + 1 }))
    .filter((entry) => entry.text !== '' && !entry.text.startsWith('#'))
}
