/**
 * The Kubernetes side of canary-deploy, through src/lib/kube: read the stable Deployment and claim it (the state
 * lives in a Lease: state-lease.ts), create, scale and delete the canary Deployment and Service, rewrite the router
 * objects, wait for rollouts. Every write is a create, a patch of what it changes or a delete (lib/kube/client.ts),
 * never a whole object sent back. Objects it creates carry canary-deploy's label and the creating run
 * (object-ownership.ts): it never overwrites or deletes one of the same name it did not create, and a create retried
 * after its answer was lost recognises the object it made. No decisions here.
 */
import * as k8s from '@kubernetes/client-node'
import { UserError } from '../lib/action/errors.js'
import {
  containerProblems,
  deploymentRolloutStatus,
  findNewReplicaSet,
  isNotFound,
  isTerminalProblem,
  kubeErrorMessage,
  patchOptions,
  managedProblems,
  ownedReplicaSets,
  POD_TEMPLATE_HASH_LABEL,
  selectorToString,
  type CustomObject,
  type CustomResourceRef,
  type KubeClient,
  withinDeadline
} from '../lib/kube/index.js'
import type { AutoscalerView } from './autoscaler.js'
import { withImages, type ImageChange } from './images.js'
import { MANAGED_BY, notCanaryDeploys, notThisRuns, RUN_ANNOTATION } from './object-ownership.js'
import { placementProblem } from '../lib/kube/placement.js'
import { SMI_GROUP } from './router-plan.js'
import { StateLease } from './state-lease.js'
import { ownership, type CanaryState } from './state.js'

export const ROLE_LABEL = 'canary-deploy.pipeline-actions.dev/role'
export { MANAGED_BY }

/**
 * The router kinds the action writes, with the versions whose spec it writes, newest first: the same VirtualService
 * in Istio's v1, v1beta1 and v1alpha3, the same HTTPRoute weights in Gateway API's v1 and v1beta1. The version used is
 * the newest of these the cluster serves (Istio before 1.22 has no v1; older Gateway API releases no v1).
 */
export const ROUTER_KINDS = {
  istio: { kind: 'VirtualService', group: 'networking.istio.io', plural: 'virtualservices', versions: ['v1', 'v1beta1', 'v1alpha3'] },
  'gateway-api': { kind: 'HTTPRoute', group: 'gateway.networking.k8s.io', plural: 'httproutes', versions: ['v1', 'v1beta1'] }
} as const
export type RouterKind = keyof typeof ROUTER_KINDS

/** The newest of `known` that `served` has; undefined when none. Pure. */
export function newestServed(known: readonly string[], served: string[]): string | undefined {
  return known.find((v) => served.includes(v))
}
/**
 * The TrafficSplit versions whose spec the action writes ({service, backends: [{service, weight: int}]}), newest
 * first. v1alpha1 weighs backends with quantities. Meshes serve different ones (SMI's CRD v1alpha4, Linkerd's SMI
 * extension v1alpha1-2, OSM v1alpha2), so the version is the newest of these the cluster serves.
 */
export const TRAFFIC_SPLIT_VERSIONS = ['v1alpha4', 'v1alpha3', 'v1alpha2'] as const
export const trafficSplitRef = (version: string): CustomResourceRef => ({ group: SMI_GROUP, version, plural: 'trafficsplits' })

export interface TrafficSplitApi {
  /** The resource at the version to write; undefined when the cluster serves none the action knows. */
  ref: CustomResourceRef | undefined
  /** The versions the cluster serves for split.smi-spec.io. */
  served: string[]
}

export class ConcurrentCanary extends UserError {}

export class Cluster {
  private trafficSplitApi: Promise<TrafficSplitApi> | undefined
  private readonly routerApis = new Map<RouterKind, Promise<{ ref: CustomResourceRef | undefined; served: string[] }>>()
  private readonly state: StateLease

  constructor(
    readonly client: KubeClient,
    readonly namespace: string,
    private readonly sleep: (ms: number) => Promise<void>
  ) {
    this.state = new StateLease(client, namespace)
  }

