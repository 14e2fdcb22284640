/**
 * The proxy's mechanics against a plain HTTPS peer of our own (an echo server, not a Kubernetes): TLS and
 * credential handling, streaming both ways, watch cutting, and the faults' wire format. What a real API server
 * makes of it all is in test/local/kube-fault-proxy.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import { createServer, request, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Duplex } from 'node:stream'
import type { TLSSocket } from 'node:tls'
import { KubeConfig } from '@kubernetes/client-node'
import { parse, stringify } from 'yaml'
import { startFaultProxy, type FaultProxy } from '../../local/kube-fault-proxy/index.js'

let dir: string
let upstream: Server
let proxy: FaultProxy
const watchers = new Set<ServerResponse>()
const bodyChunks: string[] = []

/** A cluster-like directory: pki/ (CA, serving cert for 127.0.0.1, admin client cert) and kubeconfig/admin.kubeconfig. */
function makeCluster(server: string): void {
  const pki = path.join(dir, 'pki')
  mkdirSync(pki, { recursive: true })
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: pki, stdio: ['ignore', 'ignore', 'pipe'] })
  openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key')
  openssl('req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=test-ca', '-days', '1', '-out', 'ca.crt', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign')
  const issue = (name: string, subject: string, extensions: string) => {
    writeFileSync(path.join(pki, `${name}.ext`), extensions)
    openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`)
    openssl('req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`)
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-extfile', `${name}.ext`, '-out', `${name}.crt`)
  }
  issue('apiserver', '/CN=kube-apiserver', 'extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1\n')
  issue('admin', '/O=system:masters/CN=kubernetes-admin', 'extendedKeyUsage=clientAuth\n')
  const b64 = (name: string) => readFileSync(path.join(pki, name)).toString('base64')
  mkdirSync(path.join(dir, 'kubeconfig'))
  writeFileSync(
    path.join(dir, 'kubeconfig', 'admin.kubeconfig'),
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server, 'certificate-authority-data': b64('ca.crt') } }],
      users: [{ name: 'admin', user: { 'client-certificate-data': b64('admin.crt'), 'client-key-data': b64('admin.key') } }],
      contexts: [{ name: 'c', context: { cluster: 'c', user: 'admin', namespace: 'team' } }],
      'current-context': 'c'
    })
  )
}

interface Echo {
  method: string
  url: string
  headers: IncomingHttpHeaders
  clientCN: string | null
  body: string
}

/** The upstream peer: echoes requests; `/watch` streams lines the test writes; `/upload` reports body chunks. */
function serve(req: IncomingMessage, res: ServerResponse): void {
  const peer = (req.socket as TLSSocket).getPeerCertificate()
  if (req.url?.startsWith('/watch')) {
    res.writeHead(200, { 'Content-Type': 'application/json' })
    res.flushHeaders()
    watchers.add(res)
    res.on('close', () => watchers.delete(res))
    return
  }
  const chunks: Buffer[] = []
  req.on('data', (chunk: Buffer) => {
    chunks.push(chunk)
    bodyChunks.push(chunk.toString())
  })
  req.on('end', () => {
    const echo: Echo = { method: req.method!, url: req.url!, headers: req.headers, clientCN: [peer?.subject?.CN ?? []].flat()[0] ?? null, body: Buffer.concat(chunks).toString() }
    res.writeHead(200, { 'Content-Type': 'application/json', 'X-Upstream': 'yes' })
    res.end(JSON.stringify(echo))
  })
}

interface Answer {
  status: number
  headers: IncomingHttpHeaders
  text: string
}

