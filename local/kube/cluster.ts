/**
 * The real single-node Kubernetes the Kubernetes tests run on (local/cluster: upstream binaries built from source).
 * One cluster per machine, shared by every test file and worker; each test works in a namespace of its own.
 *
 *   const cluster = await localCluster()
 *   const ns = await testNamespace(cluster, 'canary')   // kubeconfig text whose context defaults to the namespace
 *   ...; await ns.delete()
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node'
import { parse, stringify } from 'yaml'
import { clusterUp } from '../cluster/start.js'

const run = promisify(execFile)

export interface LocalCluster {
  /** Path of the admin kubeconfig (client certificate, system:masters). */
  kubeconfig: string
  kubeconfigText: string
  server: string
  /** Upstream version the node and API server report, e.g. v1.34.4. */
  version: string
  /** host:port of the registry the node pulls from over plain http; workloads name images by it. */
  registry: string
  node: string
  /** Directory of the built upstream binaries. */
  bin: string
  /** The built kubectl of the pinned version (the reference client for differential checks). */
  kubectl: string
  /** The shared Gateway (Traefik) HTTPRoutes attach to, and the URL where user traffic enters. */
  gateway: { url: string; namespace: string; name: string }
}

/** Where the global setup leaves `up`'s JSON line for the test workers. */
export const CLUSTER_ENV = 'PIPELINE_ACTIONS_CLUSTER'

let pending: Promise<LocalCluster> | undefined

/**
 * Starts the cluster if it is not running (`npm run cluster -- up`: idempotent, and serialised by its own lock so
 * parallel jest workers start it once) and returns how to reach it. Needs root; under CI a failure fails the test.
 */
export function localCluster(): Promise<LocalCluster> {
  pending ??= (async () => {
    if (process.getuid?.() !== 0) throw new Error('the Kubernetes tests run a real cluster (containerd, kubelet), which needs root')
    // The jest global setup started it already (and built it if needed, which can take minutes on a new machine).
    const line = process.env[CLUSTER_ENV]
    const info = line ? (JSON.parse(line) as Omit<LocalCluster, 'kubeconfigText' | 'kubectl'>) : await clusterUp()
    return { ...info, kubeconfigText: readFileSync(info.kubeconfig, 'utf8'), kubectl: path.join(info.bin, 'kubectl') }
  })()
  return pending
}

export interface TestNamespace {
  name: string
  /** The admin kubeconfig with its context's namespace set to this one. */
  kubeconfig: string
  kubeConfig: KubeConfig
  delete(): Promise<void>
}

export function kubeConfigOf(text: string): KubeConfig {
  const kc = new KubeConfig()
  kc.loadFromString(text)
  return kc
}

/** Creates a namespace named `<prefix>-<random>`; delete() removes it without waiting for its pods to go. */
export async function testNamespace(cluster: LocalCluster, prefix = 'test'): Promise<TestNamespace> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`.toLowerCase()
  const config = parse(cluster.kubeconfigText) as { contexts: { context: { namespace?: string } }[] }
  for (const entry of config.contexts) entry.context.namespace = name
  const kubeconfig = stringify(config)
  const kubeConfig = kubeConfigOf(kubeconfig)
  const core = kubeConfig.makeApiClient(CoreV1Api)
  await core.createNamespace({ body: { metadata: { name, labels: { 'pipeline-actions/test': prefix } } } })
  // Pods need the namespace's default ServiceAccount, which the controller-manager creates moments later.
  for (let i = 0; i < 100; i++) {
    try {
      await core.readNamespacedServiceAccount({ name: 'default', namespace: name })
      break
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  return {
    name,
    kubeconfig,
    kubeConfig,
    delete: async () => {
      await core.deleteNamespace({ name, gracePeriodSeconds: 0 }).catch(() => {})
    }
  }
}

/** Runs the pinned kubectl against `kubeconfig` text (written to a 0600 file for the call). */
export async function kubectl(cluster: LocalCluster, kubeconfig: string, args: string[]): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubectl-'))
  try {
    const file = path.join(dir, 'config')
    writeFileSync(file, kubeconfig, { mode: 0o600 })
    const { stdout } = await run(cluster.kubectl, ['--kubeconfig', file, ...args], { maxBuffer: 16 * 1024 * 1024 })
    return stdout
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
