/**
 * The Actions cache service as @actions/cache speaks to it (protocol v1, the one GHES uses: ACTIONS_CACHE_URL),
 * in memory on 127.0.0.1, so tests can save in one job and restore in the next. Lookups follow the service's
 * rules: an exact key first, then each restore key as a prefix, newest entry first, and only the same version.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

interface Entry {
  key: string
  version: string
  data: Buffer
  created: number
  committed: boolean
}

export interface CacheService {
  url: string
  env: Record<string, string>
  entries: () => { key: string; size: number }[]
  requests: string[]
  stop: () => Promise<void>
}

export async function startCacheService(): Promise<CacheService> {
  const entries = new Map<number, Entry>()
  const chunks = new Map<number, Buffer[]>()
  const requests: string[] = []
  let nextId = 1
  let clock = 0
  let base = ''
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    requests.push(`${req.method} ${url.pathname}${url.search}`)
    const body = await readBody(req)
    const json = (status: number, value?: unknown): void => {
      res.writeHead(status, value === undefined ? {} : { 'content-type': 'application/json' })
      res.end(value === undefined ? undefined : JSON.stringify(value))
    }
    // Archives are fetched from a signed URL, without the runtime token.
    if (req.method === 'GET' && url.pathname.startsWith('/archive/')) {
      const entry = entries.get(Number(url.pathname.split('/')[2]))
      if (!entry) return json(404)
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': entry.data.length })
      return res.end(entry.data)
    }
    if (!req.headers.authorization?.startsWith('Bearer ')) return json(401, { message: 'no runtime token' })
    const path = url.pathname.replace(/^\/_apis\/artifactcache\//, '')
    if (req.method === 'GET' && path === 'cache') {
      const keys = (url.searchParams.get('keys') ?? '').split(',')
      const version = url.searchParams.get('version')
      const candidates = [...entries.entries()].filter(([, e]) => e.committed && e.version === version).sort((a, b) => b[1].created - a[1].created)
      const exact = candidates.find(([, e]) => e.key === keys[0])
      const found = exact ?? keys.map((k) => candidates.find(([, e]) => e.key.startsWith(k))).find(Boolean)
      if (!found) return json(204)
      return json(200, { cacheKey: found[1].key, scope: 'refs/heads/main', archiveLocation: `${base}/archive/${found[0]}` })
    }
    if (req.method === 'POST' && path === 'caches') {
      const { key, version } = JSON.parse(body.toString()) as { key: string; version: string }
      if ([...entries.values()].some((e) => e.key === key && e.version === version)) return json(409, { message: `Cache already exists for key ${key}` })
      const id = nextId++
      entries.set(id, { key, version, data: Buffer.alloc(0), created: ++clock, committed: false })
      chunks.set(id, [])
      return json(201, { cacheId: id })
    }
    const id = Number(path.split('/')[1])
    if (req.method === 'PATCH' && path.startsWith('caches/') && entries.has(id)) {
      chunks.get(id)!.push(body)
      return json(204)
    }
    if (req.method === 'POST' && path.startsWith('caches/') && entries.has(id)) {
      const entry = entries.get(id)!
      entry.data = Buffer.concat(chunks.get(id)!)
      entry.committed = true
      return json(204)
    }
    return json(404, { message: `unknown ${req.method} ${url.pathname}` })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: `${base}/`,
    env: { ACTIONS_CACHE_URL: `${base}/`, ACTIONS_RUNTIME_TOKEN: 'runtime-token', ACTIONS_CACHE_SERVICE_V2: '' },
    entries: () => [...entries.values()].filter((e) => e.committed).map((e) => ({ key: e.key, size: e.data.length })),
    requests,
    stop: () => new Promise((resolve) => server.close(() => resolve()))
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const part of req) parts.push(part as Buffer)
  return Buffer.concat(parts)
}
