/**
 * The pods/proxy and services/proxy subresources against real HTTP servers listening on the pods' loopback
 * addresses (podNetwork: 'loopback'), reached through the emulator with its CA and token, as a user reaches a real
 * cluster's pods from outside.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { Agent, createServer as createHttpsServer, request } from 'node:https'
import { makeCertificates } from '../../support/k8s-emulator/tls.js'
import { startEmulator, type Emulator, type KObject } from '../../support/k8s-emulator/index.js'
import { clientsFor } from './fixtures.js'

let emulator: Emulator
const servers: Server[] = []
/** Called by the pod servers' /stream handler: the test decides when the stream goes on. */
let releaseStream: () => void = () => {}

interface Echo {
  pod: string
  port: number
  method: string
  url: string
  headers: Record<string, string | string[] | undefined>
  body: string
}

function listen(server: Server, ip: string, port: number): Promise<void> {
  servers.push(server)
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, ip, () => resolve())
  })
}

/** What every pod runs: /stream answers in two parts, /moved redirects, anything else echoes the request. */
function podHandler(pod: string, port: number) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.url === '/stream') {
      res.writeHead(200, { 'Content-Type': 'text/plain' })
      res.write('first part\n')
      releaseStream = () => res.end('second part\n')
      return
    }
    if (req.url === '/moved') {
      res.writeHead(302, { Location: '/elsewhere?x=1' })
      return void res.end()
    }
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => {
      const echo: Echo = { pod, port, method: req.method ?? '', url: req.url ?? '', headers: req.headers, body }
      res.writeHead(201, { 'Content-Type': 'application/json', 'X-Pod': pod })
      res.end(JSON.stringify(echo))
    })
  }
}

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

