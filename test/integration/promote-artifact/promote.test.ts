import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { runAction } from '../../../local/harness.js'
import { getManifest, listTags } from '../../../local/registry/raw.js'
import { canRun, skopeoInspect, startFixture, writes, type Fixture } from './fixture.js'

const enabled = canRun()
const suite = enabled ? describe : describe.skip
let f: Fixture

beforeAll(async () => {
  if (enabled) f = await startFixture()
}, 60_000)
afterAll(async () => {
  await f?.stop()
})
beforeEach(() => {
  f?.proxyA.reset()
  f?.proxyB.reset()
})

const promote = (inputs: Record<string, string>) => runAction('promote-artifact', { inputs })

suite('promote-artifact against real registries', () => {
  test('same repository: one manifest PUT per tag and not a single blob request', async () => {
    const source = `${f.proxyA.host}/${f.single.repository}:${f.single.tag}`
    const run = await promote({ source, 'expected-digest': f.single.digest, targets: 'v1.0.0\nrelease-2026' })
    expect(run.exitCode).toBe(0)
    expect(f.proxyA.blobRequests()).toEqual([])
    expect(writes(f.proxyA).sort()).toEqual(['PUT /v2/team/app/manifests/release-2026', 'PUT /v2/team/app/manifests/v1.0.0'])
    expect(run.outputs.digest).toBe(f.single.digest)
    expect(JSON.parse(run.outputs.promoted!)).toEqual([`${f.proxyA.host}/team/app:v1.0.0`, `${f.proxyA.host}/team/app:release-2026`])
    expect((await skopeoInspect(`${f.a.host}/team/app:v1.0.0`))?.digest).toBe(f.single.digest)
    expect(run.summary).toContain(f.single.digest)
    expect(run.summary).toContain('manifest PUT only')
    expect(run.summary).toContain('@octocat')
    expect(run.summary).toContain('https://github.com/acme/web/actions/runs/4242')
  })

  test('another repository on the same registry: blobs are mounted, never uploaded or downloaded', async () => {
    const source = `${f.proxyA.host}/${f.single.repository}:${f.single.tag}`
    const run = await promote({ source, 'expected-digest': f.single.digest, targets: `${f.proxyA.host}/prod/app:v1.0.0` })
    expect(run.exitCode).toBe(0)
    const blobs = f.proxyA.blobRequests()
    expect(blobs.filter((r) => r.method === 'POST').every((r) => r.path.includes('mount=') && r.status === 201)).toBe(true)
    expect(blobs.filter((r) => r.method === 'POST')).toHaveLength(4) // config + 3 layers
    expect(blobs.filter((r) => r.method === 'GET' || r.method === 'PUT' || r.method === 'PATCH')).toEqual([])
    expect((await skopeoInspect(`${f.a.host}/prod/app:v1.0.0`))?.digest).toBe(f.single.digest)
    expect(run.summary).toContain('4 blob(s) mounted, 0 copied')
  })

  test('another registry: only the blobs the target lacks are streamed', async () => {
    const source = `${f.proxyA.host}/${f.single.repository}@${f.single.digest}`
    // The target already holds the image's config and first layer (as after an earlier, related push).
    const manifest = JSON.parse((await getManifest(f.a.host, f.single.repository, f.single.digest))!.bytes.toString()) as { config: { digest: string }; layers: { digest: string }[] }
    const present = [manifest.config.digest, manifest.layers[0]!.digest]
    for (const digest of present) {
      const { getBlob, uploadBlob } = await import('../../../local/registry/raw.js')
      await uploadBlob(f.b.host, 'mirror/app', await getBlob(f.a.host, f.single.repository, digest))
    }
    const run = await promote({ source, targets: `${f.proxyB.host}/mirror/app:v1.0.0` })
    expect(run.exitCode).toBe(0)
    const fetched = f.proxyA.blobRequests().filter((r) => r.method === 'GET').map((r) => r.path.split('/').pop())
    expect(fetched.sort()).toEqual(manifest.layers.slice(1).map((l) => l.digest).sort())
    const uploads = f.proxyB.blobRequests().filter((r) => r.method === 'PUT')
    expect(uploads).toHaveLength(2)
    expect((await skopeoInspect(`${f.b.host}/mirror/app:v1.0.0`))?.digest).toBe(f.single.digest)
    expect(run.summary).toContain('2 copied')
  })

  test('a multi-arch index arrives byte-exact with every platform', async () => {
    const source = `${f.proxyA.host}/${f.multi.repository}:${f.multi.tag}`
    const run = await promote({ source, 'expected-digest': f.multi.digest, targets: `${f.proxyB.host}/mirror/multi:v2` })
    expect(run.exitCode).toBe(0)
    const before = await skopeoInspect(`${f.a.host}/team/multi:build-1`)
    const after = await skopeoInspect(`${f.b.host}/mirror/multi:v2`)
    expect(after?.digest).toBe(f.multi.digest)
    expect(after?.raw.equals(before!.raw)).toBe(true)
    const index = JSON.parse(after!.raw.toString()) as { manifests: { digest: string; platform: { architecture: string } }[] }
    expect(index.manifests.map((m) => m.platform.architecture).sort()).toEqual(['amd64', 'arm64'])
    for (const child of index.manifests) expect((await skopeoInspect(`${f.b.host}/mirror/multi@${child.digest}`))?.digest).toBe(child.digest)
  })

  test('Docker schema 2 manifests and lists keep their media types and bytes', async () => {
    const source = `${f.proxyA.host}/${f.dockerList.repository}:${f.dockerList.tag}`
    const run = await promote({ source, 'expected-digest': f.dockerList.digest, targets: `${f.proxyB.host}/mirror/docker:v1\n${f.proxyA.host}/prod/docker:v1` })
    expect(run.exitCode).toBe(0)
    const original = await getManifest(f.a.host, f.dockerList.repository, f.dockerList.digest)
    expect(original?.mediaType).toBe('application/vnd.docker.distribution.manifest.list.v2+json')
    const children = (JSON.parse(original!.bytes.toString()) as { manifests: { digest: string; mediaType: string }[] }).manifests
    expect(children.map((c) => c.mediaType)).toEqual(['application/vnd.docker.distribution.manifest.v2+json', 'application/vnd.docker.distribution.manifest.v2+json'])
    for (const [host, repository] of [[f.b.host, 'mirror/docker'], [f.a.host, 'prod/docker']] as const) {
      const copy = await getManifest(host, repository, 'v1')
      expect(copy?.mediaType).toBe(original!.mediaType)
      expect(copy?.bytes.equals(original!.bytes)).toBe(true)
      for (const child of children) expect((await getManifest(host, repository, child.digest))?.mediaType).toBe(child.mediaType)
    }
  })

  test('signatures and attestations travel with the digest', async () => {
    const source = `${f.proxyA.host}/${f.signed.repository}:${f.signed.tag}`
    const run = await promote({ source, 'expected-digest': f.signed.digest, targets: `${f.proxyB.host}/prod/signed:v1\n${f.proxyA.host}/prod/signed:v1` })
    expect(run.exitCode).toBe(0)
    const fallbackTag = f.signed.digest.replace(':', '-')
    for (const host of [f.b.host, f.a.host]) {
      const index = await getManifest(host, 'prod/signed', fallbackTag)
      expect(JSON.parse(index!.bytes.toString()).manifests.map((m: { digest: string }) => m.digest)).toEqual([f.signed.signature])
      expect((await getManifest(host, 'prod/signed', f.signed.signature))?.digest).toBe(f.signed.signature)
      expect((await getManifest(host, 'prod/signed', `${fallbackTag}.sig`))?.digest).toBe(f.signed.cosign)
    }
    expect(run.summary).toContain('carried: 2')
    // The referrer and the cosign signature share their empty config: it is uploaded once, not once per tree (two
    // uploads at once make distribution rewrite its link while the other manifest is checked: DIGEST_INVALID).
    const uploaded = f.proxyB.requests.filter((r) => r.method === 'PUT' && r.path.includes('/blobs/uploads/')).map((r) => new URL(r.path, 'http://b').searchParams.get('digest'))
    expect(uploaded.length).toBeGreaterThan(0)
    expect(uploaded.filter((digest, i) => uploaded.indexOf(digest) !== i)).toEqual([])
  })

  test('a manifest PUT answered DIGEST_INVALID for bytes that hash to the digest is the registry racing itself: tried again, and the promotion succeeds', async () => {
    const source = `${f.proxyA.host}/${f.signed.repository}:${f.signed.tag}`
    let injected = 0
    f.proxyB.rule = ({ method, path }) => (method === 'PUT' && path.includes('/manifests/sha256:') && injected++ < 2 ? { status: 400, code: 'DIGEST_INVALID' } : undefined)
    const run = await promote({ source, 'expected-digest': f.signed.digest, targets: `${f.proxyB.host}/race/signed:v1` })
    expect({ exit: run.exitCode, errors: run.annotations }).toEqual({ exit: 0, errors: [] })
    expect(injected).toBeGreaterThanOrEqual(2)
    expect(run.stdout).toMatch(/retrying: PUT \/v2\/race\/signed\/manifests\/sha256:[0-9a-f]{64}: the registry reported a digest mismatch for bytes that hash to sha256:[0-9a-f]{64}/)
    expect((await skopeoInspect(`${f.b.host}/race/signed:v1`))?.digest).toBe(f.signed.digest)
    expect((await getManifest(f.b.host, 'race/signed', f.signed.signature))?.digest).toBe(f.signed.signature)
  })

  test('require-referrers: promotes a digest that carries what is required (a kind, or an exact artifact type)', async () => {
    const source = `${f.proxyA.host}/${f.signed.repository}:${f.signed.tag}`
    for (const [requirement, tag] of [['signature', 'req-sig'], ['application/vnd.dev.test.signature', 'req-type']] as const) {
      const run = await promote({ source, 'expected-digest': f.signed.digest, targets: tag, 'require-referrers': requirement })
      expect([run.exitCode, run.annotations.filter((a) => a.level === 'error')]).toEqual([0, []])
      expect(run.summary).toContain(`Required before promotion (\`require-referrers\`): ${requirement}; attached: application/vnd.dev.test.signature; cosign .sig tag. Present, not verified.`)
      expect((await getManifest(f.a.host, f.signed.repository, tag))?.digest).toBe(f.signed.digest)
    }
  })

  test('require-referrers: refuses a digest that lacks one, naming what is missing and what is attached, and writes nothing', async () => {
    const signed = `${f.proxyA.host}/${f.signed.repository}:${f.signed.tag}`
    f.proxyA.reset()
    const run = await promote({ source: signed, 'expected-digest': f.signed.digest, targets: `req-prov\n${f.proxyB.host}/prod/req:v1`, 'require-referrers': 'signature, provenance' })
    expect(run.exitCode).not.toBe(0)
    const error = run.annotations.find((a) => a.level === 'error')!.message
    expect(error).toContain(`lacks what require-referrers asks for: provenance. Attached: application/vnd.dev.test.signature; cosign .sig tag. Nothing was written`)
    expect([...writes(f.proxyA), ...writes(f.proxyB)]).toEqual([])
    const unsigned = await promote({ source: `${f.proxyA.host}/${f.single.repository}:${f.single.tag}`, targets: 'req-none', 'require-referrers': 'sbom' })
    expect(unsigned.annotations.find((a) => a.level === 'error')!.message).toContain('lacks what require-referrers asks for: sbom. Attached: nothing.')
  })

  test('a rerun is idempotent: targets already at the digest are reported unchanged and not written', async () => {
    const source = `${f.proxyA.host}/${f.single.repository}:${f.single.tag}`
    const targets = `idem-1\n${f.proxyB.host}/mirror/idem:1`
    expect((await promote({ source, 'expected-digest': f.single.digest, targets })).exitCode).toBe(0)
    f.proxyA.reset()
    f.proxyB.reset()
    const rerun = await promote({ source, 'expected-digest': f.single.digest, targets })
    expect(rerun.exitCode).toBe(0)
    expect(JSON.parse(rerun.outputs.promoted!)).toEqual([])
    expect(JSON.parse(rerun.outputs.unchanged!)).toEqual([`${f.proxyA.host}/team/app:idem-1`, `${f.proxyB.host}/mirror/idem:1`])
    expect([...writes(f.proxyA), ...writes(f.proxyB)]).toEqual([])
  })

  test('a release tag at another digest is refused before any write; allow-overwrite lets matching tags move', async () => {
    const source = `${f.proxyA.host}/${f.single.repository}:${f.single.tag}`
    const multiSource = `${f.proxyA.host}/${f.multi.repository}:${f.multi.tag}`
    expect((await promote({ source: multiSource, targets: `${f.proxyA.host}/guarded/app:v9\n${f.proxyA.host}/guarded/app:prod-eu` })).exitCode).toBe(0)
    const tagsBefore = await listTags(f.a.host, 'guarded/app')
    f.proxyA.reset()
    const refused = await promote({ source, 'expected-digest': f.single.digest, targets: `${f.proxyA.host}/guarded/app:new-tag\n${f.proxyA.host}/guarded/app:v9\n${f.proxyA.host}/guarded/app:prod-eu`, 'allow-overwrite': 'prod-*' })
    expect(refused.exitCode).not.toBe(0)
    expect(refused.annotations.map((a) => a.message).join('\n')).toMatch(/guarded\/app:v9 is at sha256:/)
    expect(writes(f.proxyA)).toEqual([])
    expect(await listTags(f.a.host, 'guarded/app')).toEqual(tagsBefore)
    expect((await skopeoInspect(`${f.a.host}/guarded/app:v9`))?.digest).toBe(f.multi.digest)
    expect(refused.summary).toContain('refused')

    const moved = await promote({ source, 'expected-digest': f.single.digest, targets: `${f.proxyA.host}/guarded/app:prod-eu`, 'allow-overwrite': 'stable, prod-*' })
    expect(moved.exitCode).toBe(0)
    expect((await skopeoInspect(`${f.a.host}/guarded/app:prod-eu`))?.digest).toBe(f.single.digest)
    expect(moved.summary).toContain(f.multi.digest) // the previous digest is shown
  })

  test('a source that moved after the tests ran fails before any write', async () => {
    const source = `${f.proxyA.host}/${f.single.repository}:${f.single.tag}`
    const run = await promote({ source, 'expected-digest': f.multi.digest, targets: `never-1\n${f.proxyB.host}/mirror/never:1` })
    expect(run.exitCode).not.toBe(0)
    expect(run.annotations[0]?.message).toContain(`resolves to ${f.single.digest}, not to the tested expected-digest ${f.multi.digest}`)
    expect(run.summary).toContain('Promotion stopped before any write')
    expect([...writes(f.proxyA), ...writes(f.proxyB)]).toEqual([])
    expect(f.proxyB.requests).toEqual([])
    expect(await listTags(f.a.host, 'team/app')).not.toContain('never-1')
  })

  test('a malformed reference fails with every bad input named, before any request', async () => {
    const run = await promote({ source: `${f.proxyA.host}/Team/App:build-1`, targets: 'ok-tag\nbad tag with spaces\n-dash', 'expected-digest': 'sha256:xyz' })
    expect(run.exitCode).not.toBe(0)
    const message = run.annotations.map((a) => a.message).join('\n')
    expect(message).toContain("Input 'source'")
    expect(message).toContain("Input 'expected-digest'")
    expect(message).toContain("Input 'targets'")
    expect(f.proxyA.requests).toEqual([])
  })

  test('a missing source fails before any write', async () => {
    const run = await promote({ source: `${f.proxyA.host}/team/absent:build-1`, targets: `${f.proxyB.host}/mirror/absent:1` })
    expect(run.exitCode).not.toBe(0)
    expect(run.annotations[0]?.message).toMatch(/team\/absent:build-1 does not exist on 127\.0\.0\.1:\d+; nothing was written/)
    expect([...writes(f.proxyA), ...writes(f.proxyB)]).toEqual([])
  })

  test('a dry run plans every target and writes nothing', async () => {
    const source = `${f.proxyA.host}/${f.single.repository}:${f.single.tag}`
    const run = await promote({ source, 'expected-digest': f.single.digest, targets: `dry-1\n${f.proxyB.host}/mirror/dry:1`, 'dry-run': 'true' })
    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.outputs.promoted!)).toEqual([])
    expect([...writes(f.proxyA), ...writes(f.proxyB)]).toEqual([])
    expect(run.summary).toContain('would create')
  })

  test('429 with Retry-After, 503 and connection resets are retried and the promotion still succeeds', async () => {
    const source = `${f.proxyA.host}/${f.single.repository}:${f.single.tag}`
    const faults = ['429', '503', 'reset'] as const
    // The first 429 asks for a one-second pause; later ones for none, to keep the test short.
    let firstThrottle = true
    const throttle = () => ({ status: 429, headers: { 'retry-after': firstThrottle ? ((firstThrottle = false), '1') : '0' } })
    const inject = (index: number) => {
      const kind = faults[index % 3]
      return kind === 'reset' ? ('reset' as const) : kind === '429' ? throttle() : { status: 503 }
    }
    let injectedA = 0
    let injectedB = 0
    // Every third request fails, whatever it is (manifest reads, HEADs, blob GETs and uploads alike), until each
    // registry has failed six times (each kind twice): a registry failing a third of all requests for ever would
    // exhaust any retry budget on an unlucky blob, which is not what this test is about.
    const FAULTS_PER_REGISTRY = 6
    f.proxyA.rule = ({ index }) => (index % 3 === 1 && injectedA < FAULTS_PER_REGISTRY ? inject(injectedA++) : undefined)
    f.proxyB.rule = ({ index }) => (index % 3 === 1 && injectedB < FAULTS_PER_REGISTRY ? inject(injectedB++) : undefined)
    const run = await promote({ source, 'expected-digest': f.single.digest, targets: `${f.proxyB.host}/faulty/app:v1\nfaulty-1` })
    expect({ exit: run.exitCode, errors: run.annotations }).toEqual({ exit: 0, errors: [] })
    expect(injectedA + injectedB).toBeGreaterThanOrEqual(6)
    expect(f.proxyA.requests.some((r) => r.status === 429)).toBe(true)
    expect(f.proxyB.requests.some((r) => r.status === 'reset')).toBe(true)
    expect(run.stdout).toMatch(/retrying: .*HTTP 429/)
    expect((await skopeoInspect(`${f.b.host}/faulty/app:v1`))?.digest).toBe(f.single.digest)
    expect((await skopeoInspect(`${f.a.host}/team/app:faulty-1`))?.digest).toBe(f.single.digest)
  })

  test('when a tag write fails part-way, tags this run moved are put back on their previous digest', async () => {
    const multiSource = `${f.proxyA.host}/${f.multi.repository}:${f.multi.tag}`
    expect((await promote({ source: multiSource, targets: `${f.proxyA.host}/undo/app:stable-a\n${f.proxyA.host}/undo/app:stable-b` })).exitCode).toBe(0)
    f.proxyA.reset()
    f.proxyA.rule = ({ method, path }) => (method === 'PUT' && path.endsWith('/manifests/stable-b') ? { status: 403 } : undefined)
    const source = `${f.proxyA.host}/${f.single.repository}:${f.single.tag}`
    const run = await promote({ source, 'expected-digest': f.single.digest, targets: `${f.proxyA.host}/undo/app:stable-a\n${f.proxyA.host}/undo/app:stable-b\n${f.proxyA.host}/undo/app:v1`, 'allow-overwrite': 'stable-*' })
    expect(run.exitCode).not.toBe(0)
    const error = run.annotations.find((a) => a.level === 'error')!.message
    expect(error).toContain('HTTP 403')
    expect(error).toContain(`Restored ${f.proxyA.host}/undo/app:stable-a to its previous digest ${f.multi.digest}.`)
    expect((await skopeoInspect(`${f.a.host}/undo/app:stable-a`))?.digest).toBe(f.multi.digest)
    expect((await skopeoInspect(`${f.a.host}/undo/app:stable-b`))?.digest).toBe(f.multi.digest)
    // The new tag was written first and holds the tested digest; the output says so.
    expect(JSON.parse(run.outputs.promoted!)).toEqual([`${f.proxyA.host}/undo/app:v1`])
  })

  test('a blob download cut off mid-stream is started again and the copy completes', async () => {
    const source = `${f.proxyA.host}/${f.single.repository}:${f.single.tag}`
    let cuts = 0
    f.proxyA.rule = ({ method, path }) => (method === 'GET' && path.includes('/blobs/') && cuts++ < 2 ? { cutAfterBytes: 64 } : undefined)
    const run = await promote({ source, 'expected-digest': f.single.digest, targets: `${f.proxyB.host}/cut/app:v1` })
    expect(run.annotations.filter((a) => a.level === 'error')).toEqual([])
    expect(cuts).toBeGreaterThanOrEqual(2)
    expect(run.stdout).toMatch(/retrying: copy of blob sha256:[0-9a-f]{64}: connection failed/)
    expect((await skopeoInspect(`${f.b.host}/cut/app:v1`))?.digest).toBe(f.single.digest)
  })

  test('a registry that refuses writes (403) fails the step and names the registry', async () => {
    const source = `${f.proxyA.host}/${f.single.repository}:${f.single.tag}`
    f.proxyB.rule = ({ method }) => (method === 'PUT' || method === 'POST' ? { status: 403 } : undefined)
    const run = await promote({ source, targets: `${f.proxyB.host}/locked/app:v1` })
    expect(run.exitCode).not.toBe(0)
    const error = run.annotations.find((a) => a.level === 'error')?.message
    expect(error).toContain(`${f.proxyB.host}:`)
    expect(error).toContain('HTTP 403')
    expect(await listTags(f.b.host, 'locked/app')).toEqual([])
  })
})
