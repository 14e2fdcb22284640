/**
 * The cluster the demo's Kubernetes stages run on, seen only through a kubeconfig: the local cluster (local/cluster,
 * started when it is not running; default), or the cluster the user's kubeconfig points at. Everything after this file
 * treats both the same way.
 */
import { CoreV1Api, KubeConfig, VersionApi } from '@kubernetes/client-node'
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import path from 'node:path'
import { clusterUp } from '../../local/cluster/start.js'
import { kubeconfigSource } from '../cluster-choice.js'
import { HOSTING_CONFIGMAP, registryFromHosting, type DemoRegistry } from './local-registry.js'

export interface DemoCluster {
  mode: 'local' | 'kubeconfig'
  /** What the log and summary call it. */
  description: string
  kubeconfig: KubeConfig
  /** The kubeconfig as the actions' `kubeconfig` input receives it (current context, merged files). */
  kubeconfigText: string
  /** A Gateway that routes user traffic by weight (the local cluster's Traefik); without one the canary splits by replicas. */
  gateway?: DemoGateway
}

export interface DemoGateway {
  /** Where user traffic enters. */
  url: string
  namespace: string
  name: string
}

export interface ReachableCluster {
  kubeconfig: KubeConfig
  server: string
  version: string
  gateway?: DemoGateway
}

/**
 * The local cluster, started if it is not running (`npm run cluster -- up`, shared with the tests; the first time it
 * also builds Kubernetes), reached through its admin kubeconfig like any other cluster. `progress` gets up's log lines.
 */
export async function startLocalCluster(progress: (line: string) => void): Promise<ReachableCluster> {
  const info = await clusterUp(progress)
  const kubeconfig = new KubeConfig()
  kubeconfig.loadFromFile(info.kubeconfig)
  return { kubeconfig, server: info.server, version: info.version, gateway: info.gateway }
}

/** Which kubeconfig kubectl would read here (see kubeconfigSource), or undefined. */
export const userKubeconfig = (): string | undefined => kubeconfigSource(process.env, existsSync(path.join(process.env.HOME ?? homedir(), '.kube', 'config')))

/** The current context of the user's kubeconfig when its server answers `/version` within `timeoutMs`. */
export async function reachableCluster(timeoutMs = 3000): Promise<ReachableCluster | undefined> {
  if (!userKubeconfig()) return undefined
  try {
    const kubeconfig = new KubeConfig()
    kubeconfig.loadFromDefault()
    const version = await withTimeout(kubeconfig.makeApiClient(VersionApi).getCode(), timeoutMs)
    return { kubeconfig, server: kubeconfig.getCurrentCluster()?.server ?? '?', version: version.gitVersion }
  } catch {
    return undefined
  }
}

/** The registry a local cluster announces (KEP-1755), or undefined. */
export async function announcedRegistry(kubeconfig: KubeConfig): Promise<DemoRegistry | undefined> {
  try {
    const configMap = await kubeconfig.makeApiClient(CoreV1Api).readNamespacedConfigMap({ name: HOSTING_CONFIGMAP.name, namespace: HOSTING_CONFIGMAP.namespace })
    return registryFromHosting(configMap.data)
  } catch {
    return undefined
  }
}

/**
 * Why this cluster cannot run the demo's images, or undefined. The demo's base image is this machine's Node, so the
 * nodes must share its CPU architecture; a kubeconfig that may not list nodes is given the benefit of the doubt.
 */
export async function architectureProblem(kubeconfig: KubeConfig): Promise<string | undefined> {
  const ours = ({ x64: 'amd64', arm64: 'arm64' } as Record<string, string>)[process.arch] ?? process.arch
  try {
    const nodes = await kubeconfig.makeApiClient(CoreV1Api).listNode()
    const theirs = [...new Set(nodes.items.map((node) => node.status?.nodeInfo?.architecture).filter((a): a is string => Boolean(a)))]
    if (theirs.length > 0 && !theirs.includes(ours)) return `the cluster's nodes are ${theirs.join(', ')}; the demo's images carry this machine's ${ours} Node binary`
  } catch {
    return undefined
  }
  return undefined
}

/**
 * Why the kubeconfig's user cannot work in a namespace of its own there, or undefined: a dry-run create of the
 * namespace asks the API server (authorization and admission included) without changing anything.
 */
export async function namespaceProblem(kubeconfig: KubeConfig): Promise<string | undefined> {
  try {
    await kubeconfig.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: 'pipeline-demo-preflight' } }, dryRun: 'All' })
    return undefined
  } catch (error) {
    const code = (error as { code?: number }).code
    if (code === 401 || code === 403) {
      return `the kubeconfig's user (context ${kubeconfig.getCurrentContext()}) may not create namespaces (HTTP ${code}); the demo works in a namespace of its own, pipeline-demo-<random>, and deletes it afterwards: use a context that may create and delete namespaces`
    }
    return undefined
  }
}

export function kubeconfigCluster(reachable: ReachableCluster, mode: DemoCluster['mode']): DemoCluster {
  return {
    mode,
    description: `the ${mode === 'local' ? 'local ' : ''}cluster at ${reachable.server} (Kubernetes ${reachable.version}, context ${reachable.kubeconfig.getCurrentContext()})`,
    kubeconfig: reachable.kubeconfig,
    kubeconfigText: reachable.kubeconfig.exportConfig(),
    ...(reachable.gateway ? { gateway: reachable.gateway } : {})
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())])
}
