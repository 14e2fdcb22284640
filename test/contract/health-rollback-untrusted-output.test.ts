/**
 * health-rollback's bundle against a real local HTTP service whose health answer tries to forge workflow commands
 * (`::error::`, `::warning::`, `::add-mask::` on lines of their own): what comes from outside is logged as text, and
 * the runner (here its harness) sees no annotation the action did not make. Also: a body-match that backtracks
 * catastrophically on the body fails the probe instead of hanging the step.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startHttpServer, type LocalServer } from '../../local/http-server.js'
import { runAction } from '../../local/harness.js'

const FORGED = '{"status":"DOWN"}\n::error::forged by the health endpoint\n  ::warning title=x::forged too\n##[error]forged the old way\n::add-mask::status'
let service: LocalServer

beforeAll(async () => {
  service = await startHttpServer((req, res) => {
    if (req.url === '/slow-to-judge') return void res.writeHead(200, { 'content-type': 'text/plain' }).end(`${'a'.repeat(64)}!`)
    res.writeHead(503, { 'content-type': 'text/plain' }).end(FORGED)
  })
})
afterAll(() => service.close())

const fast = { probes: '2', 'probe-interval': '1s', 'failure-threshold': '2', 'rollback-command': 'true' }

describe('health-rollback and what a health endpoint answers', () => {
  it('logs a body with workflow commands in it as text: no forged annotation, mask or old-style command', async () => {
    const result = await runAction('health-rollback', { inputs: { 'health-urls': `${service.url}/healthz`, 'body-match': '"status":"UP"', ...fast } })
    expect(result.stdout).toContain('forged by the health endpoint')
    expect(result.annotations.map((a) => a.message).filter((m) => m.startsWith('forged'))).toEqual([])
    expect(result.masks).not.toContain('status')
    // As the runner reads commands: after leading white space (the harness's annotations do not trim it).
    expect(result.stdout.split('\n').filter((line) => /^\s*(?:::[a-z-]+(?: [^:]*)?::forged|##\[error\]forged)/.test(line))).toEqual([])
  })

  it('fails a probe whose body-match backtracks catastrophically on the body, instead of hanging', async () => {
    const result = await runAction('health-rollback', { inputs: { 'health-urls': `${service.url}/slow-to-judge`, 'body-match': '^(a+)+$', ...fast } })
    expect(result.stdout).toContain('body-match /^(a+)+$/ did not finish on this body within 200 ms')
    expect(result.outputs.healthy).toBe('false')
  }, 120_000)
})
