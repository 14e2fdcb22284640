import { describe, expect, it } from '@jest/globals'
import type * as k8s from '@kubernetes/client-node'
import { decideRollback, recordBaseline, type Baseline } from '../../../src/health-rollback/rollback-decision.js'

const uid = 'd-uid'
const template = (image: string, hash?: string): k8s.V1PodTemplateSpec => ({
  metadata: { labels: { app: 'web', ...(hash ? { 'pod-template-hash': hash } : {}) } },
  spec: { containers: [{ name: 'app', image }] }
})
function deployment(image: string, revision: number, extra: Partial<k8s.V1DeploymentSpec> = {}, status: k8s.V1DeploymentStatus = {}): k8s.V1Deployment {
  return {
    metadata: { name: 'web', uid, generation: 2, annotations: { 'deployment.kubernetes.io/revision': String(revision) } },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: template(image), ...extra },
    status: { observedGeneration: 2, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2, ...status }
  }
}
const rs = (image: string, revision: number, hash: string): k8s.V1ReplicaSet => ({
  metadata: { name: `web-${hash}`, uid: `rs-${hash}`, creationTimestamp: new Date(revision * 1000), annotations: { 'deployment.kubernetes.io/revision': String(revision) }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid, controller: true }] },
  spec: { selector: { matchLabels: { app: 'web' } }, template: template(image, hash) }
})
describe('recordBaseline', () => {
  const history = [rs('web:1', 1, 'a'), rs('web:2', 2, 'b'), rs('web:3', 3, 'c')]
  it('takes the revision before the current one, or the one named', () => {
    expect(recordBaseline(deployment('web:3', 3), history)).toEqual({ ok: true, knownGood: { revision: 2, images: ['web:2'], fromRevision: 3, fromImages: ['web:3'] } })
    expect(recordBaseline(deployment('web:3', 3), history, 1)).toMatchObject({ ok: true, knownGood: { revision: 1, images: ['web:1'] } })
  })

  it('never takes the version an earlier run rolled back from as known-good, unless to-revision names it', () => {
    const marked = deployment('web:3', 3)
    marked.metadata!.annotations!['health-rollback.pipeline-actions.dev/rejected-template'] = 'b'
    expect(recordBaseline(marked, history)).toMatchObject({ ok: false, why: expect.stringContaining('revision 2 (web:2) is the version an earlier health-rollback rolled back from') })
    marked.metadata!.annotations!['health-rollback.pipeline-actions.dev/rejected-template'] = 'c'
    expect(recordBaseline(marked, history)).toMatchObject({ ok: true, knownGood: { revision: 2 } })
    marked.metadata!.annotations!['health-rollback.pipeline-actions.dev/rejected-template'] = 'b'
    expect(recordBaseline(marked, history, 2)).toMatchObject({ ok: true, knownGood: { revision: 2 } })
  })

  it('is not prevented by a pause (the rollback resumes first)', () => {
    expect(recordBaseline(deployment('web:3', 3, { paused: true }), history)).toMatchObject({ ok: true, knownGood: { revision: 2 } })
  })

  it('has no known-good revision with revisionHistoryLimit 0, on a first rollout, or for a missing revision', () => {
    expect(recordBaseline(deployment('web:3', 3, { revisionHistoryLimit: 0 }), history)).toMatchObject({ ok: false, why: expect.stringContaining('revisionHistoryLimit 0'), fromRevision: 3 })
    expect(recordBaseline(deployment('web:1', 1), [history[0]!])).toMatchObject({ ok: false, why: expect.stringContaining('no earlier revision') })
    expect(recordBaseline(deployment('web:3', 3), history, 9)).toMatchObject({ ok: false, why: 'unable to find specified revision 9 in history' })
  })
})

describe('decideRollback', () => {
  const good: Baseline = { ok: true, knownGood: { revision: 2, images: ['web:2'], fromRevision: 3, fromImages: ['web:3'] } }
  const facts = { unhealthy: true, enabled: true, alreadyRolledBack: false, baseline: good, paused: false }
  it('undoes to the known-good revision, resuming a paused Deployment first', () => {
    expect(decideRollback(facts)).toEqual({ action: 'undo', toRevision: 2, images: ['web:2'], resumeFirst: false })
    expect(decideRollback({ ...facts, paused: true })).toMatchObject({ action: 'undo', resumeFirst: true })
  })

  it('never rolls back twice, without a known-good revision, when off, or for a foreign change', () => {
    expect(decideRollback({ ...facts, unhealthy: false })).toMatchObject({ action: 'none' })
    expect(decideRollback({ ...facts, enabled: false })).toMatchObject({ action: 'none', why: expect.stringContaining("'rollback: false'") })
    expect(decideRollback({ ...facts, alreadyRolledBack: true })).toMatchObject({ action: 'refuse', why: expect.stringContaining('at most one per run') })
    expect(decideRollback({ ...facts, baseline: { ok: false, why: 'no history', fromImages: [] } })).toEqual({ action: 'refuse', why: 'no history' })
    expect(decideRollback({ ...facts, foreignChange: 'runs web:9' })).toEqual({ action: 'refuse', why: 'runs web:9' })
  })

  it('runs the rollback-command when one is given', () => {
    expect(decideRollback({ ...facts, command: ['helm', 'rollback', 'web'] })).toEqual({ action: 'command', argv: ['helm', 'rollback', 'web'] })
  })
})
