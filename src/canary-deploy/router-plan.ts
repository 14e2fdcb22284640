/**
 * The router methods: what each router resource looks like at a given canary weight. The canary gets its own
 * Service (`<service>-canary`); these functions only rewrite the router's routing to split between the two. Pure:
 * they take the object as read and return the object to write.
 */
import type { CustomObject } from '../lib/kube/index.js'

export const ROUTER_METHODS = ['istio', 'gateway-api', 'smi', 'nginx'] as const
export type RouterMethod = (typeof ROUTER_METHODS)[number]
export const TRAFFIC_METHODS = ['replicas', ...ROUTER_METHODS] as const
export type TrafficMethod = (typeof TRAFFIC_METHODS)[number]

export interface Backends {
  stableService: string
  canaryService: string
  namespace: string
}

export class RouterShapeError extends Error {}

type Json = Record<string, unknown>

const hostMatches = (host: unknown, service: string, namespace: string): boolean =>
  typeof host === 'string' && (host === service || host === `${service}.${namespace}` || host.startsWith(`${service}.${namespace}.svc`))

/**
 * Istio VirtualService: the named HTTP route (or the first one that sends to the stable Service) gets the stable and
 * canary destinations with weights 100 − w and w (a destination at 0 is left out; Istio wants weights summing to 100). Other fields of the stable destination (port,
 * subset) are kept and copied to the canary's.
 */
export function istioAtWeight(vs: CustomObject, routeName: string | undefined, b: Backends, weight: number): CustomObject {
  const next = structuredClone(vs)
  const http = ((next.spec ?? {}) as Json).http as Json[] | undefined
  if (!Array.isArray(http) || http.length === 0) throw new RouterShapeError(`VirtualService ${vs.metadata.name} has no spec.http routes`)
  const sendsTo = (r: Json, service: string) => ((r.route as Json[] | undefined) ?? []).some((d) => hostMatches((d.destination as Json | undefined)?.host, service, b.namespace))
  // After a promotion step the route may send only to the canary; it is still the route to restore.
  const route = routeName ? http.find((r) => r.name === routeName) : (http.find((r) => sendsTo(r, b.stableService)) ?? http.find((r) => sendsTo(r, b.canaryService)))
  if (!route) {
    throw new RouterShapeError(
      routeName ? `VirtualService ${vs.metadata.name} has no HTTP route named '${routeName}'` : `VirtualService ${vs.metadata.name} has no HTTP route to the Service '${b.stableService}'`
    )
  }
  const destinations = (route.route as Json[] | undefined) ?? []
  const stable = destinations.find((d) => hostMatches((d.destination as Json | undefined)?.host, b.stableService, b.namespace))
  const canary = destinations.find((d) => hostMatches((d.destination as Json | undefined)?.host, b.canaryService, b.namespace))
  if (!stable && !canary) throw new RouterShapeError(`the VirtualService route does not send to the Service '${b.stableService}'`)
  const stableDestination: Json = stable ? { ...(stable.destination as Json) } : { ...(canary!.destination as Json), host: b.stableService }
  const canaryDestination: Json = { ...stableDestination, host: b.canaryService }
  delete canaryDestination.subset
  route.route = [
    { destination: stableDestination, weight: 100 - weight },
    { destination: canaryDestination, weight }
  ].filter((d) => d.weight > 0)
  return next
}

/** A request header that sends a request to the canary whatever the weight (`header-route`), matched exactly. */
export interface HeaderRoute {
  name: string
  value: string
}

/** A rule the action added for `header-route`: its only backend is the canary Service. */
const isHeaderRule = (rule: Json, b: Backends): boolean => {
  const refs = (rule.backendRefs as Json[] | undefined) ?? []
  return refs.length > 0 && refs.every((r) => r.name === b.canaryService && (r.kind ?? 'Service') === 'Service')
}

/**
 * Gateway API HTTPRoute: every rule with a backendRef to the stable Service gets stable and canary refs, weighted.
 * With `header`, below 100 % each such rule also gets a twin whose matches add the header and whose only backend is
 * the canary: a match with more header matches takes precedence (Gateway API's rule), so requests carrying the
 * header reach the canary at any weight, weight 0 included. Without it (and at 100 %) the twins are removed.
 */
