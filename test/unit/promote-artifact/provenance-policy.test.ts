import { expect, test } from '@jest/globals'
import { provenanceProblem, provenanceSource, sameRepository } from '../../../src/promote-artifact/provenance-policy.js'

const SHA = 'c'.repeat(40)
/** As build-push and actions/attest-build-provenance write it. */
const OURS = {
  buildDefinition: {
    buildType: 'https://actions.github.io/buildtypes/workflow/v1',
    externalParameters: { workflow: { ref: 'refs/heads/main', repository: 'https://github.com/acme/web', path: '.github/workflows/ci.yml' } },
    resolvedDependencies: [{ uri: 'git+https://github.com/acme/web@refs/heads/main', digest: { gitCommit: SHA } }]
  },
  runDetails: { builder: { id: 'https://github.com/acme/web/.github/workflows/ci.yml@refs/heads/main' } }
}

test('the source is the first git+ resolved dependency (ref and .git dropped), else the workflow repository', () => {
  expect(provenanceSource(OURS)).toEqual({ repository: 'https://github.com/acme/web', commit: SHA })
  const slsaGithub = { buildDefinition: { resolvedDependencies: [{ uri: 'pkg:docker/node@24', digest: { sha256: 'e'.repeat(64) } }, { uri: 'git+https://github.com/acme/web.git@refs/tags/v1', digest: { sha1: SHA } }] } }
  expect(provenanceSource(slsaGithub)).toEqual({ repository: 'https://github.com/acme/web', commit: SHA })
  expect(provenanceSource({ buildDefinition: { externalParameters: { workflow: { repository: 'https://github.com/acme/web' } } } })).toEqual({ repository: 'https://github.com/acme/web' })
  expect(provenanceSource(null)).toEqual({})
  expect(provenanceSource({ buildDefinition: { resolvedDependencies: 'nope' } })).toEqual({})
})

test('owner/repo matches on any server, case-insensitively; a URL matches exactly', () => {
  expect(sameRepository('https://github.com/Acme/Web', 'acme/web')).toBe(true)
  expect(sameRepository('https://ghe.example.com/acme/web', 'acme/web')).toBe(true)
  expect(sameRepository('https://github.com/acme/web', 'https://github.com/acme/web.git')).toBe(true)
  expect(sameRepository('https://ghe.example.com/acme/web', 'https://github.com/acme/web')).toBe(false)
  expect(sameRepository('https://github.com/acme/web-fork', 'acme/web')).toBe(false)
  expect(sameRepository('https://github.com/evil/acme/web', 'acme/web')).toBe(false)
})

test('another repository, another commit, or no source at all is refused with the reason', () => {
  const source = provenanceSource(OURS)
  expect(provenanceProblem(source, { repository: 'acme/web' })).toBeUndefined()
  expect(provenanceProblem(source, { repository: 'acme/web', commit: SHA })).toBeUndefined()
  expect(provenanceProblem(source, { repository: 'acme/api' })).toBe('it is the provenance of a build of https://github.com/acme/web, not of acme/api (expected-source-repository)')
  expect(provenanceProblem(source, { repository: 'acme/web', commit: 'd'.repeat(40) })).toBe(`it is the provenance of a build of commit ${SHA}, not of ${'d'.repeat(40)} (expected-source-commit)`)
  expect(provenanceProblem({ repository: 'https://github.com/acme/web' }, { repository: 'acme/web', commit: SHA })).toMatch(/commit \(none named\)/)
  expect(provenanceProblem({}, { repository: 'acme/web' })).toBe('it names no source repository (no git+ resolved dependency)')
})
