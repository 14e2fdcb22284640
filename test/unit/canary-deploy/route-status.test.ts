import { describe, expect, it } from '@jest/globals'
import { describeRefusal, routeVerdict } from '../../../src/canary-deploy/route-status.js'

const parent = { name: 'public', namespace: 'gateway-system' }
const condition = (type: string, status: string, observedGeneration = 3, reason = type, message = '') => ({ type, status, reason, message, observedGeneration })
const route = (parents: unknown[], generation = 3, refs: unknown[] = [parent]) => ({
  metadata: { name: 'web', namespace: 'shop', generation },
  spec: { parentRefs: refs },
  status: { parents }
})
const taken = (ref: object = { group: 'gateway.networking.k8s.io', kind: 'Gateway', ...parent }, generation = 3) => ({
  parentRef: ref,
  controllerName: 'traefik.io/gateway-controller',
  conditions: [condition('Accepted', 'True', generation), condition('ResolvedRefs', 'True', generation)]
})

describe('routeVerdict', () => {
  it('accepted when every parent reports Accepted and ResolvedRefs true for the current generation', () => {
    expect(routeVerdict(route([taken()]))).toEqual({ state: 'accepted', parents: ['Gateway gateway-system/public'] })
  })

  it('pending while a parent has not reported, or reported only on an older generation', () => {
    expect(routeVerdict(route([]))).toEqual({ state: 'pending', waitingFor: ['Gateway gateway-system/public'] })
    expect(routeVerdict(route([taken(undefined, 2)]))).toEqual({ state: 'pending', waitingFor: ['Gateway gateway-system/public'] })
    // A second parent (a listener of the route's own namespace's Gateway) still owes its report.
    const own = { name: 'internal', sectionName: 'http' }
    expect(routeVerdict(route([taken()], 3, [parent, own]))).toEqual({ state: 'pending', waitingFor: ['Gateway shop/internal/http'] })
  })

  it('refused when a parent reports Accepted or ResolvedRefs false for the current generation, with its reason and message', () => {
    const refusal = condition('Accepted', 'False', 3, 'NotAllowedByListeners', 'no listener allows routes from shop')
    const verdict = routeVerdict(route([{ parentRef: parent, conditions: [refusal, condition('ResolvedRefs', 'True')] }]))
    expect(verdict).toEqual({ state: 'refused', parent: 'Gateway gateway-system/public', condition: refusal })
    expect(describeRefusal('web', verdict as never)).toBe('Gateway gateway-system/public does not take HTTPRoute web: Accepted=False (NotAllowedByListeners): no listener allows routes from shop')
    const unresolved = condition('ResolvedRefs', 'False', 3, 'BackendNotFound', 'service "web-canary" not found')
    expect(routeVerdict(route([{ parentRef: parent, conditions: [condition('Accepted', 'True'), unresolved] }]))).toMatchObject({ state: 'refused', condition: unresolved })
    // A stale refusal is no refusal: the Gateway has not judged the new generation yet.
    expect(routeVerdict(route([{ parentRef: parent, conditions: [condition('Accepted', 'False', 2)] }]))).toMatchObject({ state: 'pending' })
  })

  it('a parent that one controller took is served, even if another controller reports it refused', () => {
    const other = { parentRef: parent, controllerName: 'example.com/other', conditions: [condition('Accepted', 'False', 3, 'NoMatchingParent')] }
    expect(routeVerdict(route([other, taken()]))).toMatchObject({ state: 'accepted' })
  })
})
