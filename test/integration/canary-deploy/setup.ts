/** Helpers for running canary-deploy in-process against the emulator (and, for analysis, real Prometheus). */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { KubeConfig } from '@kubernetes/client-node'
import { parse } from 'yaml'
import { Cluster } from '../../../src/canary-deploy/cluster.js'
import { readInputs, type CanaryInputs } from '../../../src/canary-deploy/inputs.js'
import { runCanary, type Runtime } from '../../../src/canary-deploy/run.js'
import { readState } from '../../../src/canary-deploy/state.js'
import type { Report } from '../../../src/canary-deploy/summary.js'
import { KubeClient } from '../../../src/lib/kube/index.js'
import { createMetricsClient } from '../../../src/lib/metrics/source.js'
import { ROOT } from '../../support/harness.js'
import type { Emulator, KObject } from '../../support/k8s-emulator/index.js'

const declared = (parse(readFileSync(path.join(ROOT, 'actions/canary-deploy/action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> }).inputs

/** Inputs as the runner passes them: the given values over the action.yml defaults. */
export function inputsFor(given: Record<string, string>): CanaryInputs {
  return readInputs((name) => given[name] ?? declared[name]?.default ?? '')
}

export function clientFor(emulator: Emulator): KubeClient {
  const kc = new KubeConfig()
  kc.loadFromString(emulator.kubeconfig)
  return new KubeClient(kc, { retry: { attempts: 5, baseDelayMs: 5, maxDelayMs: 20 }, log: () => {} })
}

export type Sleep = (ms: number) => Promise<void>

/** Sleeps that move the emulated cluster's time instead of waiting (tests without real processes). */
export const emulatedSleep = (emulator: Emulator): Sleep => async (ms) => {
  emulator.clock.advance(Math.max(ms, 1))
  await new Promise((resolve) => setTimeout(resolve, 1))
}

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

export interface Run {
  report: Report
  log: string[]
  claimed: boolean
}

export async function runWith(
  emulator: Emulator,
  given: Record<string, string>,
  options: { sleep?: Sleep; now?: () => number; runId?: string; runAttempt?: string; claim?: string; prometheus?: string } = {}
): Promise<Run> {
  const sleep = options.sleep ?? emulatedSleep(emulator)
  const inputs = inputsFor({ deployment: 'web', ...given, ...(options.prometheus ? { 'prometheus-url': options.prometheus } : {}) })
  const cluster = new Cluster(clientFor(emulator), 'default', sleep)
  const log: string[] = []
  let claimed = false
  const rt: Runtime = {
    sleep,
    now: options.now ?? (() => emulator.clock.now()),
    owner: `${options.runId ?? '100'}/${options.runAttempt ?? '1'}/${options.claim ?? 'c'}`,
    log: (m) => log.push(m),
    warn: (m) => log.push(`warning: ${m}`),
    onClaimed: (c) => (claimed = c)
  }
  const report = await runCanary(inputs, cluster, inputs.metricsSource ? createMetricsClient(inputs.metricsSource) : undefined, rt)
  return { report, log, claimed }
}

export function stableManifests(replicas = 4, image = 'web:1'): KObject[] {
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: {
        replicas,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image, ports: [{ containerPort: 8080 }] }] } }
      }
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] }
    }
  ] as KObject[]
}

export const routers: Record<string, KObject> = {
  istio: {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'VirtualService',
    metadata: { name: 'web', namespace: 'default' },
    spec: { hosts: ['web.example.com'], http: [{ name: 'primary', route: [{ destination: { host: 'web', port: { number: 80 } }, weight: 100 }] }] }
  } as KObject,
  'gateway-api': {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'web', namespace: 'default' },
    spec: { parentRefs: [{ name: 'gw' }], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'web', port: 80 }] }] }
  } as KObject,
  nginx: {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', namespace: 'default', annotations: { 'kubernetes.io/ingress.class': 'nginx' } },
    spec: { rules: [{ host: 'web.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] }
  } as KObject
}

/** Creates the stable version and lets it become available. */
export function deployStable(emulator: Emulator, extra: KObject[] = [], replicas = 4): void {
  for (const object of [...stableManifests(replicas), ...extra]) emulator.store.create(object)
  emulator.clock.advance(10_000)
}

export const stateOf = (emulator: Emulator) => readState(emulator.store.get('Deployment', 'default', 'web')?.metadata.annotations as Record<string, string> | undefined)

export const imageOf = (emulator: Emulator, name = 'web'): string | undefined =>
  ((emulator.store.get('Deployment', 'default', name)?.spec as { template: { spec: { containers: { image: string }[] } } } | undefined)?.template.spec.containers[0]!.image)

export const replicasOf = (emulator: Emulator, name: string): number | undefined => (emulator.store.get('Deployment', 'default', name)?.spec as { replicas?: number } | undefined)?.replicas

/** API writes (not reads) the action made. */
export const writes = (emulator: Emulator) => emulator.requests.filter((r) => r.method !== 'GET')
