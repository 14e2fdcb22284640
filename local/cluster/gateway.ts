/**
 * The cluster's router: Traefik (built from source, local/cluster/build-traefik.sh) as its Gateway API
 * implementation, installed as its docs describe: the upstream Gateway API CRDs (standard channel) applied server-side,
 * Traefik's documented ClusterRole, a GatewayClass for its controller and one shared Gateway whose HTTP listener is
 * Traefik's `web` entry point. Traefik runs on the host like the control plane and reaches pods on the bridge.
 * Tests and the demo attach their HTTPRoutes to that Gateway (any namespace) and send user traffic to `gatewayUrl`.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseAllDocuments, stringify } from 'yaml'
import { apiGet, waitFor } from './api.js'
import { writeKubeconfig } from './configs.js'
import { tail, type Daemon } from './daemons.js'
import type { Layout } from './layout.js'
import type { Pki } from './pki.js'

export const GATEWAY = { namespace: 'gateway-system', name: 'pipeline-actions', className: 'traefik', listener: 'web' } as const
export const TRAEFIK_CONTROLLER = 'traefik.io/gateway-controller'
/** The identity Traefik's documented ClusterRole is bound to (a client certificate here; a ServiceAccount in its docs). */
const TRAEFIK_USER = 'traefik-controller'

export const gatewayUrl = (l: Layout): string => `http://127.0.0.1:${l.gatewayPort}`

export function traefik(l: Layout, kubeconfig: string): Daemon {
  return {
    name: 'traefik',
    program: path.join(l.traefik, 'traefik'),
    args: [
      '--global.checkNewVersion=false',
      '--global.sendAnonymousUsage=false',
      `--entryPoints.${GATEWAY.listener}.address=127.0.0.1:${l.gatewayPort}`,
      `--entryPoints.traefik.address=127.0.0.1:${l.gatewayPort + 1}`,
      '--ping=true',
      '--providers.kubernetesGateway=true',
      `--providers.kubernetesGateway.statusAddress.ip=127.0.0.1`,
      // The default waits 2 s between configuration reloads; a weight written should move traffic promptly.
      '--providers.providersThrottleDuration=200ms',
      '--log.level=INFO'
    ],
    env: { KUBECONFIG: kubeconfig }
  }
}

function kubectl(l: Layout, kubeconfig: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(path.join(l.bin, 'kubectl'), [`--kubeconfig=${kubeconfig}`, ...args], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`kubectl ${args.join(' ')}: ${stderr || error.message}`)) : resolve(stdout)
    )
    if (input !== undefined) child.stdin!.end(input)
  })
}

/** Traefik's documented RBAC, bound to the user Traefik runs as here instead of its in-cluster ServiceAccount. */
function traefikRbac(l: Layout): string {
  const documents = parseAllDocuments(readFileSync(path.join(l.traefik, 'rbac.yml'), 'utf8')).map((d) => d.toJS() as Record<string, unknown> & { kind: string })
  for (const d of documents) if (d.kind === 'ClusterRoleBinding') d.subjects = [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: TRAEFIK_USER }]
  return documents.map((d) => stringify(d)).join('---\n')
}

const gatewayObjects = (l: Layout): string =>
  [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: GATEWAY.namespace } },
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: GATEWAY.className }, spec: { controllerName: TRAEFIK_CONTROLLER } },
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: GATEWAY.name, namespace: GATEWAY.namespace },
      spec: {
        gatewayClassName: GATEWAY.className,
        // The listener's port is the entry point's: that is how Traefik maps listeners to entry points.
        listeners: [{ name: GATEWAY.listener, protocol: 'HTTP', port: l.gatewayPort, allowedRoutes: { namespaces: { from: 'All' } } }]
      }
    }
  ]
    .map((o) => stringify(o))
    .join('---\n')

/** The CRDs, RBAC and Gateway objects, then Traefik; returns the Daemon to start. Idempotent (server-side apply). */
export async function installGateway(l: Layout, pki: Pki, adminKubeconfig: string, readFile: (p: string) => string): Promise<Daemon> {
  await kubectl(l, adminKubeconfig, ['apply', '--server-side', '--force-conflicts', '--field-manager=pipeline-actions-cluster', '-f', path.join(l.traefik, 'crds')])
  await kubectl(l, adminKubeconfig, ['wait', '--for=condition=Established', '--timeout=60s', 'crd/gatewayclasses.gateway.networking.k8s.io', 'crd/gateways.gateway.networking.k8s.io', 'crd/httproutes.gateway.networking.k8s.io'])
  await kubectl(l, adminKubeconfig, ['apply', '--server-side', '--field-manager=pipeline-actions-cluster', '-f', '-'], traefikRbac(l))
  await kubectl(l, adminKubeconfig, ['apply', '--server-side', '--field-manager=pipeline-actions-cluster', '-f', '-'], gatewayObjects(l))
  pki.ensureCert('traefik', { cn: TRAEFIK_USER }, 'client')
  return traefik(l, writeKubeconfig(l, pki, 'traefik', readFile))
}

/** Until Traefik answers its ping and has programmed the shared Gateway. */
export async function waitGateway(l: Layout, pki: Pki): Promise<void> {
  await waitFor('traefik', 30_000, async () => (await fetch(`http://127.0.0.1:${l.gatewayPort + 1}/ping`)).ok, () => tail(l, 'traefik'))
  await waitFor(
    `Gateway ${GATEWAY.namespace}/${GATEWAY.name} programmed`,
    60_000,
    async () => {
      const answer = await apiGet(l, pki, `/apis/gateway.networking.k8s.io/v1/namespaces/${GATEWAY.namespace}/gateways/${GATEWAY.name}`)
      const conditions = (JSON.parse(answer.body) as { status?: { conditions?: { type: string; status: string }[] } }).status?.conditions ?? []
      return conditions.some((c) => c.type === 'Programmed' && c.status === 'True')
    },
    () => tail(l, 'traefik')
  )
}
