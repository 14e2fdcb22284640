import { expect, test } from '@jest/globals'
import { GITHUB_WORKFLOW_BUILD_TYPE, provenanceStatement, readProvenanceRun, sourceUri, workflowPath, type BuildFacts, type ProvenanceRun } from '../../../src/build-push/provenance.js'

const SHA = 'c'.repeat(40)
const DIGEST = `sha256:${'d'.repeat(64)}`
const ENV = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/web',
  GITHUB_SHA: SHA,
  GITHUB_REF: 'refs/tags/v1.2.3',
  GITHUB_WORKFLOW_REF: 'acme/web/.github/workflows/release.yml@refs/tags/v1.2.3',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_REPOSITORY_ID: '123',
  GITHUB_REPOSITORY_OWNER_ID: '456',
  RUNNER_ENVIRONMENT: 'github-hosted'
}
const run = readProvenanceRun(ENV) as ProvenanceRun
const BUILD: BuildFacts = { builder: 'buildah', file: 'Dockerfile', context: '.', platforms: ['linux/amd64'], buildArgNames: ['VERSION'], reused: false }
const STARTED = new Date('2026-12-02T10:00:00.123Z')
const FINISHED = new Date('2026-12-02T10:03:00.456Z')

test('the run is read from the runner variables; a missing required one is named', () => {
  expect(run).toMatchObject({ repository: 'acme/web', sha: SHA, ref: 'refs/tags/v1.2.3', runAttempt: '2', repositoryId: '123', runnerEnvironment: 'github-hosted' })
  expect(readProvenanceRun({ ...ENV, GITHUB_WORKFLOW_REF: '', GITHUB_SHA: undefined })).toEqual({ missing: ['GITHUB_SHA', 'GITHUB_WORKFLOW_REF'] })
  expect(readProvenanceRun({ ...ENV, GITHUB_SERVER_URL: 'https://ghe.example.com/', GITHUB_RUN_ATTEMPT: undefined })).toMatchObject({ serverUrl: 'https://ghe.example.com', runAttempt: '1' })
})

test('the workflow path and the source URI are those of actions/attest-build-provenance', () => {
  expect(workflowPath(run)).toBe('.github/workflows/release.yml')
  expect(sourceUri(run)).toBe('git+https://github.com/acme/web@refs/tags/v1.2.3')
})

test('min: an in-toto v1 statement about the digest with the SLSA v1 provenance of the workflow run and the source commit', () => {
  const statement = provenanceStatement(DIGEST, 'min', run, BUILD, STARTED, FINISHED)
  expect(statement).toEqual({
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ digest: { sha256: 'd'.repeat(64) } }],
    predicateType: 'https://slsa.dev/provenance/v1',
    predicate: {
      buildDefinition: {
        buildType: GITHUB_WORKFLOW_BUILD_TYPE,
        externalParameters: { workflow: { ref: 'refs/tags/v1.2.3', repository: 'https://github.com/acme/web', path: '.github/workflows/release.yml' } },
        internalParameters: {},
        resolvedDependencies: [{ uri: 'git+https://github.com/acme/web@refs/tags/v1.2.3', digest: { gitCommit: SHA } }]
      },
      runDetails: {
        builder: { id: 'https://github.com/acme/web/.github/workflows/release.yml@refs/tags/v1.2.3' },
        metadata: { invocationId: 'https://github.com/acme/web/actions/runs/4242/attempts/2', startedOn: '2026-12-02T10:00:00Z', finishedOn: '2026-12-02T10:03:00Z' }
      }
    }
  })
})

test('max adds the run\'s internal parameters and the build\'s, with build-arg names and never their values', () => {
  const statement = provenanceStatement(DIGEST, 'max', run, { ...BUILD, target: 'final', reused: true }, STARTED, FINISHED)
  const predicate = statement.predicate as { buildDefinition: { internalParameters: unknown } }
  expect(predicate.buildDefinition.internalParameters).toEqual({
    github: { event_name: 'push', repository_id: '123', repository_owner_id: '456', runner_environment: 'github-hosted' },
    build: { builder: 'buildah', file: 'Dockerfile', context: '.', target: 'final', platforms: ['linux/amd64'], 'build-arg-names': ['VERSION'], reused: true }
  })
})
