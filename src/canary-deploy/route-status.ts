/**
 * Whether the Gateways an HTTPRoute attaches to have taken its current generation: each parent's status must report
 * `Accepted` and `ResolvedRefs` true for that generation (Gateway API's route status contract). Until every parent
 * has, the weights just written may not be serving; a parent that reports either false has refused the route. Pure.
 */
import type { CustomObject } from '../lib/kube/index.js'

export interface RouteCondition {
  type: string
  status: string
  reason?: string
  message?: string
  observedGeneration?: number
}

export type RouteVerdict =
  | { state: 'accepted'; parents: string[] }
  /** A parent has not reported on this generation yet. */
  | { state: 'pending'; waitingFor: string[] }
  | { state: 'refused'; parent: string; condition: RouteCondition }

type Json = Record<string, unknown>

interface ParentRef {
  group?: string
  kind?: string
  name?: string
  namespace?: string
  sectionName?: string
  port?: number
}

const REQUIRED = ['Accepted', 'ResolvedRefs'] as const

/** `Gateway <namespace>/<name>[/<section>]`, the way a user finds the parent. */
export function parentName(ref: ParentRef, routeNamespace: string): string {
  const kind = ref.kind ?? 'Gateway'
  return `${kind} ${ref.namespace ?? routeNamespace}/${ref.name ?? '?'}${ref.sectionName ? `/${ref.sectionName}` : ''}${ref.port ? `:${ref.port}` : ''}`
}

const sameParent = (a: ParentRef, b: ParentRef, routeNamespace: string): boolean =>
  (a.group ?? 'gateway.networking.k8s.io') === (b.group ?? 'gateway.networking.k8s.io') &&
  (a.kind ?? 'Gateway') === (b.kind ?? 'Gateway') &&
  a.name === b.name &&
  (a.namespace ?? routeNamespace) === (b.namespace ?? routeNamespace) &&
  (a.sectionName ?? '') === (b.sectionName ?? '') &&
  (a.port ?? 0) === (b.port ?? 0)

export function routeVerdict(route: CustomObject): RouteVerdict {
  const namespace = route.metadata.namespace ?? 'default'
  const generation = route.metadata.generation ?? 0
  const refs = ((((route.spec ?? {}) as Json).parentRefs as ParentRef[] | undefined) ?? []).filter((r) => r.name)
  const reported = ((((route as Json).status ?? {}) as Json).parents as { parentRef: ParentRef; conditions?: RouteCondition[] }[] | undefined) ?? []
  const waitingFor: string[] = []
  for (const ref of refs) {
    const name = parentName(ref, namespace)
    // Several controllers may report on one parent; the route is served if one of them took it.
    const statuses = reported.filter((p) => sameParent(p.parentRef, ref, namespace))
    const current = statuses.map((s) => (s.conditions ?? []).filter((c) => (c.observedGeneration ?? generation) >= generation))
    const refusal = current.flatMap((conditions) => conditions.filter((c) => (REQUIRED as readonly string[]).includes(c.type) && c.status === 'False'))[0]
    const taken = current.some((conditions) => REQUIRED.every((type) => conditions.some((c) => c.type === type && c.status === 'True')))
    if (taken) continue
    if (refusal) return { state: 'refused', parent: name, condition: refusal }
    waitingFor.push(name)
  }
  if (waitingFor.length > 0) return { state: 'pending', waitingFor }
  return { state: 'accepted', parents: refs.map((r) => parentName(r, namespace)) }
}

/** The refusal as a user reads it: which Gateway, which condition, its reason and message. */
export function describeRefusal(routeName: string, verdict: Extract<RouteVerdict, { state: 'refused' }>): string {
  const c = verdict.condition
  return `${verdict.parent} does not take HTTPRoute ${routeName}: ${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}`
}
