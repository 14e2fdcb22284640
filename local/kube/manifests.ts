/**
 * The objects the Kubernetes tests deploy: the test service (test/fixtures/kube-service) as a Deployment whose pods
 * the kubelet probes on /healthz, and its Service. Probes run every second so that readiness shows within a second.
 */
import type { KubernetesObject, V1Container, V1DaemonSet, V1Deployment, V1Service, V1StatefulSet } from '@kubernetes/client-node'

export const SERVICE_PORT = 8080

export interface WebOptions {
  name?: string
  replicas?: number
  labels?: Record<string, string>
  /** Annotations of the Deployment (e.g. kubernetes.io/change-cause). */
  annotations?: Record<string, string>
  /** Extra Deployment spec fields (strategy, progressDeadlineSeconds, minReadySeconds, ...). */
  spec?: Partial<V1Deployment['spec']>
  /** Environment of the container (e.g. FAULT). */
  env?: Record<string, string>
  /** Further fields of the container (e.g. env from a Secret), over the ones above. */
  container?: Partial<V1Container>
}

export function webDeployment(image: string, options: WebOptions = {}): V1Deployment & KubernetesObject {
  const name = options.name ?? 'web'
  const labels = options.labels ?? { app: name }
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels, ...(options.annotations && { annotations: options.annotations }) },
    spec: {
      replicas: options.replicas ?? 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          terminationGracePeriodSeconds: 2,
          containers: [
            {
              name: 'app',
              image,
              ports: [{ name: 'http', containerPort: SERVICE_PORT }],
              env: Object.entries(options.env ?? {}).map(([envName, value]) => ({ name: envName, value })),
              readinessProbe: { httpGet: { path: '/healthz', port: SERVICE_PORT }, periodSeconds: 1, failureThreshold: 1 },
              ...options.container
            }
          ]
        }
      },
      ...options.spec
    }
  }
}

export function webService(name = 'web', selector: Record<string, string> = { app: name }): V1Service & KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { selector, ports: [{ name: 'http', port: 80, targetPort: SERVICE_PORT }] }
  }
}

/** The test service as a StatefulSet (OrderedReady, RollingUpdate with partition 0: the API server's defaults). */
export function webStatefulSet(image: string, options: { name?: string; replicas?: number } = {}): V1StatefulSet & KubernetesObject {
  const name = options.name ?? 'db'
  const template = webDeployment(image, { name }).spec!.template
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, labels: { app: name } },
    spec: { replicas: options.replicas ?? 2, serviceName: name, selector: { matchLabels: { app: name } }, template }
  }
}

/** The test service as a DaemonSet (one pod per node: one on the local cluster; RollingUpdate, maxUnavailable 1). */
export function webDaemonSet(image: string, options: { name?: string } = {}): V1DaemonSet & KubernetesObject {
  const name = options.name ?? 'agent'
  const template = webDeployment(image, { name }).spec!.template
  return { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name, labels: { app: name } }, spec: { selector: { matchLabels: { app: name } }, template } }
}
