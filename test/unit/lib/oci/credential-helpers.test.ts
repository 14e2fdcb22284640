import { describe, expect, it } from '@jest/globals'
import { helperFor, helperServerUrl, parseHelperAnswer } from '../../../../src/lib/oci/credential-helpers.js'
import { dockerConfigCredentials, maskingSecrets, type Credentials } from '../../../../src/lib/oci/credentials.js'

const b64 = (text: string): string => Buffer.from(text).toString('base64')

describe('which docker credential helper serves a registry', () => {
  it("takes the registry's own helper first, then the store for all", () => {
    const config = { credHelpers: { 'gcr.io': 'gcloud', 'https://123.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login' }, credsStore: 'desktop' }
    expect(helperFor(config, 'gcr.io')).toBe('gcloud')
    expect(helperFor(config, '123.dkr.ecr.eu-west-1.amazonaws.com')).toBe('ecr-login')
    expect(helperFor(config, 'ghcr.io')).toBe('desktop')
    expect(helperFor({ credHelpers: { 'gcr.io': 'gcloud' } }, 'ghcr.io')).toBeUndefined()
  })

  it('asks for Docker Hub by its legacy index URL, other registries by host', () => {
    expect(helperServerUrl('docker.io')).toBe('https://index.docker.io/v1/')
    expect(helperServerUrl('ghcr.io')).toBe('ghcr.io')
    expect(helperServerUrl('127.0.0.1:5000')).toBe('127.0.0.1:5000')
  })

  it("reads a helper's answer: credentials, nothing found, or a failure worth reporting", () => {
    expect(parseHelperAnswer('gcloud', 0, '{"ServerURL":"gcr.io","Username":"_dcgcloud_token","Secret":"ya29.x"}', '')).toEqual({ username: '_dcgcloud_token', password: 'ya29.x' })
    expect(parseHelperAnswer('desktop', 1, 'credentials not found in native keychain\n', '')).toBeUndefined()
    expect(() => parseHelperAnswer('ecr-login', 1, '', 'error getting credentials - err: exit status 255\n')).toThrow('docker-credential-ecr-login get failed (exit code 1): error getting credentials - err: exit status 255')
    expect(() => parseHelperAnswer('x', 0, 'not json', '')).toThrow('docker-credential-x get answered something that is not JSON')
  })
})

describe('credentials from a docker config, as the docker CLI finds them', () => {
  const asked: string[] = []
  const helper = async (name: string, registry: string): Promise<Credentials | undefined> => {
    asked.push(`${name} ${registry}`)
    return name === 'none' ? undefined : { username: name, password: `secret-of-${name}` }
  }

  it('credHelpers, then stored auths, then credsStore; a helper runs only when the registry first asks', async () => {
    const config = { credHelpers: { 'gcr.io': 'gcloud' }, auths: { 'ghcr.io': { auth: b64('octo:pat') }, 'quay.io': {} }, credsStore: 'pass' }
    asked.length = 0
    const gcr = dockerConfigCredentials(config, 'gcr.io', helper)
    expect(asked).toEqual([])
    expect(await (gcr as () => Promise<Credentials>)()).toEqual({ username: 'gcloud', password: 'secret-of-gcloud' })
    expect(dockerConfigCredentials(config, 'ghcr.io', helper)).toEqual({ username: 'octo', password: 'pat' })
    expect(await (dockerConfigCredentials(config, 'quay.io', helper) as () => Promise<Credentials>)()).toEqual({ username: 'pass', password: 'secret-of-pass' })
    expect(asked).toEqual(['gcloud gcr.io', 'pass quay.io'])
    expect(dockerConfigCredentials({ auths: {} }, 'quay.io', helper)).toBeUndefined()
    expect(dockerConfigCredentials(undefined, 'quay.io', helper)).toBeUndefined()
  })

  it('an identity token in auths is kept as one (exchanged by OAuth2 later)', () => {
    expect(dockerConfigCredentials({ auths: { 'myacr.azurecr.io': { auth: b64('00000000-0000-0000-0000-000000000000:'), identitytoken: 'eyJ.refresh' } } }, 'myacr.azurecr.io', helper)).toEqual({ username: '<token>', password: 'eyJ.refresh' })
  })

  it('masks every secret when it becomes known', async () => {
    const masked: string[] = []
    maskingSecrets({ username: 'u', password: 'p1' }, (s) => masked.push(s))
    const lazy = maskingSecrets(async () => ({ username: 'u', password: 'p2' }), (s) => masked.push(s)) as () => Promise<Credentials>
    const basic = (user: string, password: string): string => Buffer.from(`${user}:${password}`).toString('base64')
    expect(masked).toEqual(['p1', basic('u', 'p1')])
    await lazy()
    expect(masked).toEqual(['p1', basic('u', 'p1'), 'p2', basic('u', 'p2')])
    expect(maskingSecrets(undefined, (s) => masked.push(s))).toBeUndefined()
  })
})