  async findDeployment(name: string): Promise<k8s.V1Deployment | undefined> {
    try {
      return await this.client.getDeployment(this.namespace, name)
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw error
    }
  }

  /** The canary state of `deployment` (kept in a Lease of its own: state-lease.ts), if a run holds one. */
  readState(deployment: string): Promise<CanaryState | undefined> {
    return this.state.read(deployment)
  }

  /** Writes or (undefined) removes the state; `check` sees the state found and throws to refuse. */
  writeState(deployment: string, check: (found: CanaryState | undefined) => void, state: CanaryState | undefined): Promise<void> {
    return this.state.write(deployment, check, state)
  }

  /** Writes a new run's state, refusing when another run claimed the Deployment between our read and this write. */
  async claim(deployment: string, state: CanaryState): Promise<void> {
    await this.writeState(deployment, (current) => {
      const o = ownership(current, state.owner)
      if (o.kind === 'other') throw new ConcurrentCanary(`Deployment ${deployment} was claimed by run ${o.owner} at the same moment; this run changed nothing.`)
    }, state)
  }

  /**
   * A Deployment running the release beside the stable one: the release's whole pod template when it has one
   * (`manifest`, `template-patch`), else the stable pod template with the new `images` (all of them together in each
   * pod); plus the role label. Created by the run `owner` (or, when canary-deploy's own already exists, e.g. a held
   * canary being promoted, updated).
   */
  async applyWorkload(stable: k8s.V1Deployment, name: string, role: 'canary' | 'green', release: WorkloadRelease, replicas: number, owner: string): Promise<void> {
    const template = structuredClone(release.template ?? stable.spec!.template)
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [ROLE_LABEL]: role } }
    delete template.metadata.labels![POD_TEMPLATE_HASH_LABEL]
    if (!release.template) {
      const set = withImages(template.spec!, release.images)
      if (set.missing.length > 0) throw new UserError(`Deployment ${stable.metadata?.name} has no container ${set.missing.map((c) => `'${c}'`).join(', ')}`)
      template.spec = set.spec
    }
    const body: k8s.V1Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: this.namespace, labels: { ...(stable.metadata?.labels ?? {}), ...MANAGED_BY, [ROLE_LABEL]: role }, annotations: { [RUN_ANNOTATION]: owner } },
      spec: {
        replicas,
        selector: { matchLabels: { ...(stable.spec!.selector.matchLabels ?? {}), [ROLE_LABEL]: role }, ...(stable.spec!.selector.matchExpressions ? { matchExpressions: stable.spec!.selector.matchExpressions } : {}) },
        template,
        ...(stable.spec!.minReadySeconds !== undefined ? { minReadySeconds: stable.spec!.minReadySeconds } : {}),
        ...(stable.spec!.progressDeadlineSeconds !== undefined ? { progressDeadlineSeconds: stable.spec!.progressDeadlineSeconds } : {})
      }
    }
    const what = `deployment ${this.namespace}/${name}`
    if (await this.findDeployment(name)) {
      // A patch of what this run sets (its labels and annotation, replicas, the template), behind a test of the
      // resourceVersion read: what other managers set on it (a label, an annotation) stays.
      await this.client.modifyDeployment(this.namespace, name, (current) => {
        refuseForeign(`Deployment ${name}`, current.metadata)
        const meta = current.metadata!
        return {
          ...current,
          metadata: { ...meta, labels: { ...(meta.labels ?? {}), ...body.metadata!.labels }, annotations: { ...(meta.annotations ?? {}), ...body.metadata!.annotations } },
          spec: { ...current.spec!, ...body.spec!, selector: current.spec!.selector }
        }
      })
      return
    }
    const create = () => this.client.apps.createNamespacedDeployment({ namespace: this.namespace, body })
    await this.client.create(what, create, () => this.client.apps.readNamespacedDeployment({ name, namespace: this.namespace }), (found) => notThisRuns(found.metadata, owner))
  }

  /** Why the canary-named objects that exist now are not canary-deploy's (for the preflight, before any change). */
  async foreignObjects(objects: { kind: 'deployment' | 'service' | 'ingress'; name: string }[]): Promise<string[]> {
    const problems: string[] = []
    for (const { kind, name } of objects) {
      const found = kind === 'deployment' ? await this.findDeployment(name) : kind === 'service' ? await this.findService(name) : await this.findIngress(name)
      const problem = found && notCanaryDeploys(found.metadata)
      if (problem) problems.push(`${KIND_NAMES[kind]} ${this.namespace}/${name} exists and ${problem}; canary-deploy creates and deletes its own object of that name, so it leaves this one alone: delete or rename it`)
    }
    return problems
  }

  scale(name: string, replicas: number): Promise<k8s.V1Deployment> {
    return this.client.patchDeployment(this.namespace, name, { spec: { replicas } }, 'merge')
  }

  /**
   * Sets the stable Deployment's container images, all in one write (the promotion): a JSON patch of those images (and
   * replicas) only.
   */
  async setImages(name: string, images: ContainerImage[], replicas: number | undefined): Promise<void> {
    await this.client.modifyDeployment(this.namespace, name, (current) => {
      const set = withImages(current.spec!.template.spec!, images)
      if (set.missing.length > 0) throw new UserError(`Deployment ${name} has no container ${set.missing.map((c) => `'${c}'`).join(', ')}`)
      if (sameImages(current.spec!.template.spec!, set.spec) && (replicas === undefined || current.spec!.replicas === replicas)) return undefined
      current.spec!.template.spec = set.spec
      if (replicas !== undefined) current.spec!.replicas = replicas
      return current
    })
  }

  /**
   * Sets the stable Deployment's whole pod template (and replicas) in one write (the promotion of a `manifest` or
   * `template-patch` release): a JSON patch of what differs, behind the resourceVersion read.
   */
  async setTemplate(name: string, template: k8s.V1PodTemplateSpec, replicas: number | undefined): Promise<void> {
    await this.client.modifyDeployment(this.namespace, name, (current) => {
      current.spec!.template = structuredClone(template)
      if (replicas !== undefined) current.spec!.replicas = replicas
      return current
    })
  }

  /**
   * The pod template the stable Deployment would have with `patch` applied (a strategic merge patch, or a JSON patch
   * replacing spec.template), as the API server makes it: merged, defaulted and validated, without writing
   * (dryRun=All). A template the server refuses throws its answer.
   */
  async dryRunTemplate(name: string, patch: object, type: 'strategic' | 'json'): Promise<k8s.V1PodTemplateSpec> {
    const result = await this.client.call(`patch deployment ${this.namespace}/${name} (dry run)`, () =>
      this.client.apps.patchNamespacedDeployment({ name, namespace: this.namespace, body: patch, dryRun: 'All' }, patchOptions(type))
    )
    return result.spec!.template
  }

  /**
   * Waits until the Deployment's rollout is complete; throws with the pods' problem or at the timeout. Its API
   * requests (retries included) end by the same deadline, so a stalled API server cannot hold the wait past it.
   */
  async waitRolledOut(name: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs
    return withinDeadline(deadline, () => this.pollRollout(name, timeoutMs, deadline))
  }

  private async pollRollout(name: string, timeoutMs: number, deadline: number): Promise<void> {
    for (;;) {
      const deployment = await this.client.getDeployment(this.namespace, name)
      const status = deploymentRolloutStatus(deployment)
      if (status.state === 'complete') return
      if (status.state === 'deadline-exceeded') throw new UserError(`${status.message}${await this.podProblems(deployment)}`)
      const problems = (await this.terminalProblems(deployment)) ?? (await this.placementProblem(deployment))
      if (problems) throw new UserError(`Deployment ${name} cannot become ready: ${problems}`)
      if (Date.now() >= deadline) throw new UserError(`Deployment ${name} was not ready within ${Math.round(timeoutMs / 1000)}s: ${status.message}${await this.podProblems(deployment)}`)
      await this.sleep(250)
    }
  }

  private async currentPods(deployment: k8s.V1Deployment): Promise<k8s.V1Pod[]> {
    const selector = selectorToString(deployment.spec?.selector)
    return this.client.listPods(this.namespace, selector)
  }

  /** Problems of the pods of the Deployment's current ReplicaSet only: old pods failing do not stop a rollout. */
  private async terminalProblems(deployment: k8s.V1Deployment): Promise<string | undefined> {
    const hash = await this.currentHash(deployment)
    if (!hash) return undefined
    const pods = (await this.currentPods(deployment)).filter((p) => p.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL] === hash)
    const problems = managedProblems(containerProblems(pods), deployment.spec?.template).filter((p) => isTerminalProblem(p, 3, Date.now()))
    return problems.length === 0 ? undefined : problems.map((p) => `${p.pod}/${p.container}: ${p.reason}${p.message ? ` (${p.message})` : ''}`).join('; ')
  }

  /** Pods of the current ReplicaSet that a quota refuses or the scheduler cannot place (lib/kube/placement). */
  private async placementProblem(deployment: k8s.V1Deployment): Promise<string | undefined> {
    const owned = ownedReplicaSets(deployment, await this.client.listReplicaSets(this.namespace, selectorToString(deployment.spec?.selector)))
    const current = findNewReplicaSet(deployment, owned)
    if (!current) return undefined
    const hash = current.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL]
    const pods = (await this.currentPods(deployment)).filter((p) => p.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL] === hash)
    return placementProblem(current, pods, Date.now())?.message
  }

  private async podProblems(deployment: k8s.V1Deployment): Promise<string> {
    const problems = containerProblems(await this.currentPods(deployment))
    return problems.length === 0 ? '' : ` (${problems.map((p) => `${p.pod}/${p.container}: ${p.reason}`).join('; ')})`
  }

  /** The pod-template-hash of the stable Deployment's current ReplicaSet. */
  async currentHash(deployment: k8s.V1Deployment): Promise<string | undefined> {
    const owned = ownedReplicaSets(deployment, await this.client.listReplicaSets(this.namespace, selectorToString(deployment.spec?.selector)))
    return findNewReplicaSet(deployment, owned)?.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL]
  }

  /** The HPA scaling a Deployment, if any (a cluster without autoscaling/v2 has none). */
  async findAutoscaler(deployment: string): Promise<AutoscalerView | undefined> {
    const api = this.client.api(k8s.AutoscalingV2Api)
    try {
      const list = await this.client.call(`list horizontalpodautoscalers in ${this.namespace}`, () => api.listNamespacedHorizontalPodAutoscaler({ namespace: this.namespace }))
      const hpa = list.items.find((h) => h.spec?.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === deployment)
      if (!hpa) return undefined
      return {
        name: hpa.metadata?.name ?? '',
        ...(hpa.status?.currentReplicas !== undefined ? { currentReplicas: hpa.status.currentReplicas } : {}),
        ...(hpa.spec?.minReplicas !== undefined ? { minReplicas: hpa.spec.minReplicas } : {})
      }
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw error
    }
  }

  /** The versions of an API group the cluster serves (API discovery); none when it does not serve the group. */
  async servedVersions(group: string): Promise<string[]> {
    const apis = this.client.api(k8s.ApisApi)
    const list = await this.client.call('list API groups', () => apis.getAPIVersions())
    return list.groups.find((g) => g.name === group)?.versions.map((v) => v.version) ?? []
  }

  /** The VirtualService or HTTPRoute resource at the version to write, discovered once per run. */
  routerApi(kind: RouterKind): Promise<{ ref: CustomResourceRef | undefined; served: string[] }> {
    const known = ROUTER_KINDS[kind]
    let found = this.routerApis.get(kind)
    if (!found) {
      found = this.servedVersions(known.group).then((served) => {
        const version = newestServed(known.versions, served)
        return { ref: version ? { group: known.group, version, plural: known.plural } : undefined, served }
      })
      found.catch(() => this.routerApis.delete(kind))
      this.routerApis.set(kind, found)
    }
    return found
  }

  /** Which TrafficSplit version to use here, discovered once per run. */
  trafficSplit(): Promise<TrafficSplitApi> {
    this.trafficSplitApi ??= this.servedVersions(SMI_GROUP).then(
      (served) => {
        const version = TRAFFIC_SPLIT_VERSIONS.find((v) => served.includes(v))
        return { ref: version ? trafficSplitRef(version) : undefined, served }
      },
      (error: unknown) => {
        this.trafficSplitApi = undefined
        throw error
      }
    )
    return this.trafficSplitApi
  }

  async findService(name: string): Promise<k8s.V1Service | undefined> {
    try {
      return await this.client.getService(this.namespace, name)
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw error
    }
  }

  /** `<service>-canary`: the stable Service's ports, selecting the pods with the role label; created by the run `owner`. */
  async applyRoleService(stable: k8s.V1Service, name: string, selector: Record<string, string>, owner: string): Promise<void> {
    const body: k8s.V1Service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: this.namespace, labels: { ...MANAGED_BY }, annotations: { [RUN_ANNOTATION]: owner } },
      spec: { selector, ports: (stable.spec?.ports ?? []).map((p) => ({ ...p, nodePort: undefined })) as k8s.V1ServicePort[], type: 'ClusterIP' }
    }
    const existing = await this.findService(name)
    if (existing) {
      refuseForeign(`Service ${name}`, existing.metadata)
      await this.client.patchService(this.namespace, name, { spec: { selector, ports: body.spec!.ports } }, 'merge')
      return
    }
    const create = () => this.client.core.createNamespacedService({ namespace: this.namespace, body })
    await this.client.create(`service ${this.namespace}/${name}`, create, () => this.client.core.readNamespacedService({ name, namespace: this.namespace }), (found) => notThisRuns(found.metadata, owner))
  }

  /** Merge patch of the selector; a null value removes a key. */
  patchSelector(service: string, selector: Record<string, string | null>): Promise<k8s.V1Service> {
    return this.client.patchService(this.namespace, service, { spec: { selector } }, 'merge')
  }

  async getCustom(ref: CustomResourceRef, name: string): Promise<CustomObject | undefined> {
    try {
      return await this.client.getCustomObject(ref, this.namespace, name)
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw error
    }
  }

  /** Reads a custom object every 250 ms until `done` accepts it or `timeoutMs` has passed; returns the last read. */
  async pollCustom(ref: CustomResourceRef, name: string, timeoutMs: number, done: (current: CustomObject | undefined) => boolean): Promise<CustomObject | undefined> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const current = await this.getCustom(ref, name)
      if (done(current) || Date.now() >= deadline) return current
      await this.sleep(250)
    }
  }

  modifyCustom(ref: CustomResourceRef, name: string, change: (current: CustomObject) => CustomObject | undefined): Promise<CustomObject> {
    return this.client.modifyCustomObject(ref, this.namespace, name, change)
  }

  /** A router object canary-deploy makes (the SMI TrafficSplit): its spec set, or it is created by the run `owner`. */
  async applyCustom(ref: CustomResourceRef, body: CustomObject, owner: string): Promise<void> {
    const name = body.metadata.name!
    const existing = await this.getCustom(ref, name)
    if (existing) {
      await this.client.modifyCustomObject(ref, this.namespace, name, (current) => {
        refuseForeign(`${ref.plural}.${ref.group} ${name}`, current.metadata)
        return { ...current, spec: { ...(current.spec ?? {}), ...body.spec! } }
      })
      return
    }
    const owned: CustomObject = { ...body, metadata: { ...body.metadata, annotations: { ...(body.metadata.annotations ?? {}), [RUN_ANNOTATION]: owner } } }
    await this.client.create(
      `${ref.plural}.${ref.group} ${this.namespace}/${name}`,
      () => this.client.custom.createNamespacedCustomObject({ ...ref, namespace: this.namespace, body: owned }),
      () => this.client.custom.getNamespacedCustomObject({ ...ref, namespace: this.namespace, name }),
      (found: CustomObject) => notThisRuns(found.metadata, owner)
    )
  }

  async findIngress(name: string): Promise<k8s.V1Ingress | undefined> {
    try {
      return await this.client.getIngress(this.namespace, name)
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw error
    }
  }

  /** The nginx canary Ingress: updated when canary-deploy's own exists, else created by the run `owner`. */
  async applyIngress(body: k8s.V1Ingress, owner: string): Promise<void> {
    const name = body.metadata!.name!
    const existing = await this.findIngress(name)
    if (existing) {
      refuseForeign(`Ingress ${name}`, existing.metadata)
      await this.client.patchIngress(this.namespace, name, { metadata: { annotations: body.metadata!.annotations }, spec: body.spec }, 'merge')
      return
    }
    const owned: k8s.V1Ingress = { ...body, metadata: { ...body.metadata, annotations: { ...(body.metadata!.annotations ?? {}), [RUN_ANNOTATION]: owner } } }
    const create = () => this.client.networking.createNamespacedIngress({ namespace: this.namespace, body: owned })
    await this.client.create(`ingress ${this.namespace}/${name}`, create, () => this.client.networking.readNamespacedIngress({ name, namespace: this.namespace }), (found) => notThisRuns(found.metadata, owner))
  }

  /**
   * Deletes an object canary-deploy created; one already gone is fine (cleanup must be repeatable), and one of that
   * name that canary-deploy did not create is left alone (false, as for one already gone).
   */
  async remove(kind: 'deployment' | 'service' | 'ingress' | CustomResourceRef, name: string): Promise<boolean> {
    const ns = this.namespace
    const what = typeof kind === 'string' ? `${kind} ${ns}/${name}` : `${kind.plural}.${kind.group} ${ns}/${name}`
    try {
      const found = kind === 'deployment' ? await this.findDeployment(name) : kind === 'service' ? await this.findService(name) : kind === 'ingress' ? await this.findIngress(name) : await this.getCustom(kind, name)
      if (!found || notCanaryDeploys(found.metadata)) return false
      // Only that object: not one of the same name made after this read.
      const body = { preconditions: { uid: found.metadata!.uid! } }
      await this.client.call(`delete ${what}`, () => {
        if (kind === 'deployment') return this.client.apps.deleteNamespacedDeployment({ name, namespace: ns, propagationPolicy: 'Background', body })
        if (kind === 'service') return this.client.core.deleteNamespacedService({ name, namespace: ns, body })
        if (kind === 'ingress') return this.client.networking.deleteNamespacedIngress({ name, namespace: ns, body })
        return this.client.custom.deleteNamespacedCustomObject({ ...kind, namespace: ns, name, body })
      })
      return true
    } catch (error) {
      if (isNotFound(error)) return false
      throw new UserError(`could not delete ${what}: ${kubeErrorMessage(error)}`)
    }
  }
}

/** A container and the image it is to run. */
type ContainerImage = Pick<ImageChange, 'container' | 'image'>

/** What a canary or green Deployment runs: the release's whole pod template, or the stable one with new images. */
export interface WorkloadRelease {
  images: ContainerImage[]
  template?: k8s.V1PodTemplateSpec | undefined
}

/** Whether two pod specs run the same image in every container and init container. */
function sameImages(a: k8s.V1PodSpec, b: k8s.V1PodSpec): boolean {
  const images = (spec: k8s.V1PodSpec) => JSON.stringify([...spec.containers, ...(spec.initContainers ?? [])].map((c) => [c.name, c.image]))
  return images(a) === images(b)
}

const KIND_NAMES = { deployment: 'Deployment', service: 'Service', ingress: 'Ingress' } as const

/** Throws when the object found under a canary object's name is not canary-deploy's. */
function refuseForeign(object: string, meta: k8s.V1ObjectMeta | undefined): void {
  const problem = notCanaryDeploys(meta)
  if (problem) throw new UserError(`${object} in the way of the canary: it exists and ${problem}. canary-deploy leaves it as it is; delete or rename it, then run again.`)
}