export function httpRouteAtWeight(route: CustomObject, b: Backends, weight: number, header?: HeaderRoute): CustomObject {
  const next = structuredClone(route)
  const spec = (next.spec ?? {}) as Json
  const rules = ((spec.rules as Json[] | undefined) ?? []).filter((rule) => !isHeaderRule(rule, b))
  const twins: Json[] = []
  let touched = 0
  for (const rule of rules) {
    const refs = (rule.backendRefs as Json[] | undefined) ?? []
    const stable = refs.find((r) => r.name === b.stableService && (r.kind ?? 'Service') === 'Service')
    if (!stable) continue
    touched++
    const others = refs.filter((r) => r !== stable && r.name !== b.canaryService)
    // Weight 0 keeps a backendRef (the Gateway API allows 0), so the rule never loses its stable backend.
    const stableRef = { ...stable, weight: 100 - weight }
    const canaryRef = { ...stable, name: b.canaryService, weight }
    rule.backendRefs = weight > 0 ? [...others, stableRef, canaryRef] : [...others, stableRef]
    if (header && weight < 100) {
      const matches = (rule.matches as Json[] | undefined) ?? [{ path: { type: 'PathPrefix', value: '/' } }]
      const headerMatch = { type: 'Exact', name: header.name, value: header.value }
      twins.push({
        ...structuredClone(rule),
        matches: matches.map((m) => ({ ...structuredClone(m), headers: [...(((m.headers as Json[] | undefined) ?? []).filter((h) => String(h.name).toLowerCase() !== header.name.toLowerCase())), headerMatch] })),
        backendRefs: [{ ...stable, name: b.canaryService, weight: 1 }],
        // Rule names are unique within a route.
        ...(typeof rule.name === 'string' ? { name: `${rule.name}-canary-header`.slice(0, 253) } : {})
      })
    }
  }
  if (touched === 0) throw new RouterShapeError(`HTTPRoute ${route.metadata.name} has no rule with a backendRef to the Service '${b.stableService}'`)
  // The Gateway API allows 16 rules in a route.
  if (rules.length + twins.length > 16) throw new RouterShapeError(`HTTPRoute ${route.metadata.name} would have ${rules.length + twins.length} rules with the header route's, more than the 16 the Gateway API allows`)
  spec.rules = [...rules, ...twins]
  return next
}

export const SMI_GROUP = 'split.smi-spec.io'

/** SMI TrafficSplit owned by the action: root Service = stable Service, backends stable and canary. */
export function trafficSplitAtWeight(name: string, apiVersion: string, b: Backends, weight: number): CustomObject {
  return {
    apiVersion,
    kind: 'TrafficSplit',
    metadata: { name, namespace: b.namespace, labels: { 'app.kubernetes.io/managed-by': 'canary-deploy' } },
    spec: {
      service: b.stableService,
      backends: [
        { service: b.stableService, weight: 100 - weight },
        { service: b.canaryService, weight }
      ]
    }
  }
}

export const NGINX_CANARY = 'nginx.ingress.kubernetes.io/canary'
export const NGINX_CANARY_WEIGHT = 'nginx.ingress.kubernetes.io/canary-weight'

/**
 * ingress-nginx: a second Ingress `<ingress>-canary` with the same hosts and paths, pointing at the canary Service,
 * annotated canary: "true" and canary-weight: w (ingress-nginx allows one canary Ingress per host/path).
 */
export function nginxCanaryIngress(stable: Json & { metadata?: Json; spec?: Json }, name: string, b: Backends, weight: number): Json {
  const spec = structuredClone(stable.spec ?? {}) as Json
  const rules = (spec.rules as Json[] | undefined) ?? []
  let touched = 0
  for (const rule of rules) {
    for (const path of (((rule.http as Json | undefined)?.paths as Json[] | undefined) ?? [])) {
      const service = ((path.backend as Json | undefined)?.service as Json | undefined) ?? undefined
      if (service?.name === b.stableService) {
        service.name = b.canaryService
        touched++
      }
    }
  }
  if (touched === 0) throw new RouterShapeError(`Ingress ${String((stable.metadata as Json | undefined)?.name)} has no path to the Service '${b.stableService}'`)
  delete spec.tls
  delete spec.defaultBackend
  const metadata = (stable.metadata ?? {}) as Json
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name,
      namespace: b.namespace,
      labels: { 'app.kubernetes.io/managed-by': 'canary-deploy' },
      annotations: {
        ...(metadata.annotations && (metadata.annotations as Json)['kubernetes.io/ingress.class'] ? { 'kubernetes.io/ingress.class': (metadata.annotations as Json)['kubernetes.io/ingress.class'] } : {}),
        [NGINX_CANARY]: 'true',
        [NGINX_CANARY_WEIGHT]: String(weight)
      }
    },
    spec
  }
}
