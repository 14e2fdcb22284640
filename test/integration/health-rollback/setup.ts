/** Helpers for running health-rollback in-process against the emulator, with the cluster on emulated time. */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { KubeConfig } from '@kubernetes/client-node'
import { parse } from 'yaml'
import type { Clock } from '../../../src/health-rollback/clock.js'
import type { Config } from '../../../src/health-rollback/config.js'
import { readConfig } from '../../../src/health-rollback/inputs.js'
import { runHealthRollback } from '../../../src/health-rollback/run.js'
import { KubeClient } from '../../../src/lib/kube/index.js'
import { ROOT } from '../../support/harness.js'
import type { Emulator, KObject } from '../../support/k8s-emulator/index.js'

const declared = (parse(readFileSync(path.join(ROOT, 'actions/health-rollback/action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> }).inputs

/** Inputs as the runner passes them: the given values over the action.yml defaults. */
export function configFor(inputs: Record<string, string>): Config {
  return readConfig((name) => inputs[name] ?? declared[name]?.default ?? '', { RUNNER_TEMP: process.env.RUNNER_TEMP ?? '/tmp' })
}

/** The action's clock is the emulator's: each sleep moves the cluster's time forward instead of waiting. */
export function emulatedClock(emulator: Emulator): Clock {
  return {
    now: () => emulator.clock.now(),
    sleep: async (ms) => {
      emulator.clock.advance(ms)
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
  }
}

export function clientFor(emulator: Emulator): KubeClient {
  const kc = new KubeConfig()
  kc.loadFromString(emulator.kubeconfig)
  return new KubeClient(kc, { retry: { attempts: 5, baseDelayMs: 5, maxDelayMs: 20 }, log: () => {} })
}

export function deploymentManifest(name: string, image: string, spec: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
      ...spec
    }
  } as KObject
}

/** Creates `web` with the first image, rolls out each next one fully, then starts the last one (not waited for). */
export async function deploy(emulator: Emulator, images: string[], spec: Record<string, unknown> = {}): Promise<void> {
  const client = clientFor(emulator)
  const [first, ...rest] = images
  emulator.store.create(deploymentManifest('web', first!, spec))
  emulator.clock.advance(10_000)
  for (const [index, image] of rest.entries()) {
    await client.patchDeployment('default', 'web', { spec: { template: { spec: { containers: [{ name: 'app', image }] } } } }, 'strategic')
    if (index < rest.length - 1) emulator.clock.advance(30_000)
  }
}

export function run(emulator: Emulator, inputs: Record<string, string>) {
  return runHealthRollback(configFor({ kubeconfig: emulator.kubeconfig, deployment: 'web', probes: '3', 'probe-interval': '100ms', ...inputs }), {
    clock: emulatedClock(emulator),
    log: () => {},
    pollMs: 500,
    kube: { retry: { attempts: 5, baseDelayMs: 5, maxDelayMs: 20 }, log: () => {} }
  })
}

export const runningImages = (emulator: Emulator): string[] =>
  [...new Set(emulator.store.list('Pod', 'default').map((p) => p.spec.containers[0].image as string))].sort()

export const templateImage = (emulator: Emulator): string => emulator.store.get('Deployment', 'default', 'web')!.spec.template.spec.containers[0].image

/** Successful writes of the Deployment's spec through the API (the undo patch and any other). */
export const deploymentWrites = (emulator: Emulator) =>
  emulator.requests.filter((r) => (r.method === 'PATCH' || r.method === 'PUT') && /\/deployments\/web$/.test(r.path) && (r.status ?? 0) < 300)

/** The undo patches (`rollout undo` sends one JSON patch) that the API accepted. */
export const undoPatches = (emulator: Emulator) =>
  emulator.requests.filter((r) => r.method === 'PATCH' && /\/deployments\/web$/.test(r.path) && (r.contentType ?? '').startsWith('application/json-patch+json') && (r.status ?? 0) < 300)
