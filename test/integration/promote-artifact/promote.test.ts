import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { runAction } from '../../support/harness.js'
import { getManifest, listTags } from '../../support/registry/raw.js'
import { canRun, skopeoInspect, startFixture, writes, type Fixture } from './fixture.js'

const enabled = canRun()
const suite = enabled ? describe : describe.skip
let f: Fixture

beforeAll(async () => {
  if (enabled) f = await startFixture()
}, 60_000)
afterAll(async () => {
  await f?.stop()
})
beforeEach(() => {
  f?.proxyA.reset()
  f?.proxyB.reset()
})

const promote = (inputs: Record<string, string>) => runAction('promote-artifact', { inputs })

suite('promote-artifact against real registries', () => {
  test('same repository: one manifest PUT per tag and not a single blob request', async () => {
    const source = `${f.proxyA.host}/${f.single.repository}:${f.single.tag}`
    const run = await promote({ source, 'expected-digest': f.single.digest, targets: 'v1.0.0\nrelease-2026' })
    expect(run.exitCode).toBe(0)
    expect(f.proxyA.blobRequests()).toEqual([])
    expect(writes(f.proxyA).sort()).toEqual(['PUT /v2/team/app/manifests/release-2026', 'PUT /v2/team/app/manifests/v1.0.0'])
    expect(run.outputs.digest).toBe(f.single.digest)
    expect(JSON.parse(run.outputs.promoted!)).toEqual([`${f.proxyA.host}/team/app:v1.0.0`, `${f.proxyA.host}/team/app:release-2026`])
    expect((await skopeoInspect(`${f.a.host}/team/app:v1.0.0`))?.digest).toBe(f.single.digest)
    expect(run.summary).toContain(f.single.digest)
    expect(run.summary).toContain('manifest PUT only')
    expect(run.summary).toContain('@octocat')
    expect(run.summary).toContain('https://github.com/acme/web/actions/runs/4242')
  })
})