/** A client as a kubeconfig makes one: the CA and credentials from the proxy's kubeconfig, TLS verified. */
function client(kubeconfig: string) {
  const kc = new KubeConfig()
  kc.loadFromString(kubeconfig)
  const cluster = kc.getCurrentCluster()!
  const user = kc.getCurrentUser()!
  const tls = {
    ca: Buffer.from(cluster.caData!, 'base64'),
    ...(user.certData && { cert: Buffer.from(user.certData, 'base64'), key: Buffer.from(user.keyData!, 'base64') })
  }
  const auth = user.token ? { authorization: `Bearer ${user.token}` } : {}
  const open = (method: string, target: string, headers: Record<string, string> = {}) =>
    request(new URL(target, cluster.server), { method, ...tls, headers: { ...auth, ...headers }, agent: false })
  const call = (method: string, target: string, body?: string, headers: Record<string, string> = {}) =>
    new Promise<Answer>((resolve, reject) => {
      const req = open(method, target, headers)
      req.on('error', reject)
      req.on('response', (res) => {
        let text = ''
        res.on('data', (chunk: Buffer) => (text += chunk.toString()))
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }))
      })
      req.end(body)
    })
  return { open, call }
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10))
  if (!check()) throw new Error(`timed out waiting for ${what}`)
}

/** Opens a watch through the proxy; collects its lines and how it ended. */
function openWatch(target = '/watch?watch=true') {
  const lines: string[] = []
  let ended: 'end' | 'error' | undefined
  const req = client(proxy.kubeconfig).open('GET', target)
  req.on('response', (res) => {
    let pending = ''
    res.on('data', (chunk: Buffer) => {
      pending += chunk.toString()
      const parts = pending.split('\n')
      pending = parts.pop()!
      lines.push(...parts)
    })
    res.on('end', () => (ended ??= 'end'))
    res.on('error', () => (ended = 'error'))
    res.on('aborted', () => (ended = 'error'))
  })
  req.on('error', () => (ended = 'error'))
  req.end()
  return { lines, ended: () => ended, req }
}

const emit = (type: string, name: string) => {
  for (const res of watchers) res.write(JSON.stringify({ type, object: { metadata: { name } } }) + '\n')
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'kube-fault-proxy-'))
  upstream = createServer({ requestCert: true, rejectUnauthorized: false }, serve)
  // Protocol switches (exec, port-forward): echo the bytes back, after reporting who asked.
  upstream.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    const cn = [(req.socket as TLSSocket).getPeerCertificate()?.subject?.CN ?? []].flat()[0] ?? 'none'
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: ${req.headers.upgrade}\r\nConnection: Upgrade\r\nX-Client: ${cn}\r\n\r\n`)
    socket.pipe(socket)
  })
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve))
  makeCluster(`https://127.0.0.1:${(upstream.address() as AddressInfo).port}`)
  const pki = path.join(dir, 'pki')
  upstream.setSecureContext({ cert: readFileSync(path.join(pki, 'apiserver.crt')), key: readFileSync(path.join(pki, 'apiserver.key')), ca: readFileSync(path.join(pki, 'ca.crt')) })
  proxy = await startFaultProxy({ upstream: path.join(dir, 'kubeconfig', 'admin.kubeconfig') })
})

afterAll(async () => {
  await proxy?.stop()
  upstream?.closeAllConnections()
  await new Promise((resolve) => upstream?.close(resolve))
  rmSync(dir, { recursive: true, force: true })
})

