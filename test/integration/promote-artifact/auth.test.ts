import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ROOT, runAction } from '../../../local/harness.js'
import { Buildah, skopeoInspect } from '../../../local/registry/images.js'
import { listTags } from '../../../local/registry/raw.js'
import { startRegistry, type Registry } from '../../../local/registry/registry.js'
import { canRun } from './fixture.js'

const enabled = canRun()
const suite = enabled ? describe : describe.skip
const ALICE = { user: 'alice', password: 'basic-Secret-4711' }
const BOB = { user: 'bob', password: 'token-Secret-0815' }
const READER = { user: 'reader', password: 'reader-Secret-42' }
const DEPLOYER = { user: 'deployer', password: 'deploy-Secret-99' }
const REFRESH_TOKEN = 'identity-Token-for-bob-31337'
const basicAuth = { authorization: `Basic ${Buffer.from(`${ALICE.user}:${ALICE.password}`).toString('base64')}` }
let basic: Registry
let token: Registry
let digest: string

beforeAll(async () => {
  if (!enabled) return
  ;[basic, token] = await Promise.all([
    startRegistry({ kind: 'htpasswd', users: { [ALICE.user]: ALICE.password } }),
    startRegistry({ kind: 'token', users: { [BOB.user]: BOB.password, [READER.user]: READER.password, [DEPLOYER.user]: DEPLOYER.password }, readOnly: [READER.user], limitedTo: { [DEPLOYER.user]: ['prod/'] }, refreshTokens: { [REFRESH_TOKEN]: BOB.user } })
  ])
  const buildah = new Buildah()
  try {
    const image = await buildah.build({ files: { '/app': 'auth test', '/lib': 40_000 } })
    digest = await buildah.push(image, `${basic.host}/team/app:build-1`, `${ALICE.user}:${ALICE.password}`)
    await buildah.push(image, `${token.host}/team/app:build-1`, `${BOB.user}:${BOB.password}`)
  } finally {
    buildah.cleanup()
  }
}, 60_000)
afterAll(async () => {
  await Promise.all([basic?.stop(), token?.stop()])
})

/** What a user could see: the log minus the mask registrations themselves. */
const visible = (run: { stdout: string; stderr: string }): string => (run.stdout + run.stderr).replace(/^::add-mask::.*$/gm, '')

