/** health-rollback judging a deploy by an HTTP JSON API (metrics-provider: web): a real server on 127.0.0.1, `web` on the real local cluster. */
import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals'
import type { IncomingHttpHeaders } from 'node:http'
import { startHttpServer, type LocalServer } from '../../../local/http-server.js'
import { inputsFor, deploy, run, runningImages, startWeb, type Web } from '../../../local/scenarios/health-rollback.js'

let web: Web | undefined
let server: LocalServer
let base: string
let errorRate: unknown
const seen: { url: string; headers: IncomingHttpHeaders }[] = []

beforeAll(async () => {
  server = await startHttpServer((request, response) => {
    seen.push({ url: request.url ?? '', headers: request.headers })
    if (request.headers.authorization !== 'Bearer slo-reader-token') return void response.writeHead(401).end('{"error":"unauthorized"}')
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ service: 'web', data: { errorRate } }))
  })
  base = server.url
})
afterAll(() => server.close())
afterEach(async () => {
  seen.length = 0
  await web?.close()
  web = undefined
})

/** `web` rolled out with version 1 and rolling out version 2. */
async function cluster(): Promise<Web> {
  web = await startWeb()
  await deploy(web, [web.image('1'), web.image('2')])
  return web
}

const inputs = () => ({ 'metrics-provider': 'web', 'web-headers': 'Authorization: Bearer slo-reader-token', metrics: `error-rate: ${base}/api/slo?service=web#$.data.errorRate < 0.01` })

it('keeps a deploy whose error rate, read from the JSON at the fragment path, is under the threshold', async () => {
  errorRate = 0.002
  const result = await run(await cluster(), inputs())
  expect(result.healthy).toBe(true)
  expect(result.events.filter((e) => e.kind === 'metric')[0]).toMatchObject({ name: 'error-rate', value: 0.002, outcome: 'pass' })
  // The fragment stays here; the headers go along.
  expect(seen[0]).toMatchObject({ url: '/api/slo?service=web', headers: { authorization: 'Bearer slo-reader-token' } })
})

it('rolls back a deploy whose error rate is above the threshold', async () => {
  errorRate = '0.2'
  const result = await run(await cluster(), inputs())
  expect(result.rolledBack).toBe(true)
  expect(result.reason).toMatch(/^metric error-rate = 0\.2, healthy when < 0\.01/)
  expect(await runningImages(web!)).toEqual([web!.image('1')])
})

it('says what the API answered when it refuses', async () => {
  const result = await run(await cluster(), { ...inputs(), 'web-headers': 'Authorization: Bearer wrong', rollback: 'false' })
  expect(result.healthy).toBe(false)
  expect(result.reason).toContain(`${base}/api/slo?service=web answered HTTP 401: {"error":"unauthorized"}`)
})

it('refuses a query that is not a URL before anything runs', () => {
  expect(() => inputsFor({ deployment: 'web', 'metrics-provider': 'web', metrics: 'error-rate: sum(rate(x[1m])) < 0.01' })).toThrow(
    "Input 'metrics': got 'error-rate'; expected a URL with the JSONPath of the value after '#' (metrics-provider is web): 'sum(rate(x[1m]))' is not a URL."
  )
})