describe('kube-fault-proxy forwarding', () => {
  it('hands out a kubeconfig for itself: the cluster CA verifies it, the user and namespace are the upstream ones', () => {
    const config = parse(proxy.kubeconfig) as { clusters: { cluster: Record<string, unknown> }[]; users: { user: Record<string, unknown> }[]; contexts: { context: { namespace?: string } }[] }
    expect(config.clusters[0]!.cluster.server).toBe(proxy.url)
    expect(config.clusters[0]!.cluster['insecure-skip-tls-verify']).toBeUndefined()
    expect(Buffer.from(config.clusters[0]!.cluster['certificate-authority-data'] as string, 'base64').toString()).toBe(readFileSync(path.join(dir, 'pki', 'ca.crt'), 'utf8'))
    expect(Object.keys(config.users[0]!.user).sort()).toEqual(['client-certificate-data', 'client-key-data'])
    expect(config.contexts[0]!.context.namespace).toBe('team')
  })

  it('forwards method, path, query, headers and body, with the kubeconfig client certificate', async () => {
    const answer = await client(proxy.kubeconfig).call('PATCH', '/apis/apps/v1/x?fieldManager=me&dryRun=All', '{"spec":{}}', {
      'content-type': 'application/strategic-merge-patch+json',
      'x-custom': 'kept'
    })
    expect(answer.status).toBe(200)
    expect(answer.headers['x-upstream']).toBe('yes')
    const echo = JSON.parse(answer.text) as Echo
    expect(echo).toMatchObject({ method: 'PATCH', url: '/apis/apps/v1/x?fieldManager=me&dryRun=All', clientCN: 'kubernetes-admin', body: '{"spec":{}}' })
    expect(echo.headers).toMatchObject({ 'content-type': 'application/strategic-merge-patch+json', 'x-custom': 'kept', host: new URL(parse(readFileSync(path.join(dir, 'kubeconfig', 'admin.kubeconfig'), 'utf8')).clusters[0].cluster.server).host })
    expect(echo.headers.authorization).toBeUndefined()
    expect(proxy.requests.at(-1)).toMatchObject({ method: 'PATCH', path: '/apis/apps/v1/x', query: { fieldManager: 'me', dryRun: 'All' }, status: 200, contentType: 'application/strategic-merge-patch+json', watch: false })
  })

  it("keeps a caller's own Authorization and then presents no client certificate", async () => {
    const answer = await client(proxy.kubeconfigForToken('caller-token')).call('GET', '/api/v1/pods')
    const echo = JSON.parse(answer.text) as Echo
    expect(echo.headers.authorization).toBe('Bearer caller-token')
    expect(echo.clientCN).toBeNull()
  })

  it('streams a request body upstream as it arrives', async () => {
    bodyChunks.length = 0
    const req = client(proxy.kubeconfig).open('POST', '/upload', { 'content-type': 'application/json' })
    const answered = new Promise<string>((resolve) => req.on('response', (res) => {
      let text = ''
      res.on('data', (chunk: Buffer) => (text += chunk.toString()))
      res.on('end', () => resolve(text))
    }))
    req.write('{"first":')
    await until(() => bodyChunks.join('') === '{"first":', 'the first chunk upstream')
    req.end('1}')
    expect((JSON.parse(await answered) as Echo).body).toBe('{"first":1}')
  })

  it('streams watch events as they come, and drops watches on demand', async () => {
    const watch = openWatch()
    await until(() => proxy.watches.size === 1 && watchers.size === 1, 'the watch to open')
    expect(proxy.requests.at(-1)).toMatchObject({ path: '/watch', watch: true, status: 200 })
    emit('ADDED', 'a')
    await until(() => watch.lines.length === 1, 'the first event')
    emit('MODIFIED', 'a')
    await until(() => watch.lines.length === 2, 'the second event')
    expect([...proxy.watches][0]!.events).toBe(2)
    expect(proxy.dropWatches()).toBe(1)
    await until(() => watch.ended() !== undefined, 'the watch to end')
    expect(watch.ended()).toBe('end')
    await until(() => watchers.size === 0, 'the upstream watch to be closed')
    expect(proxy.watches.size).toBe(0)

    const abrupt = openWatch()
    await until(() => proxy.watches.size === 1, 'the watch to open')
    expect(proxy.dropWatches({ abrupt: true })).toBe(1)
    await until(() => abrupt.ended() !== undefined, 'the watch to break')
    expect(abrupt.ended()).toBe('error')
  })

  it('cuts a watch after N events, BOOKMARKs not counted', async () => {
    const rule = proxy.faults.dropWatch('/watch', { afterEvents: 2, times: 1 })
    const watch = openWatch()
    await until(() => watchers.size === 1, 'the watch to open')
    emit('ADDED', 'a')
    emit('BOOKMARK', '')
    emit('MODIFIED', 'a')
    emit('DELETED', 'a')
    await until(() => watch.ended() !== undefined, 'the watch to be cut')
    expect(watch.ended()).toBe('end')
    expect(watch.lines.map((line) => (JSON.parse(line) as { type: string }).type)).toEqual(['ADDED', 'BOOKMARK', 'MODIFIED'])
    expect(rule.hits).toBe(1)
    expect(proxy.requests.at(-1)).toMatchObject({ watch: true, fault: 'drop-watch' })

    proxy.faults.dropWatch('/watch', { abrupt: true, times: 1 })
    const cut = openWatch()
    await until(() => cut.ended() !== undefined, 'the watch to be cut at once')
    expect(cut.ended()).toBe('error')
    expect(cut.lines).toEqual([])
  })

  it('splices protocol switches (exec, port-forward) and applies Status faults before them', async () => {
    const upgrade = () =>
      new Promise<{ status: number; headers: IncomingHttpHeaders; echo?: string }>((resolve, reject) => {
        const req = client(proxy.kubeconfig).open('GET', '/api/v1/namespaces/ns/pods/web/exec?command=sh', { connection: 'Upgrade', upgrade: 'v5.channel.k8s.io' })
        req.on('error', reject)
        req.on('upgrade', (res, socket) => {
          socket.once('data', (chunk: Buffer) => {
            socket.destroy()
            resolve({ status: res.statusCode!, headers: res.headers, echo: chunk.toString() })
          })
          socket.write('ping')
        })
        req.on('response', (res) => {
          res.resume()
          resolve({ status: res.statusCode!, headers: res.headers })
        })
        req.end()
      })
    expect(await upgrade()).toMatchObject({ status: 101, headers: { upgrade: 'v5.channel.k8s.io', 'x-client': 'kubernetes-admin' }, echo: 'ping' })
    proxy.faults.forbidden('/api/v1/namespaces/*/pods/*/exec', { user: 'dev', times: 1 })
    expect(await upgrade()).toMatchObject({ status: 403 })
    expect(proxy.requests.at(-1)).toMatchObject({ fault: 'forbidden', status: 403 })
  })

  it('answers 503 with a Status when the API server cannot be reached', async () => {
    const kc = new KubeConfig()
    kc.loadFromFile(path.join(dir, 'kubeconfig', 'admin.kubeconfig'))
    const unreachable = new KubeConfig()
    unreachable.loadFromOptions({ ...kc, clusters: [{ ...kc.getCurrentCluster()!, server: 'https://127.0.0.1:1' }], currentContext: kc.getCurrentContext() })
    const lonely = await startFaultProxy({ upstream: unreachable, pkiDir: path.join(dir, 'pki') })
    try {
      const answer = await client(lonely.kubeconfig).call('GET', '/api/v1/pods')
      expect(answer.status).toBe(503)
      expect(JSON.parse(answer.text)).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'ServiceUnavailable', code: 503 })
    } finally {
      await lonely.stop()
    }
  })
})

