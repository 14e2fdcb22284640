/**
 * Terminating pods on the real local cluster: a pod being deleted keeps answering through its preStop hook (here a
 * 12 s sleep within a 60 s grace period) and stays Ready meanwhile. health-rollback's restore ends when the last pod
 * of the faulty version has stopped answering, not when the Deployment's status counts the restored pods.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { KubeClient } from '../../../src/lib/kube/index.js'
import { webDeployment } from '../../../local/kube/manifests.js'
import { podUrls, run, startWeb, templateImage, waitRolledOut, type Web } from '../../../local/scenarios/health-rollback.js'

let web: Web | undefined
afterEach(async () => {
  await web?.close()
  web = undefined
})

const ALL_AT_ONCE = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '100%', maxUnavailable: 0 } }

/** Asks each URL for `/` every 100 ms until stopped; `last` is when an answer of the faulty version last came. */
function watchAnswers(urls: string[], faulty: RegExp): { stop(): Promise<void>; last(): number; count(): number } {
  let stopped = false
  let last = 0
  let count = 0
  const loop = (async () => {
    while (!stopped) {
      await Promise.all(
        urls.map(async (url) => {
          try {
            const response = await fetch(url, { signal: AbortSignal.timeout(500) })
            if (faulty.test(await response.text())) {
              last = Date.now()
              count++
            }
          } catch {
            // Not answering (any more).
          }
        })
      )
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  })()
  return {
    stop: async () => {
      stopped = true
      await loop
    },
    last: () => last,
    count: () => count
  }
}

describe('terminating pods', () => {
  it('the restore ends when the last pod of the faulty version stops answering (its preStop sleep), not when the restored pods are counted', async () => {
    web = await startWeb()
    const [v1, bad] = [web.image('1'), web.image('bad')]
    await web.kube.create(webDeployment(v1, { spec: { strategy: ALL_AT_ONCE } }))
    await waitRolledOut(web)
    // The faulty version: its pods answer 500 on / and, once deleted, keep answering for 12 s (preStop sleep).
    const client = new KubeClient(web.kube.kc, { log: () => {} })
    const lifecycle = { preStop: { sleep: { seconds: 12 } } }
    await client.patchDeployment(web.kube.namespace, 'web', { spec: { template: { spec: { terminationGracePeriodSeconds: 60, containers: [{ name: 'app', image: bad, lifecycle }] } } } }, 'strategic')
    await waitRolledOut(web)
    const urls = await podUrls(web, '/')
    expect(urls).toHaveLength(2)
    const answers = watchAnswers(urls, /^error bad/)
    let result
    try {
      result = await run(web, { 'health-urls': urls[0]!, probes: '10' })
    } finally {
      await answers.stop()
    }
    expect(result.rolledBack).toBe(true)
    expect(await templateImage(web)).toBe(v1)
    expect(answers.count()).toBeGreaterThan(0)
    // Restored only after the faulty version's last answer (its pods answered through their preStop sleep).
    expect(result.marks.restoredAt).toBeGreaterThanOrEqual(answers.last())
    const restored = result.events.find((e) => e.kind === 'rollback' && e.step === 'restored')
    expect(restored).toMatchObject({ message: expect.stringMatching(/runs .* on 2 ready pods; the last pod of the replaced version stopped serving \d+(\.\d)?s after the rollback request$/) })
    // The undo names the action as the field manager of what it wrote.
    const managed = (await web.kube.deployment('web'))!.metadata!.managedFields!.filter((m) => m.manager === 'pipeline-actions/health-rollback')
    expect(JSON.stringify(managed.map((m) => m.fieldsV1))).toContain('f:image')
    // Meanwhile the timeline said which pods were still serving while they terminated.
    expect(result.events.some((e) => e.kind === 'rollout' && e.phase === 'rollback' && /of the replaced version still serving: web-.* \(terminating\)/.test(e.message))).toBe(true)
  }, 180_000)
})
