/** The connections a run needs: the cluster from the kubeconfig input (its namespace resolved), the metrics source. */
import { fieldManagerOf, KubeClient, loadKubeconfig, requestTimeoutFor, resolveNamespace, saveKubeconfigForCleanup } from '../lib/kube/index.js'
import { createMetricsClient, type MetricsClient } from '../lib/metrics/source.js'
import { sleep } from '../lib/retry.js'
import { Cluster } from './cluster.js'
import type { CanaryDeployInputs } from './inputs.js'

/** `file`: a kubeconfig file written for this connection, for the post step to remove (the main step saves it for cleanup). */
export function connect(inputs: CanaryDeployInputs, isPost = false): { cluster: Cluster; file?: string } {
  const loaded = loadKubeconfig({ content: inputs.kubeconfig, context: inputs.context })
  if (!isPost) saveKubeconfigForCleanup(loaded)
  const namespace = resolveNamespace(loaded, inputs.namespace)
  // Each API request may take a third of rollout-timeout (at most 30 s), so a stalled one is retried within it.
  const client = new KubeClient(loaded.kc, { requestTimeoutMs: requestTimeoutFor(inputs.rolloutTimeoutMs), fieldManager: fieldManagerOf('canary-deploy') })
  return { cluster: new Cluster(client, namespace, sleep), ...(loaded.file ? { file: loaded.file } : {}) }
}

export const metricsClientFor = (inputs: CanaryDeployInputs): MetricsClient | undefined => (inputs.metricsSource ? createMetricsClient(inputs.metricsSource) : undefined)
