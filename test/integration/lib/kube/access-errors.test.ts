/**
 * A user the API server refuses gets a user error saying what was refused and what to change, never "a bug in
 * pipeline-actions": a ServiceAccount without the permission (403) and a token the server does not accept (401),
 * on the real API server.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { AutoscalingV2Api, KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node'
import { UserError } from '../../../../src/lib/action/errors.js'
import { KubeAccessError, KubeClient } from '../../../../src/lib/kube/index.js'
import { kubeTest, type KubeTest } from '../../../../local/kube/client.js'

let kube: KubeTest
let token: string

/** The namespace's kubeconfig with its user replaced by a bearer token. */
function asToken(bearer: string): KubeConfig {
  const kc = new KubeConfig()
  kc.loadFromString(kube.kubeconfig)
  const cluster = kc.getCurrentCluster()!
  const fresh = new KubeConfig()
  fresh.loadFromOptions({
    clusters: [cluster],
    users: [{ name: 'sa', token: bearer }],
    contexts: [{ name: 'sa', cluster: cluster.name, user: 'sa', namespace: kube.namespace }],
    currentContext: 'sa'
  })
  return fresh
}

beforeAll(async () => {
  kube = await kubeTest('access')
  await kube.core.createNamespacedServiceAccount({ namespace: kube.namespace, body: { metadata: { name: 'deployer' } } })
  const rbac = kube.kc.makeApiClient(RbacAuthorizationV1Api)
  // Deployments yes, autoscalers no: what a Role written before canary-deploy read HorizontalPodAutoscalers looks like.
  await rbac.createNamespacedRole({ namespace: kube.namespace, body: { metadata: { name: 'deployer' }, rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list'] }] } })
  await rbac.createNamespacedRoleBinding({
    namespace: kube.namespace,
    body: { metadata: { name: 'deployer' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'deployer' }, subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: kube.namespace }] }
  })
  const request = await kube.core.createNamespacedServiceAccountToken({ name: 'deployer', namespace: kube.namespace, body: { spec: { audiences: [], expirationSeconds: 600 } } })
  token = request.status!.token!
})
afterAll(async () => {
  await kube?.close()
})

describe('KubeClient refusals', () => {
  it('a missing permission (403) is a user error naming the refused verb and resource, and the fix', async () => {
    const kc = asToken(token)
    const client = new KubeClient(kc, { log: () => {} })
    await expect(client.call('list deployments', () => client.apps.listNamespacedDeployment({ namespace: kube.namespace }))).resolves.toBeDefined()
    const refused = await client.call(`list horizontalpodautoscalers in ${kube.namespace}`, () => kc.makeApiClient(AutoscalingV2Api).listNamespacedHorizontalPodAutoscaler({ namespace: kube.namespace })).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(KubeAccessError)
    expect(refused).toBeInstanceOf(UserError)
    const message = (refused as Error).message
    expect(message).toContain(`Kubernetes refused to let the kubeconfig's user list horizontalpodautoscalers in ${kube.namespace}`)
    expect(message).toContain(`User "system:serviceaccount:${kube.namespace}:deployer" cannot list resource "horizontalpodautoscalers" in API group "autoscaling"`)
    expect(message).toContain('(HTTP 403)')
    expect(message).toMatch(/Grant that user this permission/)
    expect(message).not.toMatch(/bug/)
  })

  it('a token the server does not accept (401) is a user error about the credentials, not retried', async () => {
    const logged: string[] = []
    const client = new KubeClient(asToken('not-a-token'), { log: (m) => logged.push(m) })
    const refused = await client.call('get deployment web', () => client.apps.readNamespacedDeployment({ name: 'web', namespace: kube.namespace })).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(KubeAccessError)
    expect((refused as KubeAccessError).statusCode).toBe(401)
    expect((refused as Error).message).toMatch(/^Kubernetes refused the kubeconfig's credentials when trying to get deployment web: Unauthorized \(HTTP 401\)\. Check that its token or client certificate is valid and not expired\.$/)
    expect(logged).toEqual([])
  })
})
