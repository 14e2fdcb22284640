/**
 * A namespace of its own on the real local cluster for one test, with the clients and waits the Kubernetes tests
 * share. Objects are created as `kubectl create` would (any kind, through the generic object API).
 *
 *   const kube = await kubeTest('canary')
 *   await kube.create(webDeployment(kube, '2'), webService())
 *   await kube.until(async () => (await kube.deployment('web'))?.status?.availableReplicas === 4, 'web available')
 *   ...; await kube.close()
 */
import { AppsV1Api, CoreV1Api, KubernetesObjectApi, Watch, type KubeConfig, type KubernetesObject, type V1Deployment, type V1Pod } from '@kubernetes/client-node'
import { localCluster, testNamespace, type LocalCluster } from './cluster.js'

export interface KubeTest {
  cluster: LocalCluster
  namespace: string
  /** Admin kubeconfig text whose context defaults to the namespace (what the actions' `kubeconfig` input gets). */
  kubeconfig: string
  kc: KubeConfig
  apps: AppsV1Api
  core: CoreV1Api
  objects: KubernetesObjectApi
  create(...objects: KubernetesObject[]): Promise<void>
  get<T extends KubernetesObject = KubernetesObject>(apiVersion: string, kind: string, name: string): Promise<T | undefined>
  deployment(name: string): Promise<V1Deployment | undefined>
  pods(labelSelector?: string): Promise<V1Pod[]>
  /** Polls `check` every 100 ms until true; fails naming `what` after `timeoutMs`. */
  until(check: () => Promise<boolean> | boolean, what: string, timeoutMs?: number): Promise<void>
  /** Calls `listener` on every change of a Deployment in the namespace, in order, until close(). */
  watchDeployments(listener: (type: string, deployment: V1Deployment) => void): Promise<void>
  /** Calls `listener` on every change of the objects at a collection path of the namespace (e.g.
   * `/apis/coordination.k8s.io/v1/namespaces/<ns>/leases`), in order, until close(). */
  watch<T extends KubernetesObject>(path: string, listener: (type: string, object: T) => void): Promise<void>
  close(): Promise<void>
}

const notFound = (error: unknown) => (error as { code?: number }).code === 404

export async function kubeTest(prefix: string): Promise<KubeTest> {
  const cluster = await localCluster()
  const ns = await testNamespace(cluster, prefix)
  const kc = ns.kubeConfig
  const objects = KubernetesObjectApi.makeApiClient(kc)
  const apps = kc.makeApiClient(AppsV1Api)
  const core = kc.makeApiClient(CoreV1Api)
  const watches: { abort(): void }[] = []
  const withNamespace = (object: KubernetesObject): KubernetesObject => ({ ...object, metadata: { namespace: ns.name, ...object.metadata } })
  const kube: KubeTest = {
    cluster,
    namespace: ns.name,
    kubeconfig: ns.kubeconfig,
    kc,
    apps,
    core,
    objects,
    async create(...list) {
      for (const object of list) await objects.create(withNamespace(object))
    },
    async get<T extends KubernetesObject>(apiVersion: string, kind: string, name: string) {
      try {
        return (await objects.read({ apiVersion, kind, metadata: { name, namespace: ns.name } })) as T
      } catch (error) {
        if (notFound(error)) return undefined
        throw error
      }
    },
    async deployment(name) {
      try {
        return await apps.readNamespacedDeployment({ name, namespace: ns.name })
      } catch (error) {
        if (notFound(error)) return undefined
        throw error
      }
    },
    async pods(labelSelector) {
      return (await core.listNamespacedPod({ namespace: ns.name, labelSelector })).items
    },
    async until(check, what, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    },
    async watchDeployments(listener) {
      await kube.watch<V1Deployment & KubernetesObject>(`/apis/apps/v1/namespaces/${ns.name}/deployments`, listener)
    },
    async watch(path, listener) {
      watches.push(await new Watch(kc).watch(path, {}, listener, () => {}))
    },
    async close() {
      for (const watch of watches) watch.abort()
      await ns.delete()
    }
  }
  return kube
}
