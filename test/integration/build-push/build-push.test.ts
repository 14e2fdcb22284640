/**
 * build-push against real components: buildah (vfs, chroot) builds, Debian's docker-registry on 127.0.0.1 holds the
 * images, skopeo reads them back. The bundle runs as the runner runs it, post step included.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { runAction, type RunResult } from '../../../local/harness.js'
import { startFaultProxy, type FaultProxy } from '../../../local/registry/fault-proxy.js'
import { freePort, haveTools } from '../../../local/process.js'
import { startRegistry, type Registry } from '../../../local/registry/registry.js'
import { eventPath, MAIN_SHA, runEnv, type RunName } from '../../unit/build-push/events.js'
import { leftovers, pushShellBase, skopeo, skopeoTags, workspaceWith } from '../../../local/scenarios/build-push.js'

const enabled = haveTools('buildah', 'skopeo', 'docker-registry')
let registry: Registry
let proxy: FaultProxy
let base: Awaited<ReturnType<typeof pushShellBase>>

beforeAll(async () => {
  if (!enabled) return
  registry = await startRegistry()
  proxy = await startFaultProxy(registry.port)
  base = await pushShellBase(registry.host)
}, 60_000)
afterAll(async () => {
  await proxy?.stop()
  await registry?.stop()
  base?.cleanup()
})

interface Run {
  result: RunResult
  temp: string
  metadata: Record<string, any>
}

async function build(run: RunName, workspace: string, inputs: Record<string, string>, overrides: { sha?: string; ref?: string; event?: (e: any) => any } = {}): Promise<Run> {
  const temp = mkdtempSync(path.join(tmpdir(), 'bp-temp-'))
  let event = JSON.parse(readFileSync(eventPath(run), 'utf8'))
  if (overrides.event) event = overrides.event(event)
  const env = runEnv(run)
  const result = await runAction('build-push', {
    inputs: { builder: 'buildah', ...inputs },
    eventName: env.GITHUB_EVENT_NAME,
    event,
    workspace,
    env: { ...env, ...(overrides.sha && { GITHUB_SHA: overrides.sha }), ...(overrides.ref && { GITHUB_REF: overrides.ref }), RUNNER_TEMP: temp },
    timeoutMs: 120_000
  })
  return { result, temp, metadata: result.outputs.metadata ? JSON.parse(result.outputs.metadata) : {} }
}

function failure(run: Run): string {
  return run.result.annotations.filter((a) => a.level === 'error').map((a) => a.message).join('\n')
}

const scratchWorkspace = (): string => workspaceWith({ Dockerfile: 'FROM scratch\nCOPY hello.txt /hello.txt\n', 'hello.txt': 'hello\n' })

;(enabled ? describe : describe.skip)('build-push with buildah and docker-registry', () => {
  it('builds FROM scratch, pushes every tag, and outputs the digest the registry holds', async () => {
    const repo = `${registry.host}/acme/scratch`
    const run = await build('push-main', scratchWorkspace(), { image: repo.toUpperCase().replace('ACME', 'Acme'), tags: 'sha\nbranch\nlatest' })
    expect([run.result.exitCode, failure(run)]).toEqual([0, ''])
    const { digest } = run.result.outputs
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(run.result.outputs['image-ref']).toBe(`${repo}@${digest}`)
    expect(run.result.outputs.tags!.split('\n')).toEqual([`${repo}:main`, `${repo}:sha-6113728`, `${repo}:latest`])
    expect(run.metadata.tags).toEqual(run.result.outputs.tags!.split('\n'))
    expect(run.result.outputs.labels!.split('\n')).toEqual(expect.arrayContaining(['org.opencontainers.image.version=main', expect.stringMatching(/^org\.opencontainers\.image\.revision=6113728/)]))
    expect(run.result.outputs.version).toBe('main')

    expect(await skopeoTags(repo)).toEqual(['latest', 'main', 'sha-6113728'])
    for (const tag of ['latest', 'main', 'sha-6113728']) expect((await skopeo(`${repo}:${tag}`)).Digest).toBe(digest)
    const inspected = await skopeo(`${repo}:main`)
    expect(inspected.Labels).toMatchObject({
      'org.opencontainers.image.revision': MAIN_SHA,
      'org.opencontainers.image.source': 'https://github.com/acme/web',
      'org.opencontainers.image.created': '2026-11-20T13:03:11.000Z',
      'org.opencontainers.image.version': 'main',
      'org.opencontainers.image.licenses': 'MIT'
    })
    // The image timestamp is the commit time too: rebuilding the commit is reproducible.
    expect(inspected.Created).toBe('2026-11-20T13:03:11Z')

    expect(run.metadata).toMatchObject({ digest, reused: false, builder: 'buildah', cache: { mode: 'registry', status: 'miss' } })
    expect(run.result.summary).toContain(digest)
    expect(run.result.summary).toMatch(/Build time \| \d+\.\d s/)
    expect(leftovers(run.temp)).toEqual([])
  })

  it('builds on a base made from this machine (dash + its libraries) with a RUN step', async () => {
    const repo = `${registry.host}/acme/shell`
    const workspace = workspaceWith({
      Dockerfile: `FROM ${base.reference}\nCOPY . /src/\nRUN [ ! -e /src/secret.txt ] && while read line; do echo "built: $line"; done < /src/greeting.txt > /built.txt\n`,
      'greeting.txt': 'hello from the build\n',
      // The labels go into a generated copy of the Dockerfile: the context's .dockerignore must still apply.
      '.dockerignore': 'secret.txt\n',
      'secret.txt': 'not for the image\n'
    })
    const run = await build('push-main', workspace, { image: repo, tags: 'sha' })
    expect([run.result.exitCode, failure(run)]).toEqual([0, ''])
    const inspected = await skopeo(`${repo}:sha-6113728`)
    expect(inspected.Digest).toBe(run.result.outputs.digest)
    const baseLayers = (await skopeo(base.reference)).Layers
    expect(inspected.Layers.slice(0, baseLayers.length)).toEqual(baseLayers)
    expect(inspected.Layers.length).toBeGreaterThan(baseLayers.length)
    expect(run.result.stdout).toContain('RUN [ ! -e /src/secret.txt ]')
    expect(inspected.Labels?.['org.opencontainers.image.revision']).toBe(MAIN_SHA)
  })

  it('a second run of the same commit reuses the image: no build, no upload, only the new tags', async () => {
    const repo = `${proxy.host}/acme/reuse`
    const workspace = scratchWorkspace()
    const first = await build('push-main', workspace, { image: repo })
    expect(first.result.exitCode).toBe(0)

    proxy.reset()
    const release = await build('push-tag-v1.2.3', workspace, { image: repo })
    expect([release.result.exitCode, failure(release)]).toEqual([0, ''])
    expect(release.result.outputs.digest).toBe(first.result.outputs.digest)
    expect(release.metadata).toMatchObject({ reused: true, builder: null })
    expect(release.result.stdout).not.toMatch(/buildah .* bud /)
    expect(release.result.summary).toContain('reused the image of this commit')
    // The labels shown are the ones the image carries: the first build's version, not this run's 1.2.3.
    expect(release.metadata.labels).toMatchObject({ 'org.opencontainers.image.version': 'main' })
    expect(release.result.summary).toContain('Labels (as the reused image carries them, set by its first build)')
    expect(release.result.summary).toContain('| org.opencontainers.image.version | main |')
    // The registry saw reads and three manifest PUTs (1.2.3, 1.2, 1), and not one blob upload.
    expect(proxy.requests.filter((r) => r.method === 'POST' || r.method === 'PATCH')).toEqual([])
    expect(proxy.requests.filter((r) => r.method === 'PUT').map((r) => r.path)).toEqual(['/v2/acme/reuse/manifests/1.2.3', '/v2/acme/reuse/manifests/1.2', '/v2/acme/reuse/manifests/1'])
    expect(await skopeoTags(`${registry.host}/acme/reuse`)).toEqual(['1', '1.2', '1.2.3', 'main', 'sha-6113728'])
    expect(release.result.outputs.version).toBe('1.2.3')
  })

  it('a protected version tag held by another commit fails before any build or push', async () => {
    const repo = `${registry.host}/acme/protected`
    const workspace = scratchWorkspace()
    const first = await build('push-tag-v1.2.3', workspace, { image: repo })
    expect(first.result.exitCode).toBe(0)

    const other = 'd3486ae9136e7856bc42212385ea797094475802'
    const moved = await build('push-tag-v1.2.3', workspaceWith({ Dockerfile: 'FROM scratch\nCOPY hello.txt /\n', 'hello.txt': 'changed\n' }), { image: repo }, {
      sha: other,
      event: (e) => ({ ...e, after: other, head_commit: { ...e.head_commit, id: other } })
    })
    expect(moved.result.exitCode).toBe(1)
    expect(failure(moved)).toMatch(/protected version tag[\s\S]*acme\/protected:1\.2\.3/)
    expect(moved.result.stdout).not.toMatch(/buildah .* bud /)
    expect((await skopeo(`${repo}:1.2.3`)).Digest).toBe(first.result.outputs.digest)
    expect(await skopeoTags(repo)).toEqual(['1', '1.2', '1.2.3', 'sha-6113728'])
    expect(moved.result.summary).toContain('build-push failed')
  })

  it('a cache registry that is down: the build succeeds with a warning in the log and the summary', async () => {
    const repo = `${registry.host}/acme/nocache`
    const down = `127.0.0.1:${await freePort()}/acme/cache`
    const run = await build('push-main', scratchWorkspace(), { image: repo, tags: 'sha', 'cache-repository': down })
    expect([run.result.exitCode, failure(run)]).toEqual([0, ''])
    const warning = run.result.annotations.find((a) => a.level === 'warning')
    expect(warning?.message).toMatch(/registry cache .*acme\/cache is unavailable.*building without it/)
    expect(run.metadata.cache).toMatchObject({ mode: 'registry', status: 'unavailable' })
    expect(run.result.summary).toMatch(/Cache \| ⚠️ unavailable/)
    expect((await skopeo(`${repo}:sha-6113728`)).Digest).toBe(run.result.outputs.digest)
  })

  it('a cache registry that fails mid-build: built again without the cache, with a warning', async () => {
    const cacheProxy = await startFaultProxy(registry.port)
    try {
      cacheProxy.rule = ({ method, path }) => (path.includes('/flaky-cache/') && method !== 'GET' && method !== 'HEAD' ? { status: 503 } : undefined)
      const repo = `${registry.host}/acme/flaky`
      const run = await build('push-main', scratchWorkspace(), { image: repo, tags: 'sha', 'cache-repository': `${cacheProxy.host}/acme/flaky-cache` })
      expect([run.result.exitCode, failure(run)]).toEqual([0, ''])
      expect(run.result.annotations.find((a) => a.level === 'warning')?.message).toMatch(/flaky-cache failed .*built again without it/)
      expect(run.metadata.cache.status).toBe('unavailable')
      expect((await skopeo(`${repo}:sha-6113728`)).Digest).toBe(run.result.outputs.digest)
    } finally {
      await cacheProxy.stop()
    }
  })

  it('a rebuild after a change in a fresh runner takes unchanged steps from the registry cache', async () => {
    const repo = `${registry.host}/acme/warm`
    const files = { Dockerfile: `FROM ${base.reference}\nCOPY deps.txt /deps.txt\nRUN echo deps > /deps.out\nCOPY app.txt /app.txt\n`, 'deps.txt': 'a\n', 'app.txt': 'v1\n' }
    const cold = await build('push-main', workspaceWith(files), { image: repo, tags: 'sha', 'reuse-existing': 'false' })
    expect(cold.metadata.cache.status).toBe('miss')
    const next = '7c4a8d09ca3762af61e59520943dc26494f8941b'
    const warm = await build('push-main', workspaceWith({ ...files, 'app.txt': 'v2\n' }), { image: repo, tags: 'sha' }, { sha: next, event: (e) => ({ ...e, after: next, head_commit: { ...e.head_commit, id: next } }) })
    expect([warm.result.exitCode, failure(warm)]).toEqual([0, ''])
    expect(warm.metadata.cache.status).toBe('partial')
    expect(warm.metadata.cache.cachedSteps).toBeGreaterThanOrEqual(2)
    expect(warm.result.outputs.digest).not.toBe(cold.result.outputs.digest)
  })

  it('rebuilding a released commit without reuse gives the same digest (reproducible), so its version tag may stay', async () => {
    const repo = `${registry.host}/acme/reproducible`
    const first = await build('push-tag-v1.2.3', scratchWorkspace(), { image: repo })
    expect(first.result.exitCode).toBe(0)
    const again = await build('push-tag-v1.2.3', scratchWorkspace(), { image: repo, 'reuse-existing': 'false', cache: 'none' })
    expect([again.result.exitCode, failure(again)]).toEqual([0, ''])
    expect(again.result.stdout).toMatch(/buildah .* bud /)
    expect(again.result.outputs.digest).toBe(first.result.outputs.digest)
    expect(again.metadata.pushed.map((p: { outcome: string }) => p.outcome)).toEqual(['pushed', 'unchanged', 'unchanged', 'unchanged'])
  })

  it('several platforms make one index; a second repository and registry get the same digest', async () => {
    const other = await startRegistry()
    try {
      const repo = `${registry.host}/acme/multi`
      const mirror = `${other.host}/mirror/web`
      const workspace = workspaceWith({ Dockerfile: 'FROM scratch\nCOPY hello.txt /\n', 'hello.txt': 'hi\n' })
      const run = await build('push-main', workspace, { image: `${repo}\n${registry.host}/acme/multi-copy\n${mirror}`, tags: 'sha\nbranch', platforms: 'linux/amd64,linux/arm64', cache: 'none' })
      expect([run.result.exitCode, failure(run)]).toEqual([0, ''])
      const digest = run.result.outputs.digest!
      const { stdout } = await promisify(execFile)('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${repo}:main`])
      const index = JSON.parse(stdout) as { manifests: { platform: { architecture: string } }[] }
      expect(index.manifests.map((m) => m.platform.architecture).sort()).toEqual(['amd64', 'arm64'])
      for (const reference of [`${repo}:main`, `${registry.host}/acme/multi-copy:sha-6113728`, `${mirror}:main`, `${mirror}:sha-6113728`]) {
        expect([reference, (await skopeo(reference)).Digest]).toEqual([reference, digest])
      }
      // The index carries no labels itself: reuse reads them from a platform image.
      const again = await build('push-main', workspace, { image: repo, tags: 'sha\nbranch', platforms: 'linux/amd64,linux/arm64', cache: 'none' })
      expect(again.metadata).toMatchObject({ reused: true, digest })
    } finally {
      await other.stop()
    }
  })

  it('latest on a release only while no higher release is in the registry (its tag list is read)', async () => {
    const repo = `${registry.host}/acme/releases`
    const rc = await build('push-tag-v2.0.0-rc.1', scratchWorkspace(), { image: repo, tags: 'semver\nlatest' })
    expect(rc.result.outputs.tags!.split('\n')).toEqual([`${repo}:2.0.0-rc.1`])
    const release = await build('push-tag-v1.2.3', scratchWorkspace(), { image: repo, tags: 'semver\nlatest' })
    expect(release.result.outputs.tags!.split('\n')).toEqual([`${repo}:1.2.3`, `${repo}:1.2`, `${repo}:1`, `${repo}:latest`])
    const older = 'c1dfd96eea8cc2b62785275bca38ac261256e278'
    const patch = await build('push-tag-v1.2.3', scratchWorkspace(), { image: repo, tags: 'semver\nlatest' }, {
      sha: older,
      ref: 'refs/tags/v1.1.9',
      event: (e) => ({ ...e, ref: 'refs/tags/v1.1.9', after: older, head_commit: { ...e.head_commit, id: older } })
    })
    expect([patch.result.exitCode, failure(patch)]).toEqual([0, ''])
    expect(patch.result.outputs.tags!.split('\n')).toEqual([`${repo}:1.1.9`, `${repo}:1.1`])
    expect((await skopeo(`${repo}:latest`)).Digest).toBe(release.result.outputs.digest)
    expect(patch.result.summary).toContain('is not the highest release')
  })
})
