/**
 * Moves traffic for one method and undoes it: the replica split, or the canary Service plus the router object.
 * Each apply has its undo beside it in `restore`, which is repeatable (everything it removes may already be gone).
 */
import type * as k8s from '@kubernetes/client-node'
import { UserError } from '../lib/action/errors.js'
import { kubeErrorMessage, POD_TEMPLATE_HASH_LABEL, type CustomObject, type CustomResourceRef } from '../lib/kube/index.js'
import { Cluster, ROLE_LABEL, ROUTER_KINDS, TRAFFIC_SPLIT_VERSIONS, type RouterKind } from './cluster.js'
import { replicaSplit } from './replica-split.js'
import { httpRouteAtWeight, istioAtWeight, nginxCanaryIngress, RouterShapeError, SMI_GROUP, trafficSplitAtWeight, type Backends, type HeaderRoute, type TrafficMethod } from './router-plan.js'
import { describeRefusal, routeVerdict, type RouteVerdict } from './route-status.js'
import type { PlannedCopy, RecordedConfig } from './config-copies.js'
import { createCopies, removeCopies } from './config-store.js'
import type { ImageChange } from './images.js'
import type { CanaryState } from './state.js'

export interface TrafficContext {
  cluster: Cluster
  method: TrafficMethod
  stableName: string
  canaryName: string
  service: string
  canaryService: string
  router: string | undefined
  istioRoute: string | undefined
  /** gateway-api: requests with this header reach the canary at every step below 100. */
  headerRoute: HeaderRoute | undefined
  /** Every container the release changes, with its new image: the canary runs them all, the promotion sets them all. */
  images: ImageChange[]
  /** A template release's whole pod template (the images are in it); undefined: the stable template with `images`. */
  template: k8s.V1PodTemplateSpec | undefined
  /** The versioned ConfigMaps and Secrets the template refers to; `copies` has their content for a new canary. */
  configs: RecordedConfig[]
  copies: PlannedCopy[]
  /** The stable Deployment's replica count before the canary. */
  total: number
  rolloutTimeoutMs: number
  log: (message: string) => void
}

export interface Applied {
  weight: number
  effectiveWeight: number
  canaryReplicas: number
  stableReplicas: number
}

const backends = (ctx: TrafficContext): Backends => ({ stableService: ctx.service, canaryService: ctx.canaryService, namespace: ctx.cluster.namespace })

/** Checks that what the method needs exists and has the expected shape, before any change. Returns problems. */
export async function preflight(ctx: TrafficContext): Promise<string[]> {
  const foreign = await ctx.cluster.foreignObjects([
    { kind: 'deployment', name: ctx.canaryName },
    ...(ctx.method === 'replicas' ? [] : [{ kind: 'service' as const, name: ctx.canaryService }]),
    ...(ctx.method === 'nginx' ? [{ kind: 'ingress' as const, name: `${ctx.router}-canary` }] : [])
  ])
  if (foreign.length > 0) return foreign
  if (ctx.method === 'replicas') return []
  const problems: string[] = []
  const service = await ctx.cluster.findService(ctx.service)
  if (!service) return [`Input 'service': the Service '${ctx.service}' does not exist in namespace ${ctx.cluster.namespace} (the router methods split between it and '${ctx.canaryService}')`]
  const b = backends(ctx)
  try {
    if (ctx.method === 'istio' || ctx.method === 'gateway-api') {
      const api = await ctx.cluster.routerApi(ctx.method)
      if (!api.ref) return [unservedRouter(ctx.method, api.served)]
    }
    if (ctx.method === 'istio') {
      const vs = await ctx.cluster.getCustom((await ctx.cluster.routerApi('istio')).ref!, ctx.router!)
      if (!vs) problems.push(`Input 'virtual-service': the VirtualService '${ctx.router}' does not exist in namespace ${ctx.cluster.namespace}`)
      else istioAtWeight(vs, ctx.istioRoute, b, 0)
    } else if (ctx.method === 'gateway-api') {
      const route = await ctx.cluster.getCustom((await ctx.cluster.routerApi('gateway-api')).ref!, ctx.router!)
      if (!route) problems.push(`Input 'http-route': the HTTPRoute '${ctx.router}' does not exist in namespace ${ctx.cluster.namespace}`)
      else httpRouteAtWeight(route, b, 0)
    } else if (ctx.method === 'nginx') {
      const ingress = await ctx.cluster.findIngress(ctx.router!)
      if (!ingress) problems.push(`Input 'ingress': the Ingress '${ctx.router}' does not exist in namespace ${ctx.cluster.namespace}`)
      else nginxCanaryIngress(ingress as never, `${ctx.router}-canary`, b, 0)
    } else if (ctx.method === 'smi') {
      const api = await ctx.cluster.trafficSplit()
      if (!api.ref) return [unservedTrafficSplit(api.served)]
      const split = await ctx.cluster.getCustom(api.ref, ctx.router!)
      if (split && split.metadata.labels?.['app.kubernetes.io/managed-by'] !== 'canary-deploy') {
        problems.push(`Input 'traffic-split': a TrafficSplit '${ctx.router}' exists and was not created by canary-deploy; name another one`)
      }
    }
  } catch (error) {
    if (!(error instanceof RouterShapeError)) throw error
    const input = ctx.method === 'istio' ? (ctx.istioRoute ? 'route' : 'virtual-service') : ctx.method === 'gateway-api' ? 'http-route' : 'ingress'
    problems.push(`Input '${input}': ${error.message}`)
  }
  return problems
}

