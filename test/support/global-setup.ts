/**
 * Before any test: Node 24 (the runtime of runs.using: node24), and the local Kubernetes cluster the Kubernetes tests
 * share, started once here (built from source first on a new machine) so no test waits on it inside its timeout.
 */
import { CLUSTER_ENV, localCluster } from './cluster.js'

export default async function globalSetup(): Promise<void> {
  const major = Number(process.versions.node.split('.')[0])
  if (major < 24) {
    throw new Error(
      `tests need Node >= 24 (the runtime of runs.using: node24), got ${process.version}: run them through npm (npm test), which puts node_modules/.bin/node first`
    )
  }
  // Outside CI a developer without root still runs every other test; the Kubernetes ones then fail naming why.
  if (process.getuid?.() !== 0 && process.env.CI !== 'true') return
  const cluster = await localCluster()
  const { kubeconfig, server, version, registry, node, bin } = cluster
  process.env[CLUSTER_ENV] = JSON.stringify({ kubeconfig, server, version, registry, node, bin })
}
