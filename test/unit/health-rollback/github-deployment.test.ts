/**
 * GitHub Deployment statuses, in-process against GitHub's REST API recorded with nock: the whole main step with
 * a failing version rolled back by a rollback-command, and the status client's own rules.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import nock from 'nock'
import { GithubDeploymentStatus } from '../../../src/health-rollback/github-deployment.js'
import { main } from '../../../src/health-rollback/main.js'
import { parseFileCommands } from '../../../local/harness.js'
import { recordedHttpOnly } from '../../support/recorded-http.js'
import { startHealthService, type HealthService } from '../../../local/services/health-service.js'

const API = 'https://api.github.com'
let service: HealthService
const saved = { ...process.env }
recordedHttpOnly({ allowLoopback: true })
beforeAll(async () => {
  service = await startHealthService({ name: 'web' })
})
afterAll(async () => {
  await service.stop()
})
afterEach(() => {
  process.env = { ...saved }
  process.exitCode = undefined
})

function runnerEnv(inputs: Record<string, string>): { output: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'hr-gh-'))
  const output = path.join(dir, 'output')
  for (const file of ['output', 'state', 'summary']) writeFileSync(path.join(dir, file), '')
  Object.assign(process.env, {
    GITHUB_REPOSITORY: 'acme/web',
    GITHUB_RUN_ID: '99',
    GITHUB_SHA: 'abc123',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: API,
    GITHUB_OUTPUT: output,
    GITHUB_STATE: path.join(dir, 'state'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
    RUNNER_TEMP: dir
  })
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value
  return { output }
}

describe('GitHub Deployment statuses', () => {
  it('marks the deployment in_progress, then failure after a rollback-command rolled back', async () => {
    const states: { state: string; description: string; log_url: string }[] = []
    nock(API)
      .post('/repos/acme/web/deployments/42/statuses', (body: { state: string; description: string; log_url: string }) => {
        states.push(body)
        return true
      })
      .times(2)
      .reply(201, { id: 1 })
    await service.set({ healthStatus: 500 })
    const { output } = runnerEnv({
      'health-urls': service.healthUrl,
      probes: '2',
      'probe-interval': '10ms',
      'failure-threshold': '2',
      'rollback-command': `${process.execPath} -e "process.exit(0)"`,
      'github-token': 'ghs_test',
      'deployment-id': '42'
    })
    await expect(main()).rejects.toThrow(/^rolled back from http:\/\/127\.0\.0\.1:\d+\/healthz to the previous version \(rollback-command\) because .*status 500/)
    expect(states.map((s) => s.state)).toEqual(['in_progress', 'failure'])
    expect(states[1]!.log_url).toBe('https://github.com/acme/web/actions/runs/99')
    expect(states[1]!.description).toMatch(/^rolled back from/)
    expect(parseFileCommands(readFileSync(output, 'utf8'))).toMatchObject({ healthy: 'false', 'rolled-back': 'true' })
    await service.set({ healthStatus: 200 })
  })

  it('creates a deployment of the commit for an environment, then sets success', async () => {
    nock(API)
      .post('/repos/acme/web/deployments', { ref: 'abc123', environment: 'production', auto_merge: false, required_contexts: [], description: 'health-rollback' })
      .reply(201, { id: 7 })
    const states: string[] = []
    nock(API)
      .post('/repos/acme/web/deployments/7/statuses', (body: { state: string; environment: string }) => {
        states.push(`${body.state}@${body.environment}`)
        return true
      })
      .times(2)
      .reply(201, { id: 1 })
    runnerEnv({ 'health-urls': service.healthUrl, probes: '1', 'failure-threshold': '1', 'rollback-command': 'true', 'github-token': 'ghs_test', environment: 'production' })
    await main()
    expect(states).toEqual(['in_progress@production', 'success@production'])
  })

  it('turns a refused status update into a warning, never a failure', async () => {
    runnerEnv({})
    nock(API).post('/repos/acme/web/deployments/5/statuses').reply(403, { message: 'Resource not accessible by integration' })
    const warnings: string[] = []
    const status = new GithubDeploymentStatus('ghs_test', { deploymentId: 5, warn: (m) => warnings.push(m) })
    await status.set('failure', 'x')
    expect(warnings).toEqual([expect.stringMatching(/^could not set the GitHub Deployment status to failure: Resource not accessible by integration/)])
  })
})
