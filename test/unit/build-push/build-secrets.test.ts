import { describe, expect, it } from '@jest/globals'
import { credentialBuildArgWarning, credentialLikeBuildArgs, planSecretMounts, splitSecretLine } from '../../../src/build-push/build-secrets.js'

describe('build secrets', () => {
  it('id=value lines: the value keeps its own =, and bad lines say why without the value', () => {
    expect(splitSecretLine('NPM_TOKEN=npm_abc=def')).toEqual({ id: 'NPM_TOKEN', rest: 'npm_abc=def' })
    expect(splitSecretLine('no-equals-s3cret')).toEqual({ problem: 'it has no =' })
    expect(splitSecretLine('=s3cret')).toEqual({ problem: 'it has no id before =' })
    expect(splitSecretLine('bad id=s3cret')).toEqual({ problem: "its id 'bad id' is not a name of letters, digits, '_', '.', '-'" })
    expect(splitSecretLine('empty=')).toEqual({ problem: "secret 'empty' is empty" })
  })

  it('build args named like credentials are named in a warning that points to secrets', () => {
    expect(credentialLikeBuildArgs(['NODE_VERSION', 'NPM_TOKEN', 'db_password', 'API_KEY', 'KEY', 'SECRET_SAUCE', 'MONKEY', 'KEYBOARD_LAYOUT', 'AWS_ACCESS_KEY_ID'])).toEqual(['NPM_TOKEN', 'db_password', 'API_KEY', 'KEY', 'SECRET_SAUCE', 'AWS_ACCESS_KEY_ID'])
    expect(credentialBuildArgWarning(['NODE_VERSION'])).toBeUndefined()
    const warning = credentialBuildArgWarning(['NPM_TOKEN'])!
    expect(warning).toContain("build-args 'NPM_TOKEN' looks like a credential")
    expect(warning).toContain('`secrets` input')
    expect(warning).toContain('RUN --mount=type=secret,id=ID')
  })

  it('values reach buildx through environment variables and buildah through files; files by path; no value in a mount', () => {
    const secrets = [{ id: 'npm', value: 'v1' }, { id: 'netrc', file: '/ws/.netrc' }, { id: 'pip', value: 'v2' }]
    expect(planSecretMounts(secrets, 'env', '/t/secrets')).toEqual({
      mounts: [{ id: 'npm', env: 'BUILD_PUSH_SECRET_0' }, { id: 'netrc', src: '/ws/.netrc' }, { id: 'pip', env: 'BUILD_PUSH_SECRET_2' }],
      env: { BUILD_PUSH_SECRET_0: 'v1', BUILD_PUSH_SECRET_2: 'v2' },
      files: []
    })
    const files = planSecretMounts(secrets, 'file', '/t/secrets')
    expect(files.mounts).toEqual([{ id: 'npm', src: '/t/secrets/secret-0' }, { id: 'netrc', src: '/ws/.netrc' }, { id: 'pip', src: '/t/secrets/secret-2' }])
    expect(files.files).toEqual([{ path: '/t/secrets/secret-0', value: 'v1' }, { path: '/t/secrets/secret-2', value: 'v2' }])
    expect(JSON.stringify([files.mounts, planSecretMounts(secrets, 'env', '/t').mounts])).not.toMatch(/v1|v2/)
  })
})
