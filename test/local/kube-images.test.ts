/**
 * The kube-service images and binary the Kubernetes tests deploy: pushed to a real docker-registry and read back with
 * skopeo; the binary run directly with each FAULT.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { buildKubeServiceBinary, KUBE_SERVICE_TAGS, KUBE_SERVICE_VARIANTS, pushKubeServiceImages, type KubeImages } from '../../local/kube/images.js'
import { freePort, haveTools, startProcess, waitForHttp, type Started } from '../../local/process.js'
import { startRegistry, type Registry } from '../../local/registry/registry.js'

const run = promisify(execFile)
const enabled = haveTools('go', 'buildah', 'skopeo', 'docker-registry', 'promtool')
const suite = enabled ? describe : describe.skip

interface ImageConfig {
  config: { Env?: string[]; Entrypoint?: string[]; ExposedPorts?: Record<string, object>; User?: string }
  rootfs: { diff_ids: string[] }
}

async function skopeoConfig(reference: string): Promise<ImageConfig> {
  const { stdout } = await run('skopeo', ['inspect', '--config', '--tls-verify=false', `docker://${reference}`])
  return JSON.parse(stdout) as ImageConfig
}

async function skopeoDigest(reference: string): Promise<string> {
  const { stdout } = await run('skopeo', ['inspect', '--no-tags', '--tls-verify=false', `docker://${reference}`])
  return (JSON.parse(stdout) as { Digest: string }).Digest
}

suite('kube-service images', () => {
  let registry: Registry
  let cache: string
  let images: KubeImages
  const previousCache = process.env.PIPELINE_ACTIONS_CACHE

  beforeAll(async () => {
    // A cache of its own, so this run really builds the binary (Go's build cache keeps it quick).
    cache = mkdtempSync(path.join(tmpdir(), 'kube-images-cache-'))
    process.env.PIPELINE_ACTIONS_CACHE = cache
    registry = await startRegistry()
    const started = Date.now()
    images = await pushKubeServiceImages(registry.host)
    console.log(`kube-service images, cold call: ${Date.now() - started} ms`)
  }, 180_000)
  afterAll(async () => {
    await registry?.stop()
    if (previousCache === undefined) delete process.env.PIPELINE_ACTIONS_CACHE
    else process.env.PIPELINE_ACTIONS_CACHE = previousCache
    if (cache) rmSync(cache, { recursive: true, force: true })
  })

  it('pushes every tag with its own environment on one shared layer', async () => {
    expect(images.pushed).toEqual(KUBE_SERVICE_TAGS)
    expect(images.repository).toBe(`${registry.host}/kube-service`)
    const layers = new Set<string>()
    for (const tag of KUBE_SERVICE_TAGS) {
      expect(images.ref(tag)).toBe(`${registry.host}/kube-service:${tag}`)
      expect(images.refs[tag]).toBe(images.ref(tag))
      const config = await skopeoConfig(images.ref(tag))
      const expected = Object.entries(KUBE_SERVICE_VARIANTS[tag]).map(([name, value]) => `${name}=${value}`)
      expect([...(config.config.Env ?? [])].sort()).toEqual(expected.sort())
      expect(config.config.Entrypoint).toEqual(['/kube-service'])
      expect(Object.keys(config.config.ExposedPorts ?? {})).toEqual(['8080/tcp'])
      expect(config.rootfs.diff_ids).toHaveLength(1)
      layers.add(config.rootfs.diff_ids[0]!)
      expect(await skopeoDigest(images.ref(tag))).toBe(images.digests[tag])
      expect(images.pinned(tag)).toBe(`${registry.host}/kube-service@${images.digests[tag]}`)
    }
    expect(layers.size).toBe(1)
    expect((await skopeoConfig(images.ref('bad'))).config.Env).toContain('FAULT=errors')
  })

  it('pushes nothing on a second call when the registry is up to date', async () => {
    const started = Date.now()
    const again = await pushKubeServiceImages(registry.host)
    console.log(`kube-service images, warm call: ${Date.now() - started} ms`)
    expect(again.pushed).toEqual([])
    expect(again.digests).toEqual(images.digests)
  })

  it('pushes again only a tag that holds another config', async () => {
    await run('skopeo', ['copy', '--src-tls-verify=false', '--dest-tls-verify=false', `docker://${images.ref('1')}`, `docker://${images.ref('2')}`])
    expect((await skopeoConfig(images.ref('2'))).config.Env).toEqual(['VERSION=1'])
    const again = await pushKubeServiceImages(registry.host)
    expect(again.pushed).toEqual(['2'])
    expect((await skopeoConfig(images.ref('2'))).config.Env).toEqual(['VERSION=2'])
    // Same inputs, same bytes: the rebuilt tag has the very digest of the first push.
    expect(again.digests['2']).toBe(images.digests['2'])
  })

  describe('the binary', () => {
    let binary: string
    const running: Started[] = []
    beforeAll(async () => {
      binary = await buildKubeServiceBinary()
    }, 120_000)
    afterAll(async () => {
      await Promise.all(running.map((service) => service.stop()))
    })

    async function serve(env: Record<string, string>): Promise<{ url: string; service: Started }> {
      const port = await freePort()
      const service = startProcess(binary, [], { PORT: String(port), ...env })
      running.push(service)
      const url = `http://127.0.0.1:${port}`
      await waitForHttp(`${url}/healthz`, 10_000, service.output)
      return { url, service }
    }

    async function get(url: string): Promise<{ status: number; body: string; type: string }> {
      const response = await fetch(url)
      return { status: response.status, body: await response.text(), type: response.headers.get('content-type') ?? '' }
    }

    /** The sample values of the metrics exposition, by series. */
    async function metrics(url: string): Promise<Map<string, number>> {
      const { body } = await get(`${url}/metrics`)
      return new Map(body.split('\n').filter((line) => line && !line.startsWith('#')).map((line) => {
        const at = line.lastIndexOf(' ')
        return [line.slice(0, at), Number(line.slice(at + 1))] as const
      }))
    }

    async function exitOf(env: Record<string, string>): Promise<{ code: number; output: string }> {
      try {
        const { stdout, stderr } = await run(binary, [], { env: { PORT: String(await freePort()), ...env }, timeout: 5000 })
        return { code: 0, output: stdout + stderr }
      } catch (error) {
        const e = error as { code?: number; stdout?: string; stderr?: string }
        return { code: e.code ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` }
      }
    }

    it('answers its version, is healthy, and counts requests to / in valid Prometheus text', async () => {
      const { url } = await serve({ VERSION: '7' })
      expect(await metrics(url)).toEqual(new Map([
        ['http_requests_total{code="200"}', 0],
        ['http_requests_total{code="500"}', 0],
        ['app_version_info{version="7"}', 1]
      ]))
      for (let i = 0; i < 3; i++) expect(await get(`${url}/`)).toMatchObject({ status: 200, body: 'ok 7\n' })
      expect(await get(`${url}/healthz`)).toMatchObject({ status: 200, body: 'ok' })
      expect((await get(`${url}/nothing`)).status).toBe(404)
      const exposition = await get(`${url}/metrics`)
      expect(exposition.type).toMatch(/^text\/plain; version=0\.0\.4/)
      expect(exposition.body).toMatch(/^# HELP http_requests_total .+\n# TYPE http_requests_total counter\n/m)
      expect(exposition.body).toMatch(/^# TYPE app_version_info gauge$/m)
      expect(await metrics(url)).toEqual(new Map([
        ['http_requests_total{code="200"}', 3],
        ['http_requests_total{code="500"}', 0],
        ['app_version_info{version="7"}', 1]
      ]))
      const check = run('promtool', ['check', 'metrics'])
      check.child.stdin?.end(exposition.body)
      await expect(check).resolves.toBeDefined()
    })

    it('is version "dev" when VERSION is not set', async () => {
      const { url } = await serve({})
      expect((await get(`${url}/`)).body).toBe('ok dev\n')
      expect((await metrics(url)).get('app_version_info{version="dev"}')).toBe(1)
    })

    it('FAULT=errors answers 500 on / and counts it, while staying healthy', async () => {
      const { url } = await serve({ VERSION: 'bad', FAULT: 'errors' })
      for (let i = 0; i < 2; i++) expect((await get(`${url}/`)).status).toBe(500)
      expect((await get(`${url}/healthz`)).status).toBe(200)
      const values = await metrics(url)
      expect(values.get('http_requests_total{code="500"}')).toBe(2)
      expect(values.get('http_requests_total{code="200"}')).toBe(0)
    })

    it('FAULT=unready never passes /healthz but serves /', async () => {
      const { url } = await serve({ FAULT: 'unready' })
      for (let i = 0; i < 3; i++) expect((await get(`${url}/healthz`)).status).toBe(503)
      expect((await get(`${url}/`)).status).toBe(200)
    })

    it('FAULT=slow-start passes /healthz only after START_SECONDS', async () => {
      const started = Date.now()
      const { url } = await serve({ FAULT: 'slow-start', START_SECONDS: '1' })
      expect((await get(`${url}/healthz`)).status).toBe(503)
      while ((await get(`${url}/healthz`)).status !== 200) {
        expect(Date.now() - started).toBeLessThan(5000)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000)
    })

    it('FAULT=crash exits 1 at start with a line saying so', async () => {
      const { code, output } = await exitOf({ FAULT: 'crash' })
      expect(code).toBe(1)
      expect(output).toMatch(/crash/)
    })

    it('an unknown FAULT or a bad START_SECONDS exits 2 naming it', async () => {
      expect(await exitOf({ FAULT: 'sometimes' })).toMatchObject({ code: 2, output: expect.stringMatching(/unknown FAULT "sometimes"/) })
      expect(await exitOf({ FAULT: 'slow-start', START_SECONDS: 'soon' })).toMatchObject({ code: 2, output: expect.stringMatching(/START_SECONDS/) })
    })

    it('exits 0 promptly on SIGTERM', async () => {
      const { service } = await serve({})
      const exited = new Promise<number | null>((resolve) => service.child.on('exit', (code) => resolve(code)))
      const started = Date.now()
      service.child.kill('SIGTERM')
      expect(await exited).toBe(0)
      expect(Date.now() - started).toBeLessThan(1500)
    })
  })
})
