import { describe, expect, it } from '@jest/globals'
import { httpRouteAtWeight, istioAtWeight, nginxCanaryIngress, RouterShapeError, trafficSplitAtWeight } from '../../../src/canary-deploy/router-plan.js'

const b = { stableService: 'web', canaryService: 'web-canary', namespace: 'prod' }

describe('router plans', () => {
  const vs = {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'VirtualService',
    metadata: { name: 'web' },
    spec: { hosts: ['web'], http: [{ name: 'api', route: [{ destination: { host: 'web.prod.svc.cluster.local', port: { number: 80 } } }] }] }
  }

  it('istio: stable and canary destinations weighted, keeping the port', () => {
    expect((istioAtWeight(vs, undefined, b, 25).spec as any).http[0].route).toEqual([
      { destination: { host: 'web.prod.svc.cluster.local', port: { number: 80 } }, weight: 75 },
      { destination: { host: 'web-canary', port: { number: 80 } }, weight: 25 }
    ])
    expect((istioAtWeight(istioAtWeight(vs, 'api', b, 25), 'api', b, 0).spec as any).http[0].route).toEqual([{ destination: { host: 'web.prod.svc.cluster.local', port: { number: 80 } }, weight: 100 }])
    expect(() => istioAtWeight(vs, 'missing', b, 5)).toThrow(RouterShapeError)
  })

  it('gateway-api: weighted backendRefs in every rule that sends to the stable Service', () => {
    const route = { metadata: { name: 'web' }, spec: { rules: [{ backendRefs: [{ name: 'web', port: 80 }] }, { backendRefs: [{ name: 'docs', port: 80 }] }] } }
    const at50 = httpRouteAtWeight(route, b, 50).spec as any
    expect(at50.rules[0].backendRefs).toEqual([{ name: 'web', port: 80, weight: 50 }, { name: 'web-canary', port: 80, weight: 50 }])
    expect(at50.rules[1].backendRefs).toEqual([{ name: 'docs', port: 80 }])
    expect((httpRouteAtWeight(httpRouteAtWeight(route, b, 50), b, 0).spec as any).rules[0].backendRefs).toEqual([{ name: 'web', port: 80, weight: 100 }])
    expect(() => httpRouteAtWeight({ metadata: { name: 'x' }, spec: { rules: [] } }, b, 5)).toThrow(/no rule with a backendRef to the Service 'web'/)
  })

  it('gateway-api with a header route: a twin rule per split rule sends requests with the header to the canary, at weight 0 too', () => {
    const route = {
      metadata: { name: 'web' },
      spec: {
        rules: [
          { name: 'api', matches: [{ path: { type: 'PathPrefix', value: '/api' }, headers: [{ name: 'X-Canary', value: 'old' }] }], backendRefs: [{ name: 'web', port: 80 }] },
          { backendRefs: [{ name: 'web', port: 80 }] },
          { backendRefs: [{ name: 'docs', port: 80 }] }
        ]
      }
    }
    const header = { name: 'x-canary', value: 'always' }
    const at0 = httpRouteAtWeight(route, b, 0, header).spec as any
    expect(at0.rules).toHaveLength(5)
    expect(at0.rules[0].backendRefs).toEqual([{ name: 'web', port: 80, weight: 100 }])
    expect(at0.rules[3]).toEqual({
      name: 'api-canary-header',
      // The user's match on the same header (any case) gives way to the canary's.
      matches: [{ path: { type: 'PathPrefix', value: '/api' }, headers: [{ type: 'Exact', name: 'x-canary', value: 'always' }] }],
      backendRefs: [{ name: 'web-canary', port: 80, weight: 1 }]
    })
    // A rule without matches matches every path: its twin says so explicitly.
    expect(at0.rules[4].matches).toEqual([{ path: { type: 'PathPrefix', value: '/' }, headers: [{ type: 'Exact', name: 'x-canary', value: 'always' }] }])
    // Every later weight rewrites the twins rather than adding more; promotion (100) and restore (no header) remove them.
    const at25 = httpRouteAtWeight(httpRouteAtWeight(route, b, 0, header), b, 25, header).spec as any
    expect(at25.rules).toHaveLength(5)
    expect(at25.rules[1].backendRefs).toEqual([{ name: 'web', port: 80, weight: 75 }, { name: 'web-canary', port: 80, weight: 25 }])
    expect((httpRouteAtWeight(httpRouteAtWeight(route, b, 25, header), b, 100, header).spec as any).rules).toHaveLength(3)
    expect(httpRouteAtWeight(httpRouteAtWeight(route, b, 25, header), b, 0).spec).toEqual({ ...route.spec, rules: route.spec.rules.map((r, i) => (i < 2 ? { ...r, backendRefs: [{ name: 'web', port: 80, weight: 100 }] } : r)) })
  })

  it('gateway-api with a header route: more than the 16 rules a route may have is refused', () => {
    const route = { metadata: { name: 'web' }, spec: { rules: Array.from({ length: 9 }, () => ({ backendRefs: [{ name: 'web', port: 80 }] })) } }
    expect(() => httpRouteAtWeight(route, b, 5, { name: 'x-canary', value: 'always' })).toThrow(/would have 18 rules with the header route's, more than the 16/)
  })

  it('smi: a TrafficSplit of the root Service between stable and canary', () => {
    expect(trafficSplitAtWeight('web-split', 'split.smi-spec.io/v1alpha2', b, 5).spec).toEqual({ service: 'web', backends: [{ service: 'web', weight: 95 }, { service: 'web-canary', weight: 5 }] })
  })

  it('nginx: a canary Ingress with the same paths to the canary Service and the weight annotations', () => {
    const ingress = {
      metadata: { name: 'web', annotations: { 'kubernetes.io/ingress.class': 'nginx' } },
      spec: { tls: [{ hosts: ['a'] }], rules: [{ host: 'a.example', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] }
    }
    const canary = nginxCanaryIngress(ingress, 'web-canary', b, 25) as any
    expect(canary.metadata.annotations).toEqual({ 'kubernetes.io/ingress.class': 'nginx', 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-weight': '25' })
    expect(canary.spec.rules[0].http.paths[0].backend.service.name).toBe('web-canary')
    expect(canary.spec.tls).toBeUndefined()
    expect(ingress.spec.rules[0]!.http.paths[0]!.backend.service.name).toBe('web')
  })
})
