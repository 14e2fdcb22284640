/**
 * Starts the single-node cluster, or finds it already running: certificates, registry, containerd, etcd, the
 * control plane and a kubelet, each waited for before the next. Returns what a user (or a test) needs to reach it.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { apiGet, apiRequest, nodeReady, waitFor } from './api.js'
import { apiServer, containerd, controllerManager, etcd, kubelet, registryDaemon, scheduler } from './components.js'
import { PAUSE_TAG, writeCniConfig, writeContainerdConfig, writeKubeconfig, writeKubeletConfig, writeRegistryConfig } from './configs.js'
import { pidOf, start, tail } from './daemons.js'
import { down } from './down.js'
import { GATEWAY, gatewayUrl, installGateway, waitGateway } from './gateway.js'
import { imageExists, pushPauseImage } from './images.js'
import { containerdSocket, file, registry, server, type Layout } from './layout.js'
import { ensureBridge } from './network.js'
import { Pki } from './pki.js'

export interface ClusterInfo {
  kubeconfig: string
  server: string
  version: string
  registry: string
  node: string
  /** The built upstream binaries, kubectl among them. */
  bin: string
  /** The shared Gateway (Traefik) HTTPRoutes attach to, and the address where user traffic enters. */
  gateway: { url: string; namespace: string; name: string }
  /** Milliseconds from the start of `up` to a Ready node (0 when it was already running). */
  readyMs: number
}

const CORE = ['registry', 'containerd', 'etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet'] as const
export const DAEMONS = [...CORE, 'traefik'] as const

const read = (p: string) => readFileSync(p, 'utf8')

function makePki(l: Layout): Pki {
  const pki = new Pki(file(l, 'pki'))
  pki.ensureCa()
  pki.ensureServiceAccountKey()
  const serviceIP = l.serviceSubnet.replace(/\.0\/\d+$/, '.1')
  const apiNames = ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', 'localhost', '127.0.0.1', l.nodeIP, serviceIP]
  pki.ensureCert('apiserver', { cn: 'kube-apiserver' }, 'server', apiNames)
  pki.ensureCert('apiserver-kubelet-client', { cn: 'kube-apiserver-kubelet-client', o: 'system:masters' }, 'client')
  pki.ensureCert('admin', { cn: 'kubernetes-admin', o: 'system:masters' }, 'client')
  pki.ensureCert('controller-manager', { cn: 'system:kube-controller-manager' }, 'client')
  pki.ensureCert('scheduler', { cn: 'system:kube-scheduler' }, 'client')
  pki.ensureCert('node', { cn: `system:node:${l.nodeName}`, o: 'system:nodes' }, 'client')
  pki.ensureCert('kubelet', { cn: l.nodeName }, 'server', [l.nodeName, 'localhost', '127.0.0.1', l.nodeIP])
  return pki
}

async function healthy(l: Layout, pki: Pki): Promise<boolean> {
  if (CORE.some((name) => pidOf(l, name) === undefined)) return false
  try {
    return (await apiGet(l, pki, '/readyz')).status === 200 && (await nodeReady(l, pki))
  } catch {
    return false
  }
}

/** KEP-1755: tells tools (the demo among them) which registry the node pulls from, as kind's recipe does. */
async function announceRegistry(l: Layout, pki: Pki): Promise<void> {
  const body = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'local-registry-hosting', namespace: 'kube-public' },
    data: { 'localRegistryHosting.v1': `host: "${registry(l)}"\nhelp: "npm run cluster -- up starts it; images pushed there run on the node"\n` }
  }
  const answer = await apiRequest(l, pki, 'POST', '/api/v1/namespaces/kube-public/configmaps', body)
  if (answer.status !== 201 && answer.status !== 409) throw new Error(`could not announce the registry (HTTP ${answer.status}): ${answer.body}`)
}

export async function up(l: Layout, version: string, log: (line: string) => void): Promise<ClusterInfo> {
  const began = Date.now()
  const info = (readyMs: number): ClusterInfo => ({
    kubeconfig: file(l, 'kubeconfig', 'admin.kubeconfig'),
    server: server(l),
    version,
    registry: registry(l),
    node: l.nodeName,
    bin: l.bin,
    gateway: { url: gatewayUrl(l), namespace: GATEWAY.namespace, name: GATEWAY.name },
    readyMs
  })
  if (existsSync(file(l, 'pki', 'admin.crt')) && (await healthy(l, new Pki(file(l, 'pki'))))) {
    // The router alone can be (re)started under a running cluster, without disturbing its workloads.
    if (pidOf(l, 'traefik') === undefined) await startGateway(l, new Pki(file(l, 'pki')), log)
    return info(0)
  }
  await down(l)

  const pki = makePki(l)
  const kubeconfig = (user: string) => writeKubeconfig(l, pki, user, read)
  kubeconfig('admin')

  log('registry')
  start(l, registryDaemon(writeRegistryConfig(l)))
  await waitFor('registry', 10_000, async () => (await fetch(`http://${registry(l)}/v2/`)).ok, () => tail(l, 'registry'))

  log('containerd')
  ensureBridge(l)
  writeCniConfig(l)
  start(l, containerd(writeContainerdConfig(l)))
  await waitFor('containerd', 20_000, async () => existsSync(containerdSocket(l)), () => tail(l, 'containerd'))
  if (!(await imageExists(registry(l), 'pause', PAUSE_TAG))) await pushPauseImage(path.join(l.bin, 'pause'), `${registry(l)}/pause:${PAUSE_TAG}`)

  log('etcd')
  start(l, etcd(l))
  await waitFor('etcd', 30_000, async () => (await fetch(`http://127.0.0.1:${l.etcdPort}/health`)).ok, () => tail(l, 'etcd'))

  log('kube-apiserver')
  start(l, apiServer(l, pki))
  await waitFor('kube-apiserver', 90_000, async () => (await apiGet(l, pki, '/readyz')).status === 200, () => tail(l, 'kube-apiserver'))

  log('kube-controller-manager, kube-scheduler')
  start(l, controllerManager(l, pki, kubeconfig('controller-manager')))
  start(l, scheduler(l, kubeconfig('scheduler')))

  log('kubelet')
  start(l, kubelet(l, writeKubeletConfig(l, pki), kubeconfig('node')))
  await announceRegistry(l, pki)
  await waitFor(`node ${l.nodeName}`, 120_000, () => nodeReady(l, pki), () => `kubelet:\n${tail(l, 'kubelet')}\ncontainerd:\n${tail(l, 'containerd', 5)}`)
  await startGateway(l, pki, log)
  return info(Date.now() - began)
}

async function startGateway(l: Layout, pki: Pki, log: (line: string) => void): Promise<void> {
  log('gateway (Traefik)')
  start(l, await installGateway(l, pki, writeKubeconfig(l, pki, 'admin', read), read))
  await waitGateway(l, pki)
}
