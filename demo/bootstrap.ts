/**
 * Checks for the real components the demo needs on this machine: buildah, skopeo, prometheus and git always, and what
 * the local cluster runs when the demo uses it (docker-registry, containerd, runc, the CNI plugins, ip, openssl for its
 * certificates); Node 24 is run.ts's concern. As root with apt it installs the missing packages with
 * .ci/install-components; otherwise it names each missing one and how to install it.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'

export interface Component {
  /** A command on PATH, or an absolute path to an executable. */
  program: string
  apt: string
}

export const COMPONENTS: Component[] = [
  { program: 'buildah', apt: 'buildah' },
  { program: 'skopeo', apt: 'skopeo' },
  { program: 'prometheus', apt: 'prometheus' },
  { program: 'git', apt: 'git' }
]

/** What the local cluster (local/cluster) runs; not needed for --cluster=kubeconfig. */
export const CLUSTER_COMPONENTS: Component[] = [
  { program: 'docker-registry', apt: 'docker-registry' },
  { program: 'containerd', apt: 'containerd' },
  { program: 'runc', apt: 'runc' },
  { program: '/usr/lib/cni/bridge', apt: 'containernetworking-plugins' },
  { program: 'ip', apt: 'iproute2' },
  { program: 'openssl', apt: 'openssl' }
]

const have = (program: string): boolean => spawnSync('/bin/sh', ['-c', 'command -v "$1"', 'sh', program]).status === 0

export function missingComponents(localCluster: boolean): Component[] {
  return [...COMPONENTS, ...(localCluster ? CLUSTER_COMPONENTS : [])].filter((c) => !have(c.program))
}

/** Returns the problems left after trying to fix them (empty: ready). */
export function bootstrap(root: string, localCluster: boolean, log: (line: string) => void): string[] {
  const problems: string[] = []
  let missing = missingComponents(localCluster)
  if (missing.length > 0 && process.getuid?.() === 0 && have('apt-get')) {
    log(`installing ${missing.map((c) => c.apt).join(', ')} with apt (bash .ci/install-components)...`)
    const result = spawnSync('bash', [path.join(root, '.ci/install-components')], { stdio: 'inherit' })
    if (result.status !== 0) problems.push(`.ci/install-components failed with exit code ${result.status}`)
    missing = missingComponents(localCluster)
  }
  if (missing.length > 0) {
    const packages = missing.map((c) => c.apt).join(' ')
    problems.push(
      `missing: ${missing.map((c) => c.program).join(', ')}. On Debian/Ubuntu install them with: sudo apt-get update && sudo apt-get install -y ${packages}` +
        ` (or sudo bash .ci/install-components). Elsewhere install ${packages} with your package manager.`
    )
  }
  return problems
}
