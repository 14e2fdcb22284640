/**
 * build-push on buildx as users run it, the bundle run as the runner runs it: a real Docker engine (Debian's dockerd
 * 20.10, started here on its own socket), the buildx CLI plugin and BuildKit built at pinned versions by
 * .ci/install-components, on the three drivers users meet: `docker` (the runner's default builder), `docker-container`
 * (setup-buildx-action's default, running a BuildKit image made here) and `remote` (a buildkitd started here). The
 * registry is the local CNCF distribution registry behind Basic auth; skopeo reads the images back.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { cosign, generateKeyPair, haveCosign } from '../../local/cosign.js'
import { runAction, type RunResult } from '../../local/harness.js'
import { BUILDKIT_VERSION, dockerConfigWithBuildx, haveBuilders } from '../../local/docker/components.js'
import { createBuilder, makeBuildkitImage, removeBuilder, startBuildkitd, type Buildkitd } from '../../local/docker/buildkit.js'
import { startDockerEngine, type DockerEngine } from '../../local/docker/engine.js'
import { haveTools } from '../../local/process.js'
import { listTags } from '../../local/registry/raw.js'
import { startRegistry, type Registry } from '../../local/registry/registry.js'
import { leftovers, pushShellBase, skopeo, workspaceWith } from '../../local/scenarios/build-push.js'
import { eventPath, runEnv } from '../unit/build-push/events.js'
import { haveSyft, SYFT_DIR } from '../../local/syft.js'

const USER = 'ci'
const PASSWORD = 'pa55-w0rd-for-buildx'
const AUTH = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`
const event = JSON.parse(readFileSync(eventPath('push-main'), 'utf8')) as Record<string, unknown>
/** The commit time of the push-main payload: SOURCE_DATE_EPOCH, so the image's creation time. */
const COMMIT_TIME = '2026-11-20T13:03:11Z'

const enabled = haveTools('buildah', 'skopeo', 'docker-registry', 'htpasswd') && haveBuilders()
let registry: Registry
let engine: DockerEngine
let base: Awaited<ReturnType<typeof pushShellBase>>

beforeAll(async () => {
  if (!enabled) return
  registry = await startRegistry({ kind: 'htpasswd', users: { [USER]: PASSWORD } })
  base = await pushShellBase(registry.host, 'base/dash', { creds: `${USER}:${PASSWORD}` })
  engine = await startDockerEngine()
  console.log(`dockerd ${(await engine.docker(['version', '--format', '{{.Server.Version}}'])).trim()} answered ${Math.round(engine.startMs)} ms after its start`)
  await makeBuildkitImage(engine)
}, 120_000)
afterAll(async () => {
  await engine?.stop()
  await registry?.stop()
  base?.cleanup()
}, 60_000)

/** A Dockerfile with a RUN step on the shell base (a step BuildKit caches) and a COPY. */
const files = () => ({ Dockerfile: `FROM ${base.reference}\nRUN echo built > /built.txt\nCOPY a.txt /\n`, 'a.txt': 'a\n' })

async function run(inputs: Record<string, string>, env: Record<string, string | undefined>, workspace = workspaceWith(files())) {
  const temp = mkdtempSync(path.join(tmpdir(), 'bp-buildx-'))
  const result = await runAction('build-push', {
    inputs: { username: USER, password: PASSWORD, tags: 'sha\nbranch', ...inputs },
    eventName: 'push',
    event,
    workspace,
    env: { ...runEnv('push-main'), RUNNER_TEMP: temp, ...env },
    timeoutMs: 240_000
  })
  const errors = result.annotations.filter((a) => a.level === 'error').map((a) => a.message).join('\n')
  const warnings = result.annotations.filter((a) => a.level === 'warning').map((a) => a.message)
  return { result, temp, errors, warnings, metadata: result.outputs.metadata ? (JSON.parse(result.outputs.metadata) as Record<string, any>) : {} }
}

