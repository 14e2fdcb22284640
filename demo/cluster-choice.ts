/**
 * Where the demo's Kubernetes stages run, decided from `--cluster` and whether KUBECONFIG reaches a cluster:
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

/** `reachable`: how the cluster KUBECONFIG points at answered, or undefined when it did not (or is not set). */
export function chooseCluster(option: ClusterOption, reachable: string | undefined, interactive: boolean): ClusterChoice {
  if (option === 'emulator') return { use: 'emulator' }
  if (option === 'kubeconfig') {
    if (reachable) return { use: 'kubeconfig' }
    return {
      error: process.env.KUBECONFIG
        ? `--cluster=kubeconfig: the cluster of KUBECONFIG=${process.env.KUBECONFIG} does not answer (GET /version, 3 s); check \`kubectl version\``
        : '--cluster=kubeconfig needs KUBECONFIG to name the kubeconfig of a cluster you may change (e.g. KUBECONFIG=$HOME/.kube/config)'
    }
  }
  if (!reachable) return { use: 'emulator' }
  if (interactive) return { use: 'ask', question: `KUBECONFIG reaches ${reachable}. Run the Kubernetes stages there instead of the emulator? It works in a namespace of its own and deletes it afterwards. [y/N] ` }
  return { use: 'emulator', note: `KUBECONFIG reaches ${reachable}; the demo uses the emulator. To use that cluster instead: npm run demo -- --cluster=kubeconfig` }
}

export const accepted = (answer: string): boolean => /^\s*y(es)?\s*$/i.test(answer)
