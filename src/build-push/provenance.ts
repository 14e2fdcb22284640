/**
 * SLSA v1 provenance of the pushed digest (pure): the in-toto statement build-push signs with `sign: key` when
 * `provenance` is `min` or `max`. Modelled on actions/attest-build-provenance (buildType
 * https://actions.github.io/buildtypes/workflow/v1: the workflow run is the builder) and on buildx's modes: `min`
 * says who built what from which source; `max` adds the run's internal parameters and the build's own.
 */
import { SLSA_PROVENANCE_V1, statementFor, type Statement } from '../lib/signing/statement.js'

export type ProvenanceMode = 'none' | 'min' | 'max'

/** The build type GitHub's own provenance (actions/attest-build-provenance) uses for a workflow run. */
export const GITHUB_WORKFLOW_BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1'

/** The runner variables the provenance is made of (read by inputs.ts, nowhere else). */
export interface ProvenanceRun {
  serverUrl: string
  /** owner/repo */
  repository: string
  /** The commit built (GITHUB_SHA). */
  sha: string
  /** The ref of the run (GITHUB_REF). */
  ref: string
  /** owner/repo/.github/workflows/<file>@<ref> (GITHUB_WORKFLOW_REF). */
  workflowRef: string
  runId: string
  runAttempt: string
  eventName: string
  repositoryId?: string
  repositoryOwnerId?: string
  runnerEnvironment?: string
}

export type ProvenanceEnv = { [name in 'GITHUB_SERVER_URL' | 'GITHUB_REPOSITORY' | 'GITHUB_SHA' | 'GITHUB_REF' | 'GITHUB_WORKFLOW_REF' | 'GITHUB_RUN_ID' | 'GITHUB_RUN_ATTEMPT' | 'GITHUB_EVENT_NAME' | 'GITHUB_REPOSITORY_ID' | 'GITHUB_REPOSITORY_OWNER_ID' | 'RUNNER_ENVIRONMENT']?: string | undefined }

/** The variables a provenance cannot be made without. */
export const REQUIRED_PROVENANCE_ENV = ['GITHUB_REPOSITORY', 'GITHUB_SHA', 'GITHUB_REF', 'GITHUB_WORKFLOW_REF', 'GITHUB_RUN_ID'] as const

/** The run as the provenance names it, or the required variables that are missing. */
export function readProvenanceRun(env: ProvenanceEnv): ProvenanceRun | { missing: string[] } {
  const missing = REQUIRED_PROVENANCE_ENV.filter((name) => !env[name])
  if (missing.length > 0) return { missing }
  return {
    serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, ''),
    repository: env.GITHUB_REPOSITORY!,
    sha: env.GITHUB_SHA!,
    ref: env.GITHUB_REF!,
    workflowRef: env.GITHUB_WORKFLOW_REF!,
    runId: env.GITHUB_RUN_ID!,
    runAttempt: env.GITHUB_RUN_ATTEMPT || '1',
    eventName: env.GITHUB_EVENT_NAME ?? '',
    ...(env.GITHUB_REPOSITORY_ID && { repositoryId: env.GITHUB_REPOSITORY_ID }),
    ...(env.GITHUB_REPOSITORY_OWNER_ID && { repositoryOwnerId: env.GITHUB_REPOSITORY_OWNER_ID }),
    ...(env.RUNNER_ENVIRONMENT && { runnerEnvironment: env.RUNNER_ENVIRONMENT })
  }
}

/** What `max` adds about the build itself (never build-arg values, which may hold secrets). */
export interface BuildFacts {
  builder: string
  file: string
  context: string
  target?: string
  platforms: string[]
  buildArgNames: string[]
  /** The image was reused from an earlier build of the same commit, not built by this run. */
  reused: boolean
}

/** The workflow file's path in its repository: `.github/workflows/build.yml` of `acme/web/.github/workflows/build.yml@refs/heads/main`. */
export function workflowPath(run: ProvenanceRun): string {
  const withoutRef = run.workflowRef.replace(/@[^@]*$/, '')
  return withoutRef.startsWith(`${run.repository}/`) ? withoutRef.slice(run.repository.length + 1) : withoutRef
}

/** The source repository as provenance names it: `git+https://github.com/acme/web@refs/heads/main`. */
export function sourceUri(run: ProvenanceRun): string {
  return `git+${run.serverUrl}/${run.repository}@${run.ref}`
}

/** The SLSA v1 provenance predicate of one build-push run. */
export function provenancePredicate(mode: 'min' | 'max', run: ProvenanceRun, build: BuildFacts, startedOn: Date, finishedOn: Date): Record<string, unknown> {
  const workflow = { ref: run.ref, repository: `${run.serverUrl}/${run.repository}`, path: workflowPath(run) }
  const github = {
    event_name: run.eventName,
    ...(run.repositoryId && { repository_id: run.repositoryId }),
    ...(run.repositoryOwnerId && { repository_owner_id: run.repositoryOwnerId }),
    ...(run.runnerEnvironment && { runner_environment: run.runnerEnvironment })
  }
  const buildParameters = {
    builder: build.builder,
    file: build.file,
    context: build.context,
    ...(build.target !== undefined && { target: build.target }),
    platforms: build.platforms,
    'build-arg-names': build.buildArgNames,
    reused: build.reused
  }
  return {
    buildDefinition: {
      buildType: GITHUB_WORKFLOW_BUILD_TYPE,
      externalParameters: { workflow },
      internalParameters: mode === 'max' ? { github, build: buildParameters } : {},
      resolvedDependencies: [{ uri: sourceUri(run), digest: { gitCommit: run.sha } }]
    },
    runDetails: {
      builder: { id: `${run.serverUrl}/${run.workflowRef}` },
      metadata: {
        invocationId: `${run.serverUrl}/${run.repository}/actions/runs/${run.runId}/attempts/${run.runAttempt}`,
        startedOn: isoSeconds(startedOn),
        finishedOn: isoSeconds(finishedOn)
      }
    }
  }
}

/** The in-toto statement build-push signs: the pushed digest is its subject, `name` the image repository. */
export function provenanceStatement(digest: string, mode: 'min' | 'max', run: ProvenanceRun, build: BuildFacts, startedOn: Date, finishedOn: Date): Statement {
  return statementFor(digest, SLSA_PROVENANCE_V1, provenancePredicate(mode, run, build, startedOn, finishedOn))
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z')
}
