import { expect, test } from '@jest/globals'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { InputErrors } from '../../../src/lib/action/errors.js'
import { Inputs } from '../../../src/lib/action/inputs.js'
import { readProvenance, readSigning } from '../../../src/build-push/signing-inputs.js'

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
const PLAIN = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
const ENCRYPTED = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw-123' }).toString()
const RSA = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()

const GITHUB_TOKEN_ENV = { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://pipelines.actions.githubusercontent.com/token?x=1', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runtime-token' }

function read(values: Record<string, string>, push = true, env: Record<string, string> = {}): { signing: ReturnType<typeof readSigning>; problems: string[] } {
  const inputs = new Inputs((name) => values[name] ?? '')
  const signing = readSigning(inputs, push, env)
  try {
    inputs.done()
  } catch (error) {
    if (!(error instanceof InputErrors)) throw error
    return { signing, problems: error.errors.map((e) => `${e.input}: ${e.message}`) }
  }
  return { signing, problems: [] }
}

test('sign defaults to none; key opens a plain or password-encrypted PKCS#8 key before anything runs', () => {
  expect(read({}).signing).toEqual({ mode: 'none' })
  expect(read({ sign: 'key', 'signing-key': PLAIN }).signing.mode).toBe('key')
  const opened = read({ sign: 'key', 'signing-key': ENCRYPTED, 'signing-key-password': 'pw-123' }).signing
  expect(opened.mode === 'key' && opened.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/)
})

test('a missing key, a wrong password, a non-P-256 key, keyless, or a key without push are refused naming the input, never echoing the key', () => {
  const cases: [Record<string, string>, boolean, RegExp][] = [
    [{ sign: 'key' }, true, /^signing-key: .*since 'sign' is 'key'/],
    [{ sign: 'key', 'signing-key': ENCRYPTED, 'signing-key-password': 'wrong' }, true, /^signing-key-password: .*password does not open/],
    [{ sign: 'key', 'signing-key': RSA }, true, /^signing-key: .*rsa; ECDSA P-256/],
    [{ sign: 'key', 'signing-key': 'not a key' }, true, /^signing-key: .*no PEM private key/],
    [{ sign: 'keyless' }, true, /^sign: .*keyless signing needs the job's OIDC token.*permissions: id-token: write/],
    [{ sign: 'keyless', 'signing-key': PLAIN }, true, /^signing-key: .*nothing when 'sign' is 'keyless'/],
    [{ sign: 'none', 'signing-key': PLAIN }, true, /^sign: .*'key', since 'signing-key' is set/],
    [{ sign: 'key', 'signing-key': PLAIN }, false, /^sign: .*push 'false'/]
  ]
  for (const [values, push, expected] of cases) {
    const { problems } = read(values, push, values['signing-key'] !== undefined && values.sign === 'keyless' ? GITHUB_TOKEN_ENV : {})
    expect(problems).toEqual([expect.stringMatching(expected)])
    expect(problems.join('\n')).not.toContain('PRIVATE KEY')
  }
})

const RUN_ENV = { GITHUB_REPOSITORY: 'acme/web', GITHUB_SHA: 'c'.repeat(40), GITHUB_REF: 'refs/heads/main', GITHUB_WORKFLOW_REF: 'acme/web/.github/workflows/ci.yml@refs/heads/main', GITHUB_RUN_ID: '99' }

function readWithProvenance(values: Record<string, string>, env: Record<string, string> = RUN_ENV): { provenance: ReturnType<typeof readProvenance>; problems: string[] } {
  const inputs = new Inputs((name) => values[name] ?? '')
  const provenance = readProvenance(inputs, readSigning(inputs, true), env)
  try {
    inputs.done()
  } catch (error) {
    if (!(error instanceof InputErrors)) throw error
    return { provenance, problems: error.errors.map((e) => `${e.input}: ${e.message}`) }
  }
  return { provenance, problems: [] }
}

test('provenance defaults to none; min and max with sign: key read the run it names', () => {
  expect(readWithProvenance({}).provenance).toEqual({ mode: 'none' })
  const max = readWithProvenance({ provenance: 'max', sign: 'key', 'signing-key': PLAIN })
  expect(max.problems).toEqual([])
  expect(max.provenance).toMatchObject({ mode: 'max', run: { repository: 'acme/web', sha: 'c'.repeat(40), serverUrl: 'https://github.com', runAttempt: '1' } })
})

test('provenance: an unknown mode, a mode without sign: key, or a run without GITHUB_WORKFLOW_REF is refused naming provenance and the value', () => {
  expect(readWithProvenance({ provenance: 'full' }).problems).toEqual([expect.stringMatching(/^provenance: .*full.*'none', 'min', 'max'|^provenance: .*full/)])
  expect(readWithProvenance({ provenance: 'min' }).problems).toEqual([expect.stringMatching(/^provenance: .*min.*unless 'sign' is 'key'/)])
  const { GITHUB_WORKFLOW_REF: _, ...noWorkflowRef } = RUN_ENV
  expect(readWithProvenance({ provenance: 'max', sign: 'key', 'signing-key': PLAIN }, noWorkflowRef).problems).toEqual([expect.stringMatching(/^provenance: .*max.*GITHUB_WORKFLOW_REF is not set/)])
})

test('keyless takes the job\'s OIDC token (GitHub\'s token request, or SIGSTORE_ID_TOKEN) and the public Sigstore unless signing-config names another', () => {
  const signing = read({ sign: 'keyless' }, true, GITHUB_TOKEN_ENV).signing
  expect(signing).toMatchObject({ mode: 'keyless', services: { ca: 'https://fulcio.sigstore.dev', tlog: { url: 'https://rekor.sigstore.dev', version: 1 } } })
  expect(read({ sign: 'keyless' }, true, { SIGSTORE_ID_TOKEN: 'eyJ' }).problems).toEqual([])
  // Only half of GitHub's pair (the job lacks id-token: write, so the runner sets no request token).
  expect(read({ sign: 'keyless' }, true, { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x' }).problems).toEqual([expect.stringMatching(/^sign: .*id-token: write/)])
  const dir = mkdtempSync(path.join(tmpdir(), 'signing-config-'))
  const file = path.join(dir, 'signing_config.json')
  writeFileSync(file, JSON.stringify({
    mediaType: 'application/vnd.dev.sigstore.signingconfig.v0.2+json',
    caUrls: [{ url: 'https://fulcio.example', majorApiVersion: 1 }],
    rekorTlogUrls: [{ url: 'https://rekor.example', majorApiVersion: 2 }],
    rekorTlogConfig: { selector: 'ANY' },
    tsaUrls: [{ url: 'https://tsa.example/api/v1/timestamp', majorApiVersion: 1 }],
    tsaConfig: { selector: 'ANY' }
  }))
  expect(read({ sign: 'keyless', 'signing-config': file }, true, GITHUB_TOKEN_ENV).signing).toMatchObject({ services: { ca: 'https://fulcio.example', tlog: { url: 'https://rekor.example', version: 2 }, tsa: 'https://tsa.example/api/v1/timestamp' } })
  writeFileSync(file, '{"mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1"}')
  expect(read({ sign: 'keyless', 'signing-config': file }, true, GITHUB_TOKEN_ENV).problems).toEqual([expect.stringMatching(/^signing-config: .*mediaType is "application\/vnd.dev.sigstore.trustedroot/)])
  expect(read({ sign: 'keyless', 'signing-config': path.join(dir, 'missing.json') }, true, GITHUB_TOKEN_ENV).problems).toEqual([expect.stringMatching(/^signing-config: .*readable signing_config.json.*ENOENT/)])
  expect(read({ sign: 'key', 'signing-key': PLAIN, 'signing-config': file }).problems).toEqual([expect.stringMatching(/^signing-config: .*nothing unless 'sign' is 'keyless'/)])
  rmSync(dir, { recursive: true })
})

test('provenance is signed keyless as well as with a key; never unsigned', () => {
  const inputs = new Inputs((name) => ({ sign: 'keyless', provenance: 'min' } as Record<string, string>)[name] ?? '')
  expect(readProvenance(inputs, readSigning(inputs, true, GITHUB_TOKEN_ENV), RUN_ENV).mode).toBe('min')
  expect(() => inputs.done()).not.toThrow()
})
