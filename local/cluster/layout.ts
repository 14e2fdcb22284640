/**
 * Where the local cluster lives and how its parts find each other. Fixed ports on 127.0.0.1 (overridable by env) so
 * that `up` is idempotent and a second terminal, a test run and the demo all reach the same cluster.
 */
import path from 'node:path'

const env = process.env

export interface Layout {
  /** Everything the cluster writes: PKI, configs, data, logs, pids. Removed by `down`. */
  dir: string
  /** The built upstream binaries (local/cluster/build-kubernetes.sh). */
  bin: string
  /** The built Traefik and the Gateway API CRDs beside it (local/cluster/build-traefik.sh). */
  traefik: string
  nodeName: string
  apiPort: number
  etcdPort: number
  registryPort: number
  /** Where user traffic enters: the Gateway's HTTP listener (Traefik's entry point); its ping on the next port. */
  gatewayPort: number
  /** The bridge the CNI plugin attaches pods to; its address is the node's InternalIP. */
  bridge: string
  podSubnet: string
  nodeIP: string
  serviceSubnet: string
}

export function layout(bin: string, traefik = ''): Layout {
  return {
    dir: env.PIPELINE_ACTIONS_CLUSTER_DIR ?? '/var/lib/pipeline-actions/cluster',
    bin,
    traefik,
    nodeName: 'pipeline-actions-node',
    apiPort: Number(env.PIPELINE_ACTIONS_CLUSTER_API_PORT ?? 16443),
    etcdPort: Number(env.PIPELINE_ACTIONS_CLUSTER_ETCD_PORT ?? 23790),
    registryPort: Number(env.PIPELINE_ACTIONS_CLUSTER_REGISTRY_PORT ?? 5400),
    gatewayPort: Number(env.PIPELINE_ACTIONS_CLUSTER_GATEWAY_PORT ?? 18080),
    bridge: 'pa-br0',
    podSubnet: '10.244.0.0/24',
    nodeIP: '10.244.0.1',
    serviceSubnet: '10.96.0.0/24'
  }
}

export const file = (l: Layout, ...parts: string[]): string => path.join(l.dir, ...parts)
export const server = (l: Layout): string => `https://127.0.0.1:${l.apiPort}`
export const registry = (l: Layout): string => `127.0.0.1:${l.registryPort}`
export const containerdSocket = (l: Layout): string => file(l, 'containerd', 'containerd.sock')
