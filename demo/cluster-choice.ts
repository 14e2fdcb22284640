/**
 * Where the demo's Kubernetes stages run, decided from `--cluster` and whether the user's kubeconfig (KUBECONFIG, else
 * ~/.kube/config, as kubectl reads it) reaches a cluster:
 * the emulator by default; a reachable real cluster is offered (asked on a terminal, named otherwise) and used
 * only when the user says so.
 */

export type ClusterOption = 'emulator' | 'kubeconfig' | undefined

export type ClusterChoice =
  | { use: 'emulator'; note?: string }
  | { use: 'kubeconfig' }
  | { use: 'ask'; question: string }
  | { error: string }

export function parseClusterOption(value: string | undefined): ClusterOption | { error: string } {
  if (value === undefined || value === 'emulator' || value === 'kubeconfig') return value
  return { error: `--cluster=${value} is not known (accepted: emulator, kubeconfig)` }
}

/** Which kubeconfig kubectl would read: `KUBECONFIG=<value>`, `~/.kube/config` when it exists, else undefined. Pure. */
export function kubeconfigSource(env: NodeJS.ProcessEnv, homeConfigExists: boolean): string | undefined {
  if (env.KUBECONFIG) return `KUBECONFIG=${env.KUBECONFIG}`
  return homeConfigExists ? '~/.kube/config' : undefined
}

/**
 * `reachable`: how the kubeconfig's cluster answered, or undefined when it did not; `source`: which kubeconfig
 * (kubeconfigSource), undefined when there is none.
 */
export function chooseCluster(option: ClusterOption, reachable: string | undefined, interactive: boolean, source: string | undefined): ClusterChoice {
  if (option === 'emulator') return { use: 'emulator' }
  if (option === 'kubeconfig') {
    if (reachable) return { use: 'kubeconfig' }
    return {
      error: source
        ? `--cluster=kubeconfig: the cluster of ${source} does not answer (GET /version, 3 s); check \`kubectl version\``
        : '--cluster=kubeconfig needs a kubeconfig for a cluster you may change: set KUBECONFIG, or create ~/.kube/config (kind create cluster does)'
    }
  }
  if (!reachable) return { use: 'emulator' }
  if (interactive) return { use: 'ask', question: `${source} reaches ${reachable}. Run the Kubernetes stages there instead of the emulator? It works in a namespace of its own and deletes it afterwards. [y/N] ` }
  return { use: 'emulator', note: `${source} reaches ${reachable}; the demo uses the emulator. To use that cluster instead: npm run demo -- --cluster=kubeconfig` }
}

export const accepted = (answer: string): boolean => /^\s*y(es)?\s*$/i.test(answer)