function send(method: string, path: string, options: { token?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${emulator.url}${path}`,
      {
        method,
        ca: emulator.caPem,
        // Node frames a DELETE body only with an explicit Content-Length.
        headers: { Authorization: `Bearer ${options.token ?? emulator.token}`, ...(options.body !== undefined ? { 'Content-Length': String(Buffer.byteLength(options.body)) } : {}), ...options.headers }
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }))
        res.on('error', reject)
      }
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

const echoOf = (answer: Answer): Echo => JSON.parse(answer.text) as Echo
const podsOf = (app: string): KObject[] => emulator.store.list('Pod', 'default').filter((p) => p.metadata.labels?.app === app)
const ipOf = (pod: KObject): string => pod.status.podIP as string

function deployment(name: string, image: string, replicas: number, ports: Array<{ name?: string; containerPort: number }>): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image, ports }] } }
    }
  }
}

beforeAll(async () => {
  emulator = await startEmulator({
    podNetwork: 'loopback',
    images: { 'web:never-ready': { readyAfterMs: 10 * 60_000 } },
    tokens: { 'team-a-token': { namespaces: ['team-a'], user: 'team-a' } }
  })
  emulator.store.create(deployment('web', 'web:1', 3, [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }]))
  emulator.store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-unready', namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'web:never-ready', ports: [{ name: 'http', containerPort: 8080 }] }] } })
  emulator.store.create(deployment('tls', 'tls:1', 1, [{ containerPort: 8443 }]))
  emulator.store.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090, targetPort: 9090 }] } })
  emulator.store.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'plain', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } })
  emulator.store.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'empty', namespace: 'default' }, spec: { selector: { app: 'nothing' }, ports: [{ port: 80 }] } })
  emulator.clock.advance(5_000)

  for (const pod of podsOf('web')) {
    await listen(createServer(podHandler(pod.metadata.name!, 8080)), ipOf(pod), 8080)
    await listen(createServer(podHandler(pod.metadata.name!, 9090)), ipOf(pod), 9090)
  }
  const { keyPem, certPem } = makeCertificates()
  const tls = podsOf('tls')[0]!
  await listen(createHttpsServer({ key: keyPem, cert: certPem }, podHandler(tls.metadata.name!, 8443)) as unknown as Server, ipOf(tls), 8443)
})

afterAll(async () => {
  await emulator.stop()
  for (const server of servers) server.closeAllConnections()
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
})

describe('loopback pod network', () => {
  it('gives every pod its own reachable address in one random /16 of 127.0.0.0/8, kept for its life', async () => {
    const pods = emulator.store.list('Pod', 'default')
    const ips = pods.map(ipOf)
    expect(new Set(ips).size).toBe(pods.length)
    const block = ips[0]!.split('.')[1]
    for (const pod of pods) {
      expect(pod.status.podIP).toMatch(new RegExp(`^127\\.${block}\\.\\d+\\.\\d+$`))
      expect(Number(block)).toBeGreaterThanOrEqual(64)
      expect(pod.status.podIP.split('.')[3]).not.toMatch(/^(0|255)$/)
      expect(pod.status.podIPs).toEqual([{ ip: pod.status.podIP }])
      expect(pod.status.hostIP).toBe('127.0.0.1')
    }
    emulator.clock.advance(1_000)
    expect(emulator.store.list('Pod', 'default').map(ipOf)).toEqual(ips)
  })

  it('keeps 10.244.0.x addresses without the option', async () => {
    const plain = await startEmulator()
    try {
      plain.store.create(deployment('x', 'x:1', 1, []))
      plain.clock.advance(2_000)
      expect(plain.store.list('Pod', 'default')[0]!.status.podIP).toMatch(/^10\.244\.0\.\d+$/)
    } finally {
      await plain.stop()
    }
  })
})

describe('pods/proxy', () => {
  it('reaches the first declared container port without a port, or the given one', async () => {
    const pod = podsOf('web')[0]!.metadata.name!
    const first = echoOf(await send('GET', `/api/v1/namespaces/default/pods/${pod}/proxy/hello`))
    expect(first).toMatchObject({ pod, port: 8080, method: 'GET', url: '/hello' })
    const metrics = echoOf(await send('GET', `/api/v1/namespaces/default/pods/${pod}:9090/proxy/metrics/`))
    expect(metrics).toMatchObject({ pod, port: 9090, url: '/metrics/' })
    const root = await send('GET', `/api/v1/namespaces/default/pods/http:${pod}:8080/proxy/`)
    expect(root.status).toBe(201)
    expect(echoOf(root).url).toBe('/')
  })

  it('passes a port name to the dialer as the real server does (no container port lookup)', async () => {
    const pod = podsOf('web')[0]!
    const named = await send('GET', `/api/v1/namespaces/default/pods/${pod.metadata.name}:metrics/proxy/`)
    expect(named.status).toBe(503)
    expect(JSON.parse(named.text)).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'ServiceUnavailable', code: 503, message: 'error trying to reach service: dial tcp: lookup tcp/metrics: unknown port' })
    // Go knows "http" as 80 without /etc/services; nothing listens there.
    const http = await send('GET', `/api/v1/namespaces/default/pods/${pod.metadata.name}:http/proxy/`)
    expect(JSON.parse(http.text).message).toBe(`error trying to reach service: dial tcp ${ipOf(pod)}:80: connect: connection refused`)
  })

  it('speaks https to the pod with the https: scheme', async () => {
    const pod = podsOf('tls')[0]!.metadata.name!
    const answer = await send('GET', `/api/v1/namespaces/default/pods/https:${pod}:8443/proxy/secure`)
    expect(echoOf(answer)).toMatchObject({ pod, port: 8443, url: '/secure' })
  })

  it('forwards every method, the query string and the body, and streams the answer back with its status and headers', async () => {
    const pod = podsOf('web')[1]!.metadata.name!
    const path = `/api/v1/namespaces/default/pods/${pod}/proxy/api/items?a=1&b=x%20y&a=2`
    const posted = await send('POST', path, { body: '{"name":"item"}', headers: { 'Content-Type': 'application/json', 'X-Custom': 'kept' } })
    expect(posted.status).toBe(201)
    expect(posted.headers['x-pod']).toBe(pod)
    expect(echoOf(posted)).toMatchObject({ method: 'POST', url: '/api/items?a=1&b=x%20y&a=2', body: '{"name":"item"}', headers: { 'content-type': 'application/json', 'x-custom': 'kept' } })
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      expect(echoOf(await send(method, path, { body: method })).body).toBe(method)
    }
    const head = await send('HEAD', path)
    expect(head).toMatchObject({ status: 201, text: '' })
    const recorded = emulator.requests.filter((r) => r.path === `/api/v1/namespaces/default/pods/${pod}/proxy/api/items`)
    expect(recorded.map((r) => r.method)).toEqual(['POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'])
    expect(recorded[0]).toMatchObject({ status: 201, body: { name: 'item' }, query: { a: '2', b: 'x y' }, contentType: 'application/json' })
  })

  it('does not pass the caller\'s Authorization on, and says where the request came through', async () => {
    const pod = podsOf('web')[0]!.metadata.name!
    const { headers } = echoOf(await send('GET', `/api/v1/namespaces/default/pods/${pod}/proxy/who`))
    expect(headers.authorization).toBeUndefined()
    expect(headers['x-forwarded-uri']).toBe(`/api/v1/namespaces/default/pods/${pod}/proxy/who`)
    expect(headers['x-forwarded-proto']).toBe('https')
    expect(headers['x-forwarded-for']).toBe('127.0.0.1')
  })

  it('streams: the first part arrives while the pod still holds the response open', async () => {
    const pod = podsOf('web')[0]!.metadata.name!
    const text = await new Promise<string>((resolve, reject) => {
      const req = request(`${emulator.url}/api/v1/namespaces/default/pods/${pod}/proxy/stream`, { ca: emulator.caPem, headers: { Authorization: `Bearer ${emulator.token}` } }, (res) => {
        let received = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          received += chunk
          if (received === 'first part\n') releaseStream()
        })
        res.on('end', () => resolve(received))
      })
      req.on('error', reject)
      req.end()
    })
    expect(text).toBe('first part\nsecond part\n')
  })

  it('redirects a bare /proxy to /proxy/ and keeps the pod\'s redirects behind the proxy', async () => {
    const pod = podsOf('web')[0]!.metadata.name!
    const bare = await send('GET', `/api/v1/namespaces/default/pods/${pod}/proxy?x=1`)
    expect(bare.status).toBe(301)
    expect(bare.headers.location).toBe(`/api/v1/namespaces/default/pods/${pod}/proxy/?x=1`)
    const moved = await send('GET', `/api/v1/namespaces/default/pods/${pod}/proxy/moved`)
    expect(moved.status).toBe(302)
    expect(moved.headers.location).toBe(`/api/v1/namespaces/default/pods/${pod}/proxy/elsewhere?x=1`)
  })

  it('answers the API server\'s Status for a missing pod, a closed port, a foreign namespace and injected faults', async () => {
    const pod = podsOf('web')[0]!
    const missing = await send('GET', '/api/v1/namespaces/default/pods/ghost:8080/proxy/')
    expect(missing.status).toBe(404)
    expect(JSON.parse(missing.text)).toMatchObject({ reason: 'NotFound', message: 'pods "ghost" not found', details: { name: 'ghost', kind: 'pods' } })

    const closed = await send('POST', `/api/v1/namespaces/default/pods/${pod.metadata.name}:7777/proxy/`, { body: 'x' })
    expect(closed.status).toBe(503)
    expect(JSON.parse(closed.text)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `error trying to reach service: dial tcp ${ipOf(pod)}:7777: connect: connection refused`,
      reason: 'ServiceUnavailable',
      code: 503
    })

    const forbidden = await send('GET', `/api/v1/namespaces/default/pods/${pod.metadata.name}:8080/proxy/`, { token: 'team-a-token' })
    expect(forbidden.status).toBe(403)
    expect(JSON.parse(forbidden.text).message).toBe(
      `pods "${pod.metadata.name}:8080" is forbidden: User "team-a" cannot get resource "pods/proxy" in API group "" in the namespace "default"`
    )
    const forbiddenPost = await send('POST', `/api/v1/namespaces/default/services/web/proxy/`, { token: 'team-a-token', body: 'x' })
    expect(JSON.parse(forbiddenPost.text).message).toBe('services "web" is forbidden: User "team-a" cannot create resource "services/proxy" in API group "" in the namespace "default"')
    expect((await send('GET', `/api/v1/namespaces/default/pods/${pod.metadata.name}/proxy/`, { token: 'wrong' })).status).toBe(401)

    const fault = emulator.faults.error('/api/v1/namespaces/default/pods/*/proxy/**', 500, { times: 1 })
    expect((await send('GET', `/api/v1/namespaces/default/pods/${pod.metadata.name}/proxy/x`)).status).toBe(500)
    expect((await send('GET', `/api/v1/namespaces/default/pods/${pod.metadata.name}/proxy/x`)).status).toBe(201)
    expect(fault.hits).toBe(1)
  })
})

describe('services/proxy', () => {
  it('spreads requests over the Ready pods only, mapping the service port to a named targetPort', async () => {
    const ready = podsOf('web').filter((p) => p.metadata.name !== 'web-unready')
    expect(ready).toHaveLength(3)
    // The unready pod listens too (beforeAll): it must still never be chosen.
    expect(podsOf('web').find((p) => p.metadata.name === 'web-unready')?.status.conditions).toContainEqual(expect.objectContaining({ type: 'Ready', status: 'False' }))
    const seen = new Set<string>()
    for (let i = 0; i < 40; i++) {
      const path = i % 2 === 0 ? '/api/v1/namespaces/default/services/web:http/proxy/x' : '/api/v1/namespaces/default/services/web:80/proxy/x'
      const echo = echoOf(await send('GET', path))
      expect(echo.port).toBe(8080)
      seen.add(echo.pod)
    }
    expect([...seen].sort()).toEqual(ready.map((p) => p.metadata.name).sort())
    expect(echoOf(await send('GET', '/api/v1/namespaces/default/services/http:web:metrics/proxy/m')).port).toBe(9090)
    expect(echoOf(await send('GET', '/api/v1/namespaces/default/services/plain/proxy/p')).port).toBe(8080)
  })

  it('answers 503 and 404 with the API server\'s texts', async () => {
    const statusOf = async (path: string) => {
      const answer = await send('GET', path)
      return { code: answer.status, message: JSON.parse(answer.text).message as string }
    }
    expect(await statusOf('/api/v1/namespaces/default/services/empty/proxy/')).toEqual({ code: 503, message: 'no endpoints available for service "empty"' })
    // A multi-port service needs a port: no endpoint port has the empty name.
    expect(await statusOf('/api/v1/namespaces/default/services/web/proxy/')).toEqual({ code: 503, message: 'no endpoints available for service "web"' })
    expect(await statusOf('/api/v1/namespaces/default/services/web:1234/proxy/')).toEqual({ code: 503, message: 'no service port 1234 found for service "web"' })
    expect(await statusOf('/api/v1/namespaces/default/services/nope/proxy/')).toEqual({ code: 404, message: 'endpoints "nope" not found' })
    expect(await statusOf('/api/v1/namespaces/default/services/nope:80/proxy/')).toEqual({ code: 404, message: 'services "nope" not found' })
    expect(await statusOf('/api/v1/namespaces/default/services/ftp:web:80/proxy/')).toEqual({ code: 400, message: 'invalid service request "ftp:web:80"' })
  })
})

describe('through @kubernetes/client-node', () => {
  it('reaches a pod and a service with CoreV1Api connect*ProxyWithPath', async () => {
    const core = clientsFor(emulator).core
    const pod = podsOf('web')[0]!.metadata.name!
    const viaPod = await core.connectGetNamespacedPodProxyWithPath({ name: `${pod}:9090`, namespace: 'default', path: 'metrics' })
    // client-node parses a JSON answer although the method is typed as returning a string.
    const parsed = (answer: unknown): unknown => (typeof answer === 'string' ? JSON.parse(answer) : answer)
    expect(parsed(viaPod)).toMatchObject({ pod, port: 9090, url: '/metrics' })
    const viaService = await core.connectPostNamespacedServiceProxyWithPath({ name: 'web:http', namespace: 'default', path: 'orders' })
    expect(parsed(viaService)).toMatchObject({ port: 8080, method: 'POST', url: '/orders' })
  })
})

describe('stop()', () => {
  it('closes proxied connections, kept-alive and streaming, instead of waiting for them', async () => {
    const own = await startEmulator({ podNetwork: 'loopback' })
    own.store.create(deployment('live', 'live:1', 1, [{ containerPort: 8080 }]))
    own.clock.advance(2_000)
    const pod = own.store.list('Pod', 'default')[0]!
    const upstream = createServer((req, res) => {
      if (req.url === '/forever') return void res.writeHead(200).write('started\n')
      res.end('ok')
    })
    await listen(upstream, ipOf(pod), 8080)
    const agent = new Agent({ keepAlive: true, ca: own.caPem })
    const get = (path: string, onFirstChunk?: () => void): Promise<string> =>
      new Promise((resolve) => {
        const req = request(`${own.url}/api/v1/namespaces/default/pods/${pod.metadata.name}/proxy${path}`, { agent, headers: { Authorization: `Bearer ${own.token}` } }, (res) => {
          let text = ''
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString()
            onFirstChunk?.()
          })
          res.on('end', () => resolve(text))
          res.on('error', () => resolve(`${text}<broken>`))
          res.on('aborted', () => resolve(`${text}<broken>`))
        })
        req.on('error', () => resolve('<broken>'))
        req.end()
      })
    expect(await get('/once')).toBe('ok')
    let streaming!: () => void
    const started = new Promise<void>((resolve) => (streaming = resolve))
    const forever = get('/forever', () => streaming())
    await started

    const begun = Date.now()
    await own.stop()
    expect(Date.now() - begun).toBeLessThan(1_000)
    expect(await forever).toBe('started\n<broken>')
    await new Promise((resolve) => setTimeout(resolve, 50))
    const open = await new Promise<number>((resolve) => upstream.getConnections((_error, count) => resolve(count)))
    expect(open).toBe(0)
    agent.destroy()
  })
})