/** The router resource at the version the cluster serves; a user error naming the missing API when none is. */
async function servedRouter(cluster: Cluster, kind: RouterKind) {
  const { ref, served } = await cluster.routerApi(kind)
  if (!ref) throw new UserError(unservedRouter(kind, served))
  return ref
}

const unservedRouter = (kind: RouterKind, served: string[]): string => {
  const { kind: name, group, versions } = ROUTER_KINDS[kind]
  return `Input 'traffic': '${kind}' writes a ${name} (${group} ${versions.join(', ')}), but the cluster serves ${served.length > 0 ? `only ${served.map((v) => `${group}/${v}`).join(', ')}` : `no ${group} API`}; install its CRDs, or choose another traffic method`
}

const unservedTrafficSplit = (served: string[]): string =>
  `Input 'traffic': 'smi' writes an SMI TrafficSplit (${SMI_GROUP} ${TRAFFIC_SPLIT_VERSIONS.join(', ')}), but the cluster serves ${served.length > 0 ? `only ${served.map((v) => `${SMI_GROUP}/${v}`).join(', ')}` : `no ${SMI_GROUP} API`}; install the TrafficSplit CRD of your mesh's SMI support, or choose another traffic method`

/**
 * Before a new canary's first step: the versioned ConfigMaps and Secrets it refers to; router methods: the canary
 * Service and the stable Service pinned to the stable pods. Recorded in the state.
 */
export async function prepareRouting(ctx: TrafficContext, stable: k8s.V1Deployment, state: CanaryState): Promise<void> {
  await createCopies(ctx.cluster, ctx.copies, ctx.configs)
  if (ctx.method === 'replicas') return
  const service = (await ctx.cluster.findService(ctx.service))!
  const selector = { ...(service.spec?.selector ?? {}) }
  await ctx.cluster.applyRoleService(service, ctx.canaryService, { ...selector, [ROLE_LABEL]: 'canary' }, state.owner)
  state.canaryService = ctx.canaryService
  // Without the pin the stable Service would also select the canary pods (same app labels).
  const hash = await ctx.cluster.currentHash(stable)
  if (hash && selector[POD_TEMPLATE_HASH_LABEL] === undefined) {
    await ctx.cluster.patchSelector(ctx.service, { [POD_TEMPLATE_HASH_LABEL]: hash })
    state.pinnedHash = hash
  }
}

const routerReplicas = (total: number, weight: number): number => (weight >= 100 ? total : Math.max(1, Math.ceil((total * weight) / 100)))