describe('kube-fault-proxy faults', () => {
  const status = (answer: Answer) => JSON.parse(answer.text) as Record<string, unknown>

  it('answers an error for `times` requests, then forwards again', async () => {
    const rule = proxy.faults.error('/api/v1/namespaces/*/pods', 503, { times: 2 })
    const api = client(proxy.kubeconfig)
    const codes = []
    for (let i = 0; i < 3; i++) codes.push((await api.call('GET', '/api/v1/namespaces/ns/pods')).status)
    expect(codes).toEqual([503, 503, 200])
    expect(rule.hits).toBe(2)
    expect(proxy.requests.slice(-3).map((r) => r.fault)).toEqual(['error', 'error', undefined])
    expect(status(await (proxy.faults.error('/x', 500, { times: 1 }), api.call('GET', '/x')))).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'an error on the server ("injected fault") has prevented the request from succeeding',
      reason: 'InternalError',
      code: 500
    })
  })

  it('throttles with Retry-After: a Status by default, the APF filter text on request', async () => {
    proxy.faults.throttle('/api/**', 3, { times: 1 })
    const api = client(proxy.kubeconfig)
    const first = await api.call('GET', '/api/v1/pods')
    expect(first.status).toBe(429)
    expect(first.headers['retry-after']).toBe('3')
    expect(status(first)).toMatchObject({ reason: 'TooManyRequests', message: 'storage is (re)initializing', details: { retryAfterSeconds: 3 }, code: 429 })
    proxy.faults.throttle('/api/**', 1, { times: 1, as: 'priority-and-fairness' })
    const second = await api.call('GET', '/api/v1/pods')
    expect([second.status, second.headers['retry-after'], second.headers['content-type'], second.text]).toEqual([429, '1', 'text/plain; charset=utf-8', 'Too many requests, please try again later.\n'])
  })

  it('answers conflicts on writes only, naming the object (from the body on create)', async () => {
    proxy.faults.conflict('/apis/apps/v1/namespaces/ns/deployments/**', { times: 2 })
    const api = client(proxy.kubeconfig)
    expect((await api.call('GET', '/apis/apps/v1/namespaces/ns/deployments/web')).status).toBe(200)
    const put = await api.call('PUT', '/apis/apps/v1/namespaces/ns/deployments/web', '{}')
    expect(status(put)).toMatchObject({ reason: 'Conflict', details: { name: 'web', group: 'apps', kind: 'deployments' }, code: 409 })
    proxy.faults.conflict('/apis/apps/v1/namespaces/ns/deployments', { times: 1 })
    const post = await api.call('POST', '/apis/apps/v1/namespaces/ns/deployments', '{"metadata":{"name":"api"}}')
    expect(status(post)).toMatchObject({ message: expect.stringContaining('deployments.apps "api"'), code: 409 })
  })

  it('answers 403 in the words of RBAC for the given user', async () => {
    proxy.faults.forbidden('/api/v1/namespaces/ns/secrets', { user: 'system:serviceaccount:ns:ci', times: 1 })
    const answer = await client(proxy.kubeconfig).call('GET', '/api/v1/namespaces/ns/secrets?watch=true')
    expect(answer.status).toBe(403)
    expect(status(answer)).toMatchObject({
      message: 'secrets is forbidden: User "system:serviceaccount:ns:ci" cannot watch resource "secrets" in API group "" in the namespace "ns"',
      details: { kind: 'secrets' }
    })
  })

  it('answers a watch with a 410 Expired ERROR event', async () => {
    proxy.faults.gone('/watch', { times: 1 })
    const watch = openWatch('/watch?watch=true&resourceVersion=41')
    await until(() => watch.ended() !== undefined, 'the watch to end')
    expect(watch.lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      { type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'too old resource version: 41 (42)', reason: 'Expired', code: 410 } }
    ])
    expect(watch.ended()).toBe('end')
  })

  it('delays matching requests', async () => {
    proxy.faults.latency('/slow', 300, { times: 1 })
    const started = Date.now()
    expect((await client(proxy.kubeconfig).call('GET', '/slow')).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    expect(proxy.requests.at(-1)!.fault).toBe('latency')
  })

  it('loses the answer of a request the upstream received: forwarded with its body, then the connection dropped', async () => {
    proxy.faults.loseResponse('/apis/apps/v1/namespaces/ns/deployments', { method: 'POST', times: 1 })
    const api = client(proxy.kubeconfig)
    await expect(api.call('POST', '/apis/apps/v1/namespaces/ns/deployments', '{"metadata":{"name":"lost"}}')).rejects.toThrow(/socket hang up|ECONNRESET/)
    // The upstream got it and answered (200 here); the caller never saw that answer.
    expect(proxy.requests.at(-1)).toMatchObject({ method: 'POST', fault: 'lose-response', status: 200 })
    expect(bodyChunks.join('')).toContain('"name":"lost"')
    expect((await api.call('POST', '/apis/apps/v1/namespaces/ns/deployments', '{}')).status).toBe(200)
  })

  it('stalls matching requests: nothing is forwarded and no answer comes until the caller gives up', async () => {
    proxy.faults.stall('/stalled', { times: 1 })
    const req = client(proxy.kubeconfig).open('GET', '/stalled')
    let answered = false
    req.on('response', () => (answered = true))
    req.on('error', () => {})
    req.end()
    await until(() => proxy.requests.at(-1)?.path === '/stalled', 'the request to reach the proxy')
    // The echo upstream answers at once: an answer by now would mean the request was forwarded.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(answered).toBe(false)
    expect(proxy.requests.at(-1)).toMatchObject({ fault: 'stall' })
    expect(proxy.requests.at(-1)!.status).toBeUndefined()
    req.destroy()
    expect((await client(proxy.kubeconfig).call('GET', '/stalled')).status).toBe(200)
  })
})
