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
