import { describe, expect, it } from '@jest/globals'
import { newestServed, ROUTER_KINDS } from '../../../src/canary-deploy/cluster.js'

describe('router versions', () => {
  it('uses the newest version the cluster serves of those whose spec the action writes', () => {
    expect(newestServed(ROUTER_KINDS.istio.versions, ['v1alpha3', 'v1beta1', 'v1'])).toBe('v1')
    expect(newestServed(ROUTER_KINDS.istio.versions, ['v1alpha3', 'v1beta1'])).toBe('v1beta1')
    expect(newestServed(ROUTER_KINDS.istio.versions, ['v1alpha3'])).toBe('v1alpha3')
    expect(newestServed(ROUTER_KINDS['gateway-api'].versions, ['v1beta1'])).toBe('v1beta1')
  })

  it('none when the cluster serves no version it knows (or not the group at all)', () => {
    expect(newestServed(ROUTER_KINDS['gateway-api'].versions, ['v1alpha2'])).toBeUndefined()
    expect(newestServed(ROUTER_KINDS.istio.versions, [])).toBeUndefined()
  })
})
