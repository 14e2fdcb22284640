/**
 * A kubeconfig for a ServiceAccount of a test namespace bound to exactly one namespaced Role (the Role an action
 * documents in actions/<name>/role.yaml): what a platform team gives the pipeline's deployer, and nothing more.
 */
import { CoreV1Api, RbacAuthorizationV1Api, type V1PolicyRule } from '@kubernetes/client-node'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse, stringify } from 'yaml'
import { ROOT } from '../harness.js'
import { kubeConfigOf } from './cluster.js'
import type { KubeTest } from './client.js'

/** The rules of the Role an action documents. */
export function documentedRules(action: string): V1PolicyRule[] {
  return (parse(readFileSync(path.join(ROOT, 'actions', action, 'role.yaml'), 'utf8')) as { rules: V1PolicyRule[] }).rules
}

/** Creates ServiceAccount `name` bound to a Role with `rules` in the test's namespace; returns its kubeconfig text. */
export async function roleKubeconfig(kube: KubeTest, name: string, rules: V1PolicyRule[]): Promise<string> {
  const namespace = kube.namespace
  const core = kube.kc.makeApiClient(CoreV1Api)
  const rbac = kube.kc.makeApiClient(RbacAuthorizationV1Api)
  await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name } } })
  await rbac.createNamespacedRole({ namespace, body: { metadata: { name }, rules } })
  await rbac.createNamespacedRoleBinding({
    namespace,
    body: { metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name }, subjects: [{ kind: 'ServiceAccount', name, namespace }] }
  })
  const { status } = await core.createNamespacedServiceAccountToken({ name, namespace, body: { spec: { audiences: [], expirationSeconds: 3600 } } })
  const server = kubeConfigOf(kube.cluster.kubeconfigText).getCurrentCluster()!
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'local', cluster: { server: server.server, 'certificate-authority-data': server.caData } }],
    users: [{ name, user: { token: status!.token } }],
    contexts: [{ name, context: { cluster: 'local', user: name, namespace } }],
    'current-context': name
  })
}
