/** A kubeconfig for the emulator: one cluster with the CA inline, one user per token, one context per user. */
import { stringify } from 'yaml'

export interface KubeconfigUser {
  name: string
  token: string
  namespace?: string
}

export function buildKubeconfig(server: string, caPem: string, users: KubeconfigUser[], currentUser: string): string {
  const cluster = 'emulator'
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: users.map((u) => ({ name: u.name, user: { token: u.token } })),
    contexts: users.map((u) => ({ name: u.name === currentUser ? cluster : `${cluster}-${u.name}`, context: { cluster, user: u.name, ...(u.namespace ? { namespace: u.namespace } : {}) } })),
    'current-context': cluster,
    preferences: {}
  })
}