/** Applies a weight: canary capacity first (and waits for it), then the traffic shift. */
export async function applyWeight(ctx: TrafficContext, stable: k8s.V1Deployment, weight: number, state: CanaryState): Promise<Applied> {
  const { cluster } = ctx
  if (ctx.method === 'replicas') {
    const split = replicaSplit(ctx.total, weight)
    await cluster.applyWorkload(stable, ctx.canaryName, 'canary', ctx, split.canary, state.owner)
    await cluster.waitRolledOut(ctx.canaryName, ctx.rolloutTimeoutMs)
    await cluster.scale(ctx.stableName, split.stable)
    return { weight, effectiveWeight: split.effectiveWeight, canaryReplicas: split.canary, stableReplicas: split.stable }
  }
  const replicas = routerReplicas(ctx.total, weight)
  await cluster.applyWorkload(stable, ctx.canaryName, 'canary', ctx, replicas, state.owner)
  await cluster.waitRolledOut(ctx.canaryName, ctx.rolloutTimeoutMs)
  await setRouterWeight(ctx, weight, state)
  return { weight, effectiveWeight: weight, canaryReplicas: replicas, stableReplicas: ctx.total }
}

export async function setRouterWeight(ctx: TrafficContext, weight: number, state: CanaryState | undefined): Promise<void> {
  const { cluster } = ctx
  const b = backends(ctx)
  switch (ctx.method) {
    case 'istio':
      await cluster.modifyCustom(await servedRouter(cluster, 'istio'), ctx.router!, (vs) => istioAtWeight(vs, ctx.istioRoute, b, weight))
      return
    case 'gateway-api': {
      const ref = await servedRouter(cluster, 'gateway-api')
      // A restore (no state) writes stable back whatever the Gateways say; a step shifts only through a taken route.
      if (state) await routeTaken(ctx, ref, 0, 'before the shift')
      const written = await cluster.modifyCustom(ref, ctx.router!, (route) => httpRouteAtWeight(route, b, weight, state ? ctx.headerRoute : undefined))
      if (state) await routeTaken(ctx, ref, written.metadata.generation ?? 0, `at ${weight}%`)
      return
    }
    case 'smi': {
      // Only a recorded canary's weights are set this way (restore deletes the TrafficSplit instead).
      if (!state) throw new Error('a TrafficSplit is written only for a recorded canary')
      const { ref, served } = await cluster.trafficSplit()
      if (!ref) throw new UserError(unservedTrafficSplit(served))
      await cluster.applyCustom(ref, trafficSplitAtWeight(ctx.router!, `${ref.group}/${ref.version}`, b, weight), state.owner)
      state.createdRouter = ctx.router!
      return
    }
    case 'nginx': {
      if (!state) throw new Error('a canary Ingress is written only for a recorded canary')
      const ingress = await cluster.findIngress(ctx.router!)
      if (!ingress) throw new UserError(`the Ingress '${ctx.router}' disappeared during the canary`)
      await cluster.applyIngress(nginxCanaryIngress(ingress as never, `${ctx.router}-canary`, b, weight) as k8s.V1Ingress, state.owner)
      state.createdRouter = `${ctx.router}-canary`
      return
    }
    case 'replicas':
      return
  }
}

/** How long the Gateways have to report on a route's new generation. */
export const ROUTE_STATUS_TIMEOUT_MS = 60_000

/**
 * Until every parent Gateway has taken the HTTPRoute at `generation` or later (Accepted and ResolvedRefs true); a
 * refusal or a silence past ROUTE_STATUS_TIMEOUT_MS fails the step, before anything else is shifted.
 */
async function routeTaken(ctx: TrafficContext, ref: CustomResourceRef, generation: number, when: string): Promise<void> {
  // A status written for an older generation says nothing about the weights just written.
  const verdictOf = (route: CustomObject): RouteVerdict => ((route.metadata.generation ?? 0) >= generation ? routeVerdict(route) : { state: 'pending', waitingFor: [] })
  const route = await ctx.cluster.pollCustom(ref, ctx.router!, ROUTE_STATUS_TIMEOUT_MS, (current) => !!current && verdictOf(current).state !== 'pending')
  if (!route) throw new UserError(`the HTTPRoute '${ctx.router}' disappeared during the canary`)
  const v = verdictOf(route)
  if (v.state === 'accepted') return
  if (v.state === 'refused') throw new UserError(`${describeRefusal(ctx.router!, v)} (${when})`)
  const parents = v.waitingFor.length > 0 ? v.waitingFor.join(', ') : 'its parents (it names none)'
  throw new UserError(
    `no report from ${parents} on HTTPRoute ${ctx.router} (generation ${route.metadata.generation}) within ${ROUTE_STATUS_TIMEOUT_MS / 1000} s ${when}: is a Gateway API implementation running for that Gateway, and does the route's parentRef name it?`
  )
}

