/** What to build, independent of the builder: the planners turn this into an exact argument vector. */
import type { SecretMount, SshForward } from './build-secrets.js'
import type { BuildArg } from './inputs.js'

export type CachePlan =
  | { kind: 'none' }
  /** A registry repository (buildah: `<repo>`; buildx: `<repo>:buildx`). readOnly: imported, never exported (a
   * builder that cannot export caches). */
  | { kind: 'registry'; repository: string; readOnly?: boolean }
  /** Scopes: this branch's, then fallbacks read when it has nothing yet. */
  | { kind: 'gha'; scope: string; fallbackScopes?: string[]; readOnly?: boolean }

export interface BuildSpec {
  context: string
  file: string
  target?: string
  buildArgs: BuildArg[]
  /** Where each build secret comes from (an environment variable of the builder's process, or a file): no values. */
  secrets: SecretMount[]
  ssh: SshForward[]
  labels: Record<string, string>
  platforms: string[]
  /** Commit time in epoch seconds: image and layer timestamps, so a rebuild of a commit is reproducible. */
  timestamp: number
  cache: CachePlan
  /** Plain http / unverified TLS for the registries the build pulls from and caches to. */
  insecure: boolean
  authFile?: string
}

/** Labels in key order, so the argument vector (and the image config) does not depend on input order. */
export function sortedLabels(labels: Record<string, string>): [string, string][] {
  return Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}
