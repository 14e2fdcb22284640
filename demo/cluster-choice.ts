/**
 * Where the demo's Kubernetes stages run, decided from `--cluster`: the local cluster by default (local/cluster, a
 * real single-node Kubernetes that the demo starts when it is not running; it needs root), or, with
 * `--cluster=kubeconfig`, the cluster of the user's kubeconfig (KUBECONFIG, else ~/.kube/config, as kubectl reads it).
 */

export type ClusterOption = 'local' | 'kubeconfig'

export type ClusterChoice = { use: 'local' } | { use: 'kubeconfig' } | { error: string; exitCode: 1 | 2 }

export const NEEDS_ROOT =
  'the Kubernetes stages run on a local cluster (containerd, a kubelet), which needs root: set it up once with `sudo bash .ci/install-components`,' +
  ' then `sudo env "PATH=$PATH" npm run demo` (or run them on a cluster of yours: npm run demo -- --cluster=kubeconfig)'

export function parseClusterOption(value: string | undefined): ClusterOption | { error: string } {
  if (value === undefined || value === 'local') return 'local'
  if (value === 'kubeconfig') return value
  if (value === 'emulator') {
    return { error: '--cluster=emulator is gone: the Kubernetes stages run on a real local cluster now, the default (--cluster=local; npm run cluster -- up|down|status), or on yours with --cluster=kubeconfig' }
  }
  return { error: `--cluster=${value} is not known (accepted: local, kubeconfig)` }
}

/** Which kubeconfig kubectl would read: `KUBECONFIG=<value>`, `~/.kube/config` when it exists, else undefined. Pure. */
export function kubeconfigSource(env: NodeJS.ProcessEnv, homeConfigExists: boolean): string | undefined {
  if (env.KUBECONFIG) return `KUBECONFIG=${env.KUBECONFIG}`
  return homeConfigExists ? '~/.kube/config' : undefined
}

/**
 * `root`: whether this process may start the local cluster; `reachable`: with kubeconfig, how its cluster answered, or
 * undefined when it did not; `source`: which kubeconfig (kubeconfigSource), undefined when there is none.
 */
export function chooseCluster(option: ClusterOption, { root, reachable, source }: { root: boolean; reachable?: string; source?: string }): ClusterChoice {
  if (option === 'local') return root ? { use: 'local' } : { error: NEEDS_ROOT, exitCode: 1 }
  if (reachable) return { use: 'kubeconfig' }
  return {
    exitCode: 2,
    error: source
      ? `--cluster=kubeconfig: the cluster of ${source} does not answer (GET /version, 3 s); check \`kubectl version\``
      : '--cluster=kubeconfig needs a kubeconfig for a cluster you may change: set KUBECONFIG, or create ~/.kube/config (kind create cluster does)'
  }
}