/**
 * Everything back to stable: all traffic to the stable pods at full size, then the canary objects removed (and the
 * config copies it created, unless `promoted`: the stable template refers to them now). Safe to repeat.
 */
export async function restore(ctx: TrafficContext, state: CanaryState | undefined, promoted = false): Promise<string[]> {
  const { cluster } = ctx
  const done: string[] = []
  const failed: string[] = []
  // Every part is attempted even when one fails, so as much as possible is back on stable; then the failure is raised.
  const attempt = async (what: string, action: () => Promise<boolean | void>): Promise<void> => {
    try {
      if ((await action()) !== false) done.push(what)
    } catch (error) {
      failed.push(`${what}: ${kubeErrorMessage(error)}`)
    }
  }
  if (ctx.method === 'istio' || ctx.method === 'gateway-api') {
    await attempt(`${ctx.method === 'istio' ? 'VirtualService' : 'HTTPRoute'} ${ctx.router}: 100% to ${ctx.service}`, () => setRouterWeight(ctx, 0, undefined))
  } else if (ctx.method === 'smi') {
    // Deleted at whichever version is served now; where none is, there is no TrafficSplit to delete.
    await attempt(`TrafficSplit ${ctx.router} deleted`, async () => {
      const { ref } = await cluster.trafficSplit()
      return ref ? cluster.remove(ref, ctx.router!) : false
    })
  } else if (ctx.method === 'nginx') {
    await attempt(`Ingress ${ctx.router}-canary deleted`, () => cluster.remove('ingress', `${ctx.router}-canary`))
  }
  await attempt(`Deployment ${ctx.stableName} at ${ctx.total} ready pods`, async () => {
    const stable = await cluster.findDeployment(ctx.stableName)
    if (!stable) return false
    // Only the replicas method scales stable; a router method never did (and an HPA may own the count).
    if (ctx.method === 'replicas' && (stable.spec?.replicas ?? 0) !== ctx.total) await cluster.scale(ctx.stableName, ctx.total)
    await cluster.waitRolledOut(ctx.stableName, ctx.rolloutTimeoutMs)
  })
  await attempt(`Deployment ${ctx.canaryName} deleted`, () => cluster.remove('deployment', ctx.canaryName))
  if (ctx.method !== 'replicas') {
    if (state?.pinnedHash) await attempt(`Service ${ctx.service} selects all its pods again`, () => cluster.patchSelector(ctx.service, { [POD_TEMPLATE_HASH_LABEL]: null }).then(() => true))
    await attempt(`Service ${ctx.canaryService} deleted`, () => cluster.remove('service', ctx.canaryService))
  }
  if (!promoted && ctx.configs.some((c) => c.createdBy !== undefined)) {
    await attempt('config copies', async () => {
      const deleted = await removeCopies(cluster, ctx.configs)
      done.push(...deleted.map((d) => `${d} deleted`))
      return false
    })
  }
  if (failed.length > 0) throw new UserError(`Restoring stable did not complete (rerun with 'action: abort'): ${failed.join('; ')}. Done: ${done.join('; ') || 'nothing'}.`)
  return done
}

/**
 * The promotion: the stable Deployment runs the new image at full size and, once rolled out, serves everything.
 * Router methods send 100% to the canary while the stable rolls, so no request meets a half-rolled stable.
 */
export async function promote(ctx: TrafficContext, stable: k8s.V1Deployment, state: CanaryState): Promise<string[]> {
  const { cluster } = ctx
  if (ctx.method !== 'replicas') await applyWeight(ctx, stable, 100, state)
  const replicas = ctx.method === 'replicas' ? ctx.total : undefined
  if (ctx.template) await cluster.setTemplate(ctx.stableName, ctx.template, replicas)
  else await cluster.setImages(ctx.stableName, ctx.images, replicas)
  await cluster.waitRolledOut(ctx.stableName, ctx.rolloutTimeoutMs)
  if (ctx.method !== 'replicas' && state.pinnedHash) {
    await cluster.patchSelector(ctx.service, { [POD_TEMPLATE_HASH_LABEL]: null })
    delete state.pinnedHash
  }
  const done = await restore(ctx, state, true)
  for (const config of ctx.configs) done.push(`${config.kind} ${config.copy} kept (Deployment ${ctx.stableName} refers to it)`)
  return done
}

