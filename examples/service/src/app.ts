/** The service's request handler: `/` (its version), `/healthz`, `/metrics`, and `/admin/faults` (GET/PUT). */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { ErrorPacer, parseFaults, type Faults } from './faults.ts'
import { Metrics } from './metrics.ts'

export interface AppOptions {
  version: string
  faults: Faults
  /** Pod or instance name, echoed in `/` so a caller sees which replica answered. */
  instance?: string
  /** Whether `/admin/faults` may change the faults (off in production images unless set). */
  admin?: boolean
}

export function createApp(options: AppOptions): (request: IncomingMessage, response: ServerResponse) => void {
  const metrics = new Metrics()
  metrics.declare('/', [200, 500])
  const pacer = new ErrorPacer()
  let faults = options.faults

  const send = (response: ServerResponse, code: number, body: unknown, type = 'application/json'): void => {
    response.writeHead(code, { 'content-type': type })
    response.end(typeof body === 'string' ? body : JSON.stringify(body) + '\n')
  }

  return (request, response) => {
    const started = process.hrtime.bigint()
    const path = new URL(request.url ?? '/', 'http://service').pathname
    if (path !== '/metrics') {
      response.on('finish', () => metrics.observe(path, response.statusCode, Number(process.hrtime.bigint() - started) / 1e9))
    }
    if (path === '/metrics') return send(response, 200, metrics.render(options.version), 'text/plain; version=0.0.4')
    if (path === '/healthz') return send(response, 200, { status: 'ok', version: options.version })
    if (path === '/admin/faults') return handleAdmin(request, response)
    if (path !== '/') return send(response, 404, { error: 'not found' })
    setTimeout(() => {
      if (pacer.fails(faults.errorRate)) return send(response, 500, { error: 'injected fault', version: options.version })
      send(response, 200, { service: 'example-service', version: options.version, instance: options.instance ?? '' })
    }, faults.latencyMs)
  }

  function handleAdmin(request: IncomingMessage, response: ServerResponse): void {
    if (request.method === 'GET') return send(response, 200, faults)
    if (request.method !== 'PUT' && request.method !== 'POST') return send(response, 405, { error: 'GET or PUT' })
    if (!options.admin) return send(response, 403, { error: 'the admin endpoint is off (set ADMIN_ENDPOINT=true)' })
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      try {
        faults = parseFaults(JSON.parse(body || '{}') as Record<string, unknown>, faults)
        send(response, 200, faults)
      } catch (error) {
        send(response, 400, { error: (error as Error).message })
      }
    })
  }
}