const rawManifest = async (reference: string): Promise<string> => (await promisify(execFile)('skopeo', ['inspect', '--raw', '--tls-verify=false', '--creds', `${USER}:${PASSWORD}`, `docker://${reference}`])).stdout

/** The `$ docker buildx build ...` line build-push logs before running it. */
const buildxLine = (result: RunResult): string => /^\$ docker buildx build .*$/m.exec(result.stdout)?.[0] ?? ''

;(enabled ? describe : describe.skip)("the docker driver: the runner's default builder on the engine", () => {
  let config: string
  beforeAll(() => {
    config = dockerConfigWithBuildx()
  })

  it('builder auto picks buildx; the registry cache is read, not written, with the warning; the tags are pushed and the digest is the registry\'s', async () => {
    const repo = `${registry.host}/acme/docker-driver`
    const { result, temp, errors, warnings, metadata } = await run({ image: repo }, { DOCKER_HOST: engine.host, DOCKER_CONFIG: config })
    expect([result.exitCode, errors]).toEqual([0, ''])
    expect(result.summary).toContain("buildx (a Docker daemon answers; builder 'default' (docker driver))")
    expect(buildxLine(result)).toContain(`--cache-from type=registry,ref=${repo}-cache:buildx`)
    expect(buildxLine(result)).not.toContain('--cache-to')
    expect(warnings).toEqual([expect.stringContaining("buildx builder 'default' uses the docker driver, which cannot export a build cache: the registry cache is read but not written.")])
    expect(await listTags(registry.host, 'acme/docker-driver', { authorization: AUTH })).toEqual(['main', 'sha-6113728'])
    expect(await listTags(registry.host, 'acme/docker-driver-cache', { authorization: AUTH }).catch(() => [])).toEqual([])
    const stored = await skopeo(`${repo}:sha-6113728`, `${USER}:${PASSWORD}`)
    expect(result.outputs.digest).toBe(stored.Digest)
    expect(stored.Labels).toMatchObject({ 'org.opencontainers.image.revision': '6113728f27ae82c7b1a177c8d03f9e96e0adf246' })
    expect(metadata).toMatchObject({ builder: 'buildx', cache: { mode: 'registry', status: 'miss' }, digest: result.outputs.digest })
    expect(result.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain(PASSWORD)
    expect(result.post?.exitCode).toBe(0)
    expect(leftovers(temp)).toEqual([])
  })

  it('refuses several platforms before anything runs, naming the input and the fix', async () => {
    const { result, errors } = await run({ image: `${registry.host}/acme/multi-platform`, platforms: 'linux/amd64,linux/arm64' }, { DOCKER_HOST: engine.host, DOCKER_CONFIG: config })
    expect(result.exitCode).toBe(1)
    expect(errors).toContain("Input 'platforms': got 'linux/amd64,linux/arm64'")
    expect(errors).toContain('docker/setup-buildx-action')
    expect(buildxLine(result)).toBe('')
    expect(await listTags(registry.host, 'acme/multi-platform', { authorization: AUTH }).catch(() => [])).toEqual([])
  })
})

;(enabled ? describe : describe.skip)('the docker-container driver: a BuildKit container on the engine', () => {
  let config: string
  beforeAll(() => {
    config = dockerConfigWithBuildx()
  })

  it('writes the registry cache; a new builder (empty) reads it back, and rebuilds the same commit to the same digest, stamped with the commit time', async () => {
    const repo = `${registry.host}/acme/container-driver`
    const env = { DOCKER_HOST: engine.host, DOCKER_CONFIG: config }
    const first = await createBuilder(config, 'docker-container', { engine })
    const cold = await run({ image: repo, builder: 'buildx' }, env)
    expect([cold.result.exitCode, cold.errors]).toEqual([0, ''])
    expect(cold.result.summary).toContain(`builder '${first}' (docker-container driver)`)
    expect(buildxLine(cold.result)).toContain(`--cache-to type=registry,ref=${repo}-cache:buildx,mode=max,ignore-error=true`)
    expect(cold.warnings).toEqual([])
    expect(cold.metadata.cache).toMatchObject({ mode: 'registry', status: 'miss' })
    expect(await listTags(registry.host, 'acme/container-driver-cache', { authorization: AUTH })).toEqual(['buildx'])
    const stored = await skopeo(`${repo}:sha-6113728`, `${USER}:${PASSWORD}`)
    expect(cold.result.outputs.digest).toBe(stored.Digest)
    expect(stored.Created).toBe(COMMIT_TIME)
    // One image manifest: no attestation index around it (buildx's default provenance is off).
    expect(JSON.parse(await rawManifest(`${repo}@${cold.result.outputs.digest}`)).mediaType).toBe('application/vnd.oci.image.manifest.v1+json')
    await removeBuilder(config, first, engine)

    // A builder with nothing of its own: what it does not build comes from the registry cache.
    const second = await createBuilder(config, 'docker-container', { engine })
    const warm = await run({ image: repo, builder: 'buildx', 'reuse-existing': 'false' }, env)
    expect([warm.result.exitCode, warm.errors]).toEqual([0, ''])
    expect(warm.result.summary).toContain(`builder '${second}' (docker-container driver)`)
    expect(warm.metadata.cache).toMatchObject({ mode: 'registry', status: 'hit' })
    expect(warm.result.outputs.digest).toBe(cold.result.outputs.digest)
    await removeBuilder(config, second, engine)
  }, 300_000)
})

;(enabled ? describe : describe.skip)('the remote driver: a buildkitd of its own, no Docker engine', () => {
  let buildkitd: Buildkitd
  let config: string
  beforeAll(async () => {
    buildkitd = await startBuildkitd()
    config = dockerConfigWithBuildx()
  }, 120_000)
  afterAll(async () => {
    await buildkitd?.stop()
  })

  it(`builds on BuildKit ${BUILDKIT_VERSION} at tcp://127.0.0.1, pushes the tags and writes the cache`, async () => {
    const repo = `${registry.host}/acme/remote-driver`
    const name = await createBuilder(config, 'remote', { endpoint: buildkitd.address })
    // No DOCKER_HOST, and nothing at /var/run/docker.sock: the remote builder needs no Docker engine.
    const { result, errors, warnings, metadata } = await run({ image: repo, builder: 'buildx' }, { DOCKER_CONFIG: config, DOCKER_HOST: undefined })
    expect([result.exitCode, errors]).toEqual([0, ''])
    expect(result.summary).toContain(`builder '${name}' (remote driver)`)
    expect(warnings).toEqual([])
    expect(metadata.cache).toMatchObject({ mode: 'registry', status: 'miss' })
    expect(await listTags(registry.host, 'acme/remote-driver', { authorization: AUTH })).toEqual(['main', 'sha-6113728'])
    expect(await listTags(registry.host, 'acme/remote-driver-cache', { authorization: AUTH })).toEqual(['buildx'])
    expect(result.outputs.digest).toBe((await skopeo(`${repo}:main`, `${USER}:${PASSWORD}`)).Digest)
  }, 240_000)
})

;(enabled && haveCosign() && haveSyft() ? describe : describe.skip)('multi-runner builds: one platform per job pushed by digest, then merged', () => {
  it('buildx (docker-container) pushes linux/amd64 and buildah linux/arm64 by digest with no tag; the merge job, without a checkout, pushes one index with both under the run\'s tags and signs it; cosign verifies the index', async () => {
    const keys = await generateKeyPair('merge-pass')
    const config = dockerConfigWithBuildx()
    const name = await createBuilder(config, 'docker-container', { engine })
    const repo = `${registry.host}/acme/multi-runner`
    // Nothing runs in the image, so the foreign platform builds on this host without QEMU.
    const scratchImage = () => workspaceWith({ Dockerfile: 'FROM scratch\nCOPY a.txt /\n', 'a.txt': 'a\n' })
    try {
      const amd64 = await run({ image: repo, builder: 'buildx', 'push-by-digest': 'true', platforms: 'linux/amd64' }, { DOCKER_HOST: engine.host, DOCKER_CONFIG: config }, scratchImage())
      expect([amd64.result.exitCode, amd64.errors]).toEqual([0, ''])
      expect(buildxLine(amd64.result)).toContain(`--output type=image,name=${repo},push-by-digest=true,name-canonical=true,push=true`)
      const arm64 = await run({ image: repo, builder: 'buildah', 'push-by-digest': 'true', platforms: 'linux/arm64' }, {}, scratchImage())
      expect([arm64.result.exitCode, arm64.errors]).toEqual([0, ''])
      for (const job of [amd64, arm64]) {
        expect(job.result.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
        expect(job.result.outputs['image-ref']).toBe(`${repo}@${job.result.outputs.digest}`)
        expect(job.result.outputs.tags).toBe('')
        expect(job.result.summary).toContain('built and pushed by digest (no tag)')
      }
      expect(await listTags(registry.host, 'acme/multi-runner', { authorization: AUTH }).catch(() => [])).toEqual([])

      // No Docker engine answers and there is no checkout: the merge job needs neither.
      const merged = await run(
        { image: repo, 'merge-digests': `${amd64.result.outputs.digest}\n${arm64.result.outputs['image-ref']}`, sign: 'key', 'signing-key': keys.privateKey, 'signing-key-password': keys.password, sbom: 'spdx' },
        { DOCKER_HOST: 'unix:///nonexistent/docker.sock', PATH: `${SYFT_DIR}:${process.env.PATH}` },
        workspaceWith({})
      )
      expect([merged.result.exitCode, merged.errors]).toEqual([0, ''])
      // The run's tags, and the referrers fallback tags (this registry has no referrers API) the index's signature and
      // each platform's SBOM hang on: the merge job attests one SBOM per platform manifest.
      const fallback = (digest: string | undefined): string => digest!.replace(':', '-')
      expect(await listTags(registry.host, 'acme/multi-runner', { authorization: AUTH })).toEqual(['main', 'sha-6113728', fallback(merged.result.outputs.digest), fallback(amd64.result.outputs.digest), fallback(arm64.result.outputs.digest)].sort())
      const sboms = JSON.parse(merged.result.outputs.metadata!).sboms as { image: string; platform: string }[]
      expect(sboms.map((s) => [s.platform, s.image])).toEqual([['linux/amd64', `${repo}@${amd64.result.outputs.digest}`], ['linux/arm64', `${repo}@${arm64.result.outputs.digest}`]])
      const index = JSON.parse(await rawManifest(`${repo}:main`)) as { mediaType: string; manifests: { digest: string; platform: { architecture: string } }[] }
      expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json')
      expect(index.manifests.map((m) => [m.platform.architecture, m.digest])).toEqual([['amd64', amd64.result.outputs.digest], ['arm64', arm64.result.outputs.digest]])
      expect(merged.result.outputs.digest).toBe(`sha256:${createHash('sha256').update(await rawManifest(`${repo}:main`)).digest('hex')}`)
      expect(merged.result.summary).toContain('merged 2 platforms into one index')
      expect(merged.result.summary).toContain('none needed: merge-digests joins images already pushed')
      expect(merged.result.summary).toContain('linux/amd64, linux/arm64')
      expect(buildxLine(merged.result)).toBe('')
      const verified = await cosign(['verify', '--key', keys.publicKeyFile, '--insecure-ignore-tlog', '--allow-insecure-registry', '--registry-username', USER, '--registry-password', PASSWORD, `${repo}@${merged.result.outputs.digest}`])
      expect({ code: verified.code, stderr: verified.stderr }).toEqual({ code: 0, stderr: expect.stringContaining('The signatures were verified against the specified public key') })
    } finally {
      await removeBuilder(config, name, engine)
    }
  }, 300_000)
})
