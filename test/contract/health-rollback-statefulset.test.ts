/**
 * health-rollback's bundle run as the runner runs it on a StatefulSet of the real local cluster after a bad release
 * (its new pod never becomes Ready): rolled back, the stuck pod deleted, and the job summary saying so.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { podsOf, release } from '../../local/scenarios/health-rollback-workloads.js'
import { startWeb, type Web } from '../../local/scenarios/health-rollback.js'
import { runAction } from '../../local/harness.js'

let web: Web | undefined
afterEach(async () => {
  await web?.close()
  web = undefined
})

describe('dist/health-rollback/index.js on a StatefulSet', () => {
  it('rolls back a release whose pod never becomes Ready, deletes that pod, and says so in the summary', async () => {
    web = await startWeb()
    const [v2, bad] = [web.image('2'), web.image('unready')]
    await release(web, 'StatefulSet', 'db', [web.image('1'), v2, bad])
    const result = await runAction('health-rollback', { inputs: { kubeconfig: web.kubeconfig, kind: 'StatefulSet', deployment: 'db', 'rollout-timeout': '20s' } })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ healthy: 'false', 'rolled-back': 'true', 'from-revision': '3', 'to-revision': '2', 'from-image': bad, 'to-image': v2 })
    expect(result.summary).toMatch(/health-rollback: \S+\/statefulset\/db/)
    expect(result.summary).toMatch(/deleted pod db-1 of the rejected revision 3: it never became Ready, and a StatefulSet waits for such a pod even after its template is rolled back/)
    expect(JSON.parse(readFileSync(result.outputs['report-file']!, 'utf8'))).toMatchObject({ rolledBack: true, toRevision: 2 })
    expect((await podsOf(web, 'db')).map((p) => [p.image, p.ready])).toEqual([
      [v2, true],
      [v2, true]
    ])
  }, 240_000)
})
