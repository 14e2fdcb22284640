import { describe, expect, it } from '@jest/globals'
import { sizeWithAutoscaler } from '../../../src/canary-deploy/autoscaler.js'

describe('sizeWithAutoscaler', () => {
  it('refuses the replicas split under an HPA and sizes router canaries from its current replicas', () => {
    expect(sizeWithAutoscaler(undefined, 'replicas', 4)).toEqual({ ok: true, total: 4 })
    expect(sizeWithAutoscaler({ name: 'web' }, 'replicas', 4)).toMatchObject({ ok: false, problem: expect.stringMatching(/^Input 'traffic': .*HorizontalPodAutoscaler 'web'/) })
    expect(sizeWithAutoscaler({ name: 'web', currentReplicas: 9, minReplicas: 2 }, 'istio', 4)).toEqual({ ok: true, total: 9 })
    expect(sizeWithAutoscaler({ name: 'web', minReplicas: 2 }, 'nginx', 4)).toEqual({ ok: true, total: 2 })
  })
})
