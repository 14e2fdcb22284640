/**
 * Pure: what a verified SLSA v1 provenance says about its source (the repository and commit it was built from), and
 * whether that is what `verify: provenance` expects. The source is the first `git+` resolved dependency, as
 * build-push, actions/attest-build-provenance and SLSA's GitHub builders write it (`git+<server>/<owner>/<repo>@<ref>`,
 * digest `gitCommit`); without one, the workflow's repository in the external parameters.
 */
import type { ProvenancePolicy } from './verify-policy.js'

export interface ProvenanceSource {
  /** The repository URL, without `git+`, `@ref` and `.git`. */
  repository?: string
  commit?: string
}

interface Predicate {
  buildDefinition?: {
    externalParameters?: { workflow?: { repository?: unknown } }
    resolvedDependencies?: { uri?: unknown; digest?: Record<string, unknown> }[]
  }
}

/** The source repository and commit a provenance predicate names. */
export function provenanceSource(predicate: unknown): ProvenanceSource {
  const definition = (predicate as Predicate | null)?.buildDefinition
  const dependencies = Array.isArray(definition?.resolvedDependencies) ? definition.resolvedDependencies : []
  const source = dependencies.find((d) => typeof d?.uri === 'string' && d.uri.startsWith('git+'))
  const commit = source?.digest?.gitCommit ?? source?.digest?.sha1
  const workflowRepository = definition?.externalParameters?.workflow?.repository
  const uri = typeof source?.uri === 'string' ? withoutRef(source.uri.slice('git+'.length)) : typeof workflowRepository === 'string' ? workflowRepository : undefined
  return { ...(uri !== undefined && { repository: normalize(uri) }), ...(typeof commit === 'string' && { commit }) }
}

/** `https://github.com/acme/web@refs/heads/main` → `https://github.com/acme/web` (the ref may hold slashes; the path has no @). */
function withoutRef(uri: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^/]+\/[^@]*)@/i.exec(uri)
  return match ? match[1]! : uri
}

function normalize(url: string): string {
  return url.replace(/\/+$/, '').replace(/\.git$/, '')
}

/** Whether `repository` (a URL) is `expected` (`owner/repo`, any server; or a URL, exactly). Case-insensitive, as GitHub names are. */
export function sameRepository(repository: string, expected: string): boolean {
  const a = repository.toLowerCase()
  const b = normalize(expected).toLowerCase()
  if (/^https?:\/\//.test(b)) return a === b
  return a.replace(/^[a-z+]+:\/\/[^/]+\//, '') === b
}

/** Why a verified provenance does not satisfy the policy, if it does not. */
export function provenanceProblem(source: ProvenanceSource, policy: ProvenancePolicy): string | undefined {
  if (source.repository === undefined) return 'it names no source repository (no git+ resolved dependency)'
  if (!sameRepository(source.repository, policy.repository)) return `it is the provenance of a build of ${source.repository}, not of ${policy.repository} (expected-source-repository)`
  if (policy.commit !== undefined && source.commit?.toLowerCase() !== policy.commit) {
    return `it is the provenance of a build of commit ${source.commit ?? '(none named)'}, not of ${policy.commit} (expected-source-commit)`
  }
  return undefined
}
