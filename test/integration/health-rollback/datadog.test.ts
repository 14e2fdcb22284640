/** health-rollback judging a deploy by Datadog metrics: the real local cluster, Datadog's query API recorded with nock. */
import { afterEach, beforeEach, expect, it } from '@jest/globals'
import nock from 'nock'
import { recordedHttpOnly } from '../../support/recorded-http.js'
import { deploy, run, runningImages, startWeb, type Web } from '../../../local/scenarios/health-rollback.js'

const QUERY = 'sum:trace.http.request.errors{kube_deployment:web}.as_count() / sum:trace.http.request.hits{kube_deployment:web}.as_count()'
const KEYS = { 'metrics-provider': 'datadog', 'datadog-api-key': 'dd-api-key-59', 'datadog-app-key': 'dd-app-key-26' }
let web: Web

recordedHttpOnly({ allowLoopback: true })
beforeEach(async () => {
  web = await startWeb()
  await deploy(web, [web.image('1'), web.image('2')])
})
afterEach(async () => {
  await web.close()
})

const datadogAnswers = (value: number) =>
  nock('https://api.datadoghq.com', { reqheaders: { 'DD-API-KEY': KEYS['datadog-api-key'], 'DD-APPLICATION-KEY': KEYS['datadog-app-key'] } })
    .persist()
    .get('/api/v1/query')
    .query((params) => params.query === QUERY)
    .reply(200, { status: 'ok', series: [{ scope: 'kube_deployment:web', tag_set: ['kube_deployment:web'], pointlist: [[Date.now(), value]] }] })

it('keeps a deploy whose Datadog error rate is under the threshold', async () => {
  datadogAnswers(0.001)
  const result = await run(web, { ...KEYS, metrics: `error-rate: ${QUERY} < 0.01` })
  expect(result.healthy).toBe(true)
  expect(result.events.filter((e) => e.kind === 'metric')[0]).toMatchObject({ name: 'error-rate', value: 0.001, outcome: 'pass' })
})

it('rolls back a deploy whose Datadog error rate is above the threshold', async () => {
  datadogAnswers(0.25)
  const result = await run(web, { ...KEYS, metrics: `error-rate: ${QUERY} < 0.01` })
  expect(result.rolledBack).toBe(true)
  expect(result.reason).toMatch(/^metric error-rate = 0\.25, healthy when < 0\.01/)
  expect(await runningImages(web)).toEqual([web.image('1')])
})
