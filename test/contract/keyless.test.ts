/**
 * Issue 19, keyless, through the built bundles as the runner runs them, against a private Sigstore on loopback (the
 * public one cannot be reached from here): Fulcio, Rekor v2 and the timestamp authority built from source, the local
 * cluster's API server as the OIDC issuer (ServiceAccount tokens with the audience `sigstore`, Fulcio's `kubernetes`
 * issuer type). The job's token reaches the action as on GitHub, through ACTIONS_ID_TOKEN_REQUEST_URL: a small
 * server stands in for GitHub's token endpoint (which cannot run here) and hands out the issuer's real token.
 * build-push signs keyless and attests a provenance; the real cosign verifies what it made; promote-artifact promotes
 * only a digest whose keyless signature and provenance verify for the expected identity, and agrees with cosign on
 * cosign's own keyless signature, a key signature, an unsigned digest and a tampered bundle.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { cosign, cosignSign, generateKeyPair, type CosignKeyPair } from '../../local/cosign.js'
import { runAction } from '../../local/harness.js'
import { localCluster, testNamespace, type TestNamespace } from '../../local/kube/cluster.js'
import { haveTools } from '../../local/process.js'
import { Buildah } from '../../local/registry/images.js'
import { listTags } from '../../local/registry/raw.js'
import { startRegistry, type Registry } from '../../local/registry/registry.js'
import { workspaceWith } from '../../local/scenarios/build-push.js'
import { haveSigstore, startSigstore, type LocalSigstore } from '../../local/sigstore/sigstore.js'
import { RegistryClient } from '../../src/lib/oci/client.js'
import { pushReferrer } from '../../src/lib/oci/referrer.js'
import { BUNDLE_CONTENT_ANNOTATION, BUNDLE_PREDICATE_ANNOTATION, BUNDLE_V03_MEDIA_TYPE, COSIGN_SIGN_PREDICATE } from '../../src/lib/signing/statement.js'
import { eventPath, runEnv } from '../unit/build-push/events.js'

const enabled = haveSigstore() && haveTools('docker-registry', 'buildah')
const maybe = enabled ? describe : describe.skip
const event = JSON.parse(readFileSync(eventPath('push-main'), 'utf8')) as Record<string, unknown>
const RUNTIME_TOKEN = 'runtime-token-for-the-test'

let registry: Registry
let sigstore: LocalSigstore
let ns: TestNamespace
let builder: { token: string; identity: string }
let mallory: { token: string; identity: string }
let tokenServer: Server
let tokenURL: string
let keys: CosignKeyPair
let unsigned: string
let keySigned: string
let cosignKeyless: string
let dir: string

/** GitHub's token endpoint as the runner's ACTIONS_ID_TOKEN_REQUEST_URL names it: bearer the runtime token, ask for an audience. */
function startTokenEndpoint(token: () => string): Promise<string> {
  tokenServer = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x')
    const ok = request.headers.authorization === `Bearer ${RUNTIME_TOKEN}` && url.searchParams.get('audience') === 'sigstore'
    response.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' })
    response.end(JSON.stringify(ok ? { value: token() } : { message: 'bad runtime token or audience' }))
  })
  return new Promise((resolve) => tokenServer.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(tokenServer.address() as { port: number }).port}/_apis/token?api-version=2.0`)))
}

beforeAll(async () => {
  if (!enabled) return
  const cluster = await localCluster()
  ;[registry, sigstore, ns] = await Promise.all([startRegistry(), startSigstore(cluster), testNamespace(cluster, 'keyless')])
  ;[builder, mallory] = await Promise.all([sigstore.token(ns.name, 'builder'), sigstore.token(ns.name, 'mallory')])
  tokenURL = await startTokenEndpoint(() => builder.token)
  keys = await generateKeyPair('keyless-contract')
  dir = mkdtempSync(path.join(tmpdir(), 'keyless-contract-'))
  const buildah = new Buildah()
  try {
    unsigned = await buildah.push(await buildah.build({ files: { '/u.txt': 'unsigned' } }), `${registry.host}/acme/unsigned:build-1`)
    keySigned = await buildah.push(await buildah.build({ files: { '/k.txt': 'key' } }), `${registry.host}/acme/by-key:build-1`)
    cosignKeyless = await buildah.push(await buildah.build({ files: { '/c.txt': 'cosign keyless' } }), `${registry.host}/acme/by-cosign:build-1`)
  } finally {
    buildah.cleanup()
  }
  const signed = await cosignSign(keys, `${registry.host}/acme/by-key@${keySigned}`)
  if (signed.code !== 0) throw new Error(signed.stderr)
  const tokenFile = path.join(dir, 'builder.token')
  writeFileSync(tokenFile, builder.token, { mode: 0o600 })
  const keyless = await cosign(['sign', '--yes', '--allow-insecure-registry', '--identity-token', tokenFile, '--signing-config', sigstore.signingConfig, '--trusted-root', sigstore.trustedRoot, `${registry.host}/acme/by-cosign@${cosignKeyless}`])
  if (keyless.code !== 0) throw new Error(`${keyless.stderr}\n${sigstore.logs()}`)
}, 300_000)
afterAll(async () => {
  tokenServer?.close()
  await Promise.all([registry?.stop(), sigstore?.stop(), ns?.delete()])
})

const errorOf = (result: { annotations: { level: string; message: string }[] }): string => result.annotations.filter((a) => a.level === 'error').map((a) => a.message).join('\n')
const tokenEnv = (): Record<string, string> => ({ ACTIONS_ID_TOKEN_REQUEST_URL: tokenURL, ACTIONS_ID_TOKEN_REQUEST_TOKEN: RUNTIME_TOKEN })
const keylessPolicy = (identity: string) => ({ 'certificate-identity': identity, 'certificate-oidc-issuer': sigstore.issuer, 'trusted-root': sigstore.trustedRoot })
const promote = (source: string, target: string, policy: Record<string, string>, verify = 'signature') =>
  runAction('promote-artifact', { inputs: { source, targets: target, verify, ...policy }, timeoutMs: 120_000 })
/** cosign verify as a user runs it against the private instance (it has no CT log, so no SCT). */
const cosignVerify = (image: string, identity: string) =>
  cosign(['verify', '--allow-insecure-registry', '--trusted-root', sigstore.trustedRoot, '--insecure-ignore-sct', '--certificate-identity', identity, '--certificate-oidc-issuer', sigstore.issuer, image])

maybe('keyless: sign at build with the job\'s identity, verify the identity before promotion', () => {
  let digest = ''

  it('build-push signs keyless with the job\'s OIDC token and attests a provenance; the summary\'s cosign command verifies both', async () => {
    const result = await runAction('build-push', {
      inputs: { image: `${registry.host}/acme/web`, builder: 'buildah', tags: 'sha', sign: 'keyless', 'signing-config': sigstore.signingConfig, provenance: 'min' },
      eventName: 'push',
      event,
      workspace: workspaceWith({ Dockerfile: 'FROM scratch\nCOPY a.txt /\n', 'a.txt': 'keyless\n' }),
      env: { ...runEnv('push-main'), RUNNER_TEMP: dir, ...tokenEnv() },
      timeoutMs: 180_000
    })
    expect({ exitCode: result.exitCode, error: errorOf(result), logs: result.exitCode === 0 ? '' : sigstore.logs().slice(-3000) }).toEqual({ exitCode: 0, error: '', logs: '' })
    digest = result.outputs.digest!
    const image = `${registry.host}/acme/web@${digest}`
    const metadata = JSON.parse(result.outputs.metadata!)
    expect(metadata.signatures).toEqual([expect.objectContaining({ image, outcome: 'signed', identity: { subject: builder.identity, issuer: sigstore.issuer } })])
    const command = `cosign verify --certificate-identity ${builder.identity} --certificate-oidc-issuer ${sigstore.issuer} --trusted-root trusted_root.json --insecure-ignore-sct --allow-insecure-registry ${image}`
    expect(result.summary).toContain(command)
    const [, ...args] = command.split(' ').map((word) => (word === 'trusted_root.json' ? sigstore.trustedRoot : word))
    const judged = await cosign(args)
    expect({ code: judged.code, stderr: judged.stderr }).toEqual({ code: 0, stderr: expect.stringContaining('The code-signing certificate was verified using trusted certificate authority certificates') })
    const attestation = await cosign(['verify-attestation', '--type', 'slsaprovenance1', ...args.slice(1)])
    expect({ code: attestation.code, stderr: attestation.stderr }).toEqual({ code: 0, stderr: expect.any(String) })
    // The token is a secret: masked, never in the log.
    expect(result.stdout + result.stderr).not.toContain(builder.token)
  }, 240_000)

  it('promote-artifact promotes it once the keyless signature and provenance verify for the builder\'s identity', async () => {
    const result = await promote(`${registry.host}/acme/web@${digest}`, 'v1.0.0', { ...keylessPolicy(builder.identity), 'expected-source-repository': 'acme/web' }, 'signature, provenance')
    expect({ exitCode: result.exitCode, error: errorOf(result) }).toEqual({ exitCode: 0, error: '' })
    expect(result.summary).toContain(`Signature verified keyless as \`${builder.identity}\` (issuer \`${sigstore.issuer}\`) before any write`)
    expect(result.summary).toContain(`cosign verify --certificate-identity ${builder.identity} --certificate-oidc-issuer ${sigstore.issuer} --trusted-root ${sigstore.trustedRoot} --insecure-ignore-sct ${registry.host}/acme/web@${digest}`)
    expect(await listTags(registry.host, 'acme/web')).toContain('v1.0.0')
  }, 180_000)

  it('the same digest expected from another identity is refused before any write, and cosign refuses it too', async () => {
    const result = await promote(`${registry.host}/acme/web@${digest}`, 'v1.0.1', keylessPolicy(mallory.identity))
    expect(result.exitCode).not.toBe(0)
    expect(errorOf(result)).toMatch(new RegExp(`no signature of ${digest} verifies keyless as ${mallory.identity.replace(/[.]/g, '\\.')} .*it is signed by ${builder.identity.replace(/[.]/g, '\\.')}, not ${mallory.identity.replace(/[.]/g, '\\.')}.*Nothing was written\\.$`, 's'))
    expect(await listTags(registry.host, 'acme/web')).not.toContain('v1.0.1')
    expect((await cosignVerify(`${registry.host}/acme/web@${digest}`, mallory.identity)).code).not.toBe(0)
    expect((await cosignVerify(`${registry.host}/acme/web@${digest}`, builder.identity)).code).toBe(0)
  }, 180_000)

  it('cosign\'s own keyless signature verifies with us; a key signature or none does not, and cosign agrees on each', async () => {
    const cases: [string, string, boolean, RegExp | undefined][] = [
      ['by-cosign', cosignKeyless, true, undefined],
      ['by-key', keySigned, false, /it is signed with a key, not keyless/],
      ['unsigned', unsigned, false, /has no cosign signature/]
    ]
    for (const [name, image, accepted, why] of cases) {
      const result = await promote(`${registry.host}/acme/${name}@${image}`, 'prod', keylessPolicy(builder.identity))
      expect({ name, exitCode: result.exitCode === 0 }).toEqual({ name, exitCode: accepted })
      if (why) expect(errorOf(result)).toMatch(why)
      expect((await listTags(registry.host, `acme/${name}`)).includes('prod')).toBe(accepted)
      expect({ name, cosign: (await cosignVerify(`${registry.host}/acme/${name}@${image}`, builder.identity)).code === 0 }).toEqual({ name, cosign: accepted })
    }
  }, 300_000)

  it('a keyless bundle whose signed statement was altered is refused by us and by cosign', async () => {
    // Copy the image to a repository of its own, then put a bundle there whose DSSE payload names the copy but keeps
    // the original signature: the certificate and log entry are real, the signature no longer matches.
    const source = `${registry.host}/acme/web@${digest}`
    const client = new RegistryClient(registry.host)
    let signature: { bytes: Uint8Array; layer: string } | undefined
    for (const descriptor of (await client.referrers('acme/web', digest)).descriptors) {
      const manifest = await client.getManifest('acme/web', descriptor.digest)
      const parsed = JSON.parse(Buffer.from(manifest!.bytes).toString()) as { annotations?: Record<string, string>; layers: { digest: string }[] }
      if (parsed.annotations?.[BUNDLE_PREDICATE_ANNOTATION] === COSIGN_SIGN_PREDICATE) signature = { bytes: manifest!.bytes, layer: parsed.layers[0]!.digest }
    }
    expect(signature).toBeDefined()
    const bundle = JSON.parse(await (await fetch(`http://${registry.host}/v2/acme/web/blobs/${signature!.layer}`)).text()) as { dsseEnvelope: { payload: string } }
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString()) as { predicate: unknown }
    statement.predicate = { altered: true }
    bundle.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64')
    const copy = await runAction('promote-artifact', { inputs: { source, targets: `${registry.host}/acme/tampered:copy`, 'copy-referrers': 'false' }, timeoutMs: 120_000 })
    expect({ exitCode: copy.exitCode, error: errorOf(copy) }).toEqual({ exitCode: 0, error: '' })
    const subject = await client.getManifest('acme/tampered', digest)
    await pushReferrer(client, 'acme/tampered', {
      artifactType: BUNDLE_V03_MEDIA_TYPE,
      subject: { digest, mediaType: subject!.mediaType, size: subject!.bytes.length },
      layers: [{ mediaType: BUNDLE_V03_MEDIA_TYPE, bytes: Buffer.from(JSON.stringify(bundle)) }],
      annotations: { [BUNDLE_CONTENT_ANNOTATION]: 'dsse-envelope', [BUNDLE_PREDICATE_ANNOTATION]: COSIGN_SIGN_PREDICATE }
    })
    const result = await promote(`${registry.host}/acme/tampered@${digest}`, 'prod', keylessPolicy(builder.identity))
    expect(result.exitCode).not.toBe(0)
    expect(errorOf(result)).toMatch(/does not verify against the trust root .*the signature does not match what it signs \(the statement was altered/)
    expect(await listTags(registry.host, 'acme/tampered')).not.toContain('prod')
    expect((await cosignVerify(`${registry.host}/acme/tampered@${digest}`, builder.identity)).code).not.toBe(0)
  }, 240_000)

  it('sign: keyless without the job\'s OIDC token fails before anything is built, naming id-token: write', async () => {
    const result = await runAction('build-push', {
      inputs: { image: `${registry.host}/acme/no-token`, builder: 'buildah', tags: 'sha', sign: 'keyless', 'signing-config': sigstore.signingConfig },
      eventName: 'push',
      event,
      workspace: workspaceWith({ Dockerfile: 'FROM scratch\nCOPY a.txt /\n', 'a.txt': 'x\n' }),
      env: { ...runEnv('push-main'), RUNNER_TEMP: dir },
      timeoutMs: 60_000
    })
    expect(result.exitCode).not.toBe(0)
    expect(errorOf(result)).toMatch(/Input 'sign'.*keyless.*permissions: id-token: write/s)
    expect(await listTags(registry.host, 'acme/no-token')).toEqual([])
  }, 120_000)
})