suite('registry authentication', () => {
  test('Basic auth (htpasswd): promotes with the given credentials and never prints them', async () => {
    const run = await runAction('promote-artifact', {
      inputs: { source: `${basic.host}/team/app:build-1`, 'expected-digest': digest, targets: `v1\n${basic.host}/prod/app:v1`, username: ALICE.user, password: ALICE.password }
    })
    expect(run.annotations.filter((a) => a.level === 'error')).toEqual([])
    // A registry that echoes the Authorization header would otherwise print the base64 of user:password.
    expect(run.masks).toEqual(expect.arrayContaining([ALICE.password, basicAuth.authorization.slice('Basic '.length)]))
    expect(run.exitCode).toBe(0)
    expect(run.masks).toContain(ALICE.password)
    expect(visible(run)).not.toContain(ALICE.password)
    expect((await skopeoInspect(`${basic.host}/prod/app:v1`, `${ALICE.user}:${ALICE.password}`))?.digest).toBe(digest)
  })

  test('Basic auth with a wrong password fails naming the registry, and writes nothing', async () => {
    const wrong = 'wrong-Password-123'
    const run = await runAction('promote-artifact', {
      inputs: { source: `${basic.host}/team/app:build-1`, targets: `${basic.host}/denied/app:v1`, username: ALICE.user, password: wrong }
    })
    expect(run.exitCode).not.toBe(0)
    const error = run.annotations.find((a) => a.level === 'error')!.message
    expect(error).toContain(`${basic.host}:`)
    expect(error).toContain('authentication failed (HTTP 401')
    expect(visible(run)).not.toContain(wrong)
    expect(await listTags(basic.host, 'denied/app', basicAuth)).toEqual([])
  })

  test('credentials come from docker config.json auths when no inputs are given', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'docker-config-'))
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: { [`https://${basic.host}`]: { auth: Buffer.from(`${ALICE.user}:${ALICE.password}`).toString('base64') } } }))
    const run = await runAction('promote-artifact', { inputs: { source: `${basic.host}/team/app@${digest}`, targets: 'from-config' }, env: { DOCKER_CONFIG: dir } })
    expect(run.exitCode).toBe(0)
    expect(run.masks).toContain(ALICE.password)
    expect((await skopeoInspect(`${basic.host}/team/app:from-config`, `${ALICE.user}:${ALICE.password}`))?.digest).toBe(digest)
  })

  /** A docker config naming credential helpers, and the helper program (the fixture) installed under those names. */
  function helperSetup(config: object, secrets: Record<string, { Username: string; Secret: string }>, helpers = ['fixture']) {
    const dir = mkdtempSync(path.join(tmpdir(), 'docker-helpers-'))
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config))
    for (const name of helpers) symlinkSync(path.join(ROOT, 'test/fixtures/oci/docker-credential-fixture.mjs'), path.join(dir, `docker-credential-${name}`))
    const log = path.join(dir, 'asked.log')
    return {
      env: { DOCKER_CONFIG: dir, PATH: `${dir}:${process.env.PATH}`, FIXTURE_HELPER_SECRETS: JSON.stringify(secrets), FIXTURE_HELPER_LOG: log },
      asked: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [])
    }
  }

  test("credentials come from the registry's credential helper (credHelpers), asked only for that registry", async () => {
    const { env, asked } = helperSetup({ credHelpers: { [basic.host]: 'fixture', 'gcr.io': 'gcloud' } }, { [basic.host]: { Username: ALICE.user, Secret: ALICE.password } })
    const run = await runAction('promote-artifact', { inputs: { source: `${basic.host}/team/app@${digest}`, targets: 'from-helper' }, env })
    expect(run.annotations.filter((a) => a.level === 'error')).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(asked()).toEqual([basic.host])
    expect(run.masks).toContain(ALICE.password)
    expect(visible(run)).not.toContain(ALICE.password)
    expect((await skopeoInspect(`${basic.host}/team/app:from-helper`, `${ALICE.user}:${ALICE.password}`))?.digest).toBe(digest)
  })

  test('an identity token from the credential store (credsStore) is exchanged at the token server by OAuth2', async () => {
    token.tokenServer!.requests.length = 0
    const { env } = helperSetup({ credsStore: 'fixture', auths: { [token.host]: {} } }, { [token.host]: { Username: '<token>', Secret: REFRESH_TOKEN } })
    const run = await runAction('promote-artifact', { inputs: { source: `${token.host}/team/app@${digest}`, targets: 'from-identity-token' }, env })
    expect(run.annotations.filter((a) => a.level === 'error')).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(run.masks).toContain(REFRESH_TOKEN)
    expect(token.tokenServer!.requests.length).toBeGreaterThan(0)
    expect(token.tokenServer!.requests.every((r) => r.grant === 'refresh_token' && r.user === BOB.user)).toBe(true)
    expect((await skopeoInspect(`${token.host}/team/app:from-identity-token`, `${BOB.user}:${BOB.password}`))?.digest).toBe(digest)
  })

  test('a credential helper that is not installed fails naming it and the registry, before any write', async () => {
    const { env } = helperSetup({ credHelpers: { [basic.host]: 'ecr-login' } }, {}, [])
    const run = await runAction('promote-artifact', { inputs: { source: `${basic.host}/team/app@${digest}`, targets: 'never-written' }, env })
    expect(run.exitCode).not.toBe(0)
    const error = run.annotations.find((a) => a.level === 'error')!.message
    expect(error).toContain(`the docker config names credential helper 'ecr-login' for ${basic.host}, but docker-credential-ecr-login cannot run`)
    expect(await listTags(basic.host, 'team/app', basicAuth)).not.toContain('never-written')
  })

  test('Bearer tokens: copies from a Basic registry into a token registry with target credentials, one token per scope', async () => {
    token.tokenServer!.requests.length = 0
    const run = await runAction('promote-artifact', {
      inputs: {
        source: `${basic.host}/team/app:build-1`,
        'expected-digest': digest,
        targets: `${token.host}/prod/app:v1\n${token.host}/prod/app:v1-stable\n${token.host}/edge/app:v1`,
        username: ALICE.user,
        password: ALICE.password,
        'target-username': BOB.user,
        'target-password': BOB.password
      }
    })
    expect(run.annotations.filter((a) => a.level === 'error')).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(visible(run)).not.toContain(BOB.password)
    // Checked before skopeo below asks the token server for its own tokens.
    const requests = token.tokenServer!.requests
    expect(requests.every((r) => r.user === BOB.user)).toBe(true)
    const scopeSets = requests.map((r) => [...r.scopes].sort().join(' '))
    expect(scopeSets.length).toBe(4) // push and pull, for each of the two target repositories
    expect(new Set(scopeSets).size).toBe(scopeSets.length)
    for (const target of ['prod/app:v1', 'prod/app:v1-stable', 'edge/app:v1']) {
      expect((await skopeoInspect(`${token.host}/${target}`, `${BOB.user}:${BOB.password}`))?.digest).toBe(digest)
    }
  })

  test('Bearer tokens: another repository on the token registry is reached by mounts', async () => {
    const run = await runAction('promote-artifact', {
      inputs: { source: `${token.host}/team/app:build-1`, 'expected-digest': digest, targets: `${token.host}/mounted/app:v1`, username: BOB.user, password: BOB.password }
    })
    expect(run.exitCode).toBe(0)
    expect(run.summary).toMatch(/[1-9] blob\(s\) mounted, 0 copied/)
  })

  test('a token server that refuses the credentials fails naming the registry, before any write', async () => {
    const wrong = 'not-Bobs-password'
    const run = await runAction('promote-artifact', {
      inputs: { source: `${basic.host}/team/app:build-1`, targets: `${token.host}/refused/app:v1`, username: ALICE.user, password: ALICE.password, 'target-username': BOB.user, 'target-password': wrong }
    })
    expect(run.exitCode).not.toBe(0)
    const error = run.annotations.find((a) => a.level === 'error')!.message
    expect(error).toContain(`${token.host}: the token server`)
    expect(error).toContain('refused the credentials (HTTP 401')
    expect(visible(run)).not.toContain(wrong)
    expect((await skopeoInspect(`${token.host}/refused/app:v1`, `${BOB.user}:${BOB.password}`))).toBeUndefined()
  })

  test('credentials that may only pull fail in the preflight, naming the registry, before any write', async () => {
    const run = await runAction('promote-artifact', {
      inputs: { source: `${token.host}/team/app:build-1`, targets: `${token.host}/team/app:v1-readonly\n${token.host}/other/app:v1`, username: READER.user, password: READER.password }
    })
    expect(run.exitCode).not.toBe(0)
    const error = run.annotations.find((a) => a.level === 'error')!.message
    expect(error).toMatch(new RegExp(`^${token.host.replace(/\./g, '\\.')}: the credentials may not push to (team|other)/app \\(the token server granted pull\\)`))
    expect(run.summary).toContain('Promotion stopped before any write')
    expect((await skopeoInspect(`${token.host}/team/app:v1-readonly`, `${BOB.user}:${BOB.password}`))).toBeUndefined()
  })

  test('target credentials that cannot read the source repository get the blobs streamed instead of mounted', async () => {
    const run = await runAction('promote-artifact', {
      inputs: {
        source: `${token.host}/team/app:build-1`,
        'expected-digest': digest,
        targets: `${token.host}/prod/limited:v1`,
        username: BOB.user,
        password: BOB.password,
        'target-username': DEPLOYER.user,
        'target-password': DEPLOYER.password
      }
    })
    expect(run.annotations.filter((a) => a.level === 'error')).toEqual([])
    expect(run.exitCode).toBe(0)
    expect(run.summary).toMatch(/0 blob\(s\) mounted, [1-9] copied/)
    expect((await skopeoInspect(`${token.host}/prod/limited:v1`, `${BOB.user}:${BOB.password}`))?.digest).toBe(digest)
  })
})
