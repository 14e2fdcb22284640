/**
 * Typed access to the resources the actions use, through @kubernetes/client-node. Every call has a deadline
 * (deadline.ts) and retries 429 (after Retry-After), 5xx, dropped connections and requests without an answer in
 * time; patches always name their content type, because client-node sends `application/json-patch+json` by default
 * even for an object body. Every write is a create, a patch or a delete, never a PUT of an object read into
 * client-node's models (which would send back every field as those models know it and overwrite what other managers
 * set), and names the action as its field manager (`kubectl get -o yaml --show-managed-fields` shows it).
 */
import * as core from '@actions/core'
import * as k8s from '@kubernetes/client-node'
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from '../retry.js'
import { currentDeadline, deadlineMiddleware, DEFAULT_REQUEST_TIMEOUT_MS, nextRequestTimeout, withRequestTimeout } from './deadline.js'
import { classifyKubeError, isConflict, isNotFound, isStaleWrite, KubeAlreadyExistsError, KubeConflictError, kubeErrorMessage, userErrorOr } from './errors.js'
import { jsonPatchDiff, testResourceVersion, wireJson, type JsonPatchOperation } from './json-patch.js'

export type PatchType = 'merge' | 'strategic' | 'json'

const CONTENT_TYPES: Record<PatchType, string> = {
  merge: k8s.PatchStrategy.MergePatch,
  strategic: k8s.PatchStrategy.StrategicMergePatch,
  json: k8s.PatchStrategy.JsonPatch
}

/** The options argument that makes client-node send a patch with the given content type. */
export const patchOptions = (type: PatchType) => k8s.setHeaderOptions('Content-Type', CONTENT_TYPES[type])

export interface CustomResourceRef {
  group: string
  version: string
  plural: string
}

export interface KubeClientOptions {
  retry?: RetryPolicy
  /** The longest one request may wait for its answer (default 30 s); a wait's deadline shortens it (withinDeadline). */
  requestTimeoutMs?: number
  sleep?: (ms: number) => Promise<void>
  log?: (message: string) => void
  /** The field manager every write names, e.g. `pipeline-actions/canary-deploy`. */
  fieldManager?: string
}

/** The field managers of the actions' writes: what `kubectl get -o yaml --show-managed-fields` names as the writer. */
export const fieldManagerOf = (action: 'canary-deploy' | 'health-rollback'): string => `pipeline-actions/${action}`

const WRITES = new Set(['POST', 'PUT', 'PATCH'])

/**
 * client-node middleware: every create, update and patch names `fieldManager` (a query parameter of each), whichever
 * API call made it, so no write of the action is left to the API server's default (the User-Agent's first word).
 */
function fieldManagerMiddleware(fieldManager: string): k8s.Middleware {
  return {
    pre: (context) => {
      if (WRITES.has(context.getHttpMethod()) && !new URL(context.getUrl()).searchParams.has('fieldManager')) context.setQueryParam('fieldManager', fieldManager)
      return Promise.resolve(context)
    },
    post: (response) => Promise.resolve(response)
  }
}

/** An untyped custom object as the API returns it. */
export interface CustomObject {
  apiVersion?: string
  kind?: string
  metadata: k8s.V1ObjectMeta
  spec?: Record<string, unknown>
  [key: string]: unknown
}

export class KubeClient {
  readonly apps: k8s.AppsV1Api
  readonly core: k8s.CoreV1Api
  readonly networking: k8s.NetworkingV1Api
  readonly custom: k8s.CustomObjectsApi
  private readonly log: (message: string) => void

  constructor(
    readonly kc: k8s.KubeConfig,
    private readonly options: KubeClientOptions = {}
  ) {
    this.apps = this.api(k8s.AppsV1Api)
    this.core = this.api(k8s.CoreV1Api)
    this.networking = this.api(k8s.NetworkingV1Api)
    this.custom = this.api(k8s.CustomObjectsApi)
    this.log = options.log ?? ((message) => core.info(message))
  }

  /**
   * An API of client-node for the kubeconfig's cluster, as kc.makeApiClient makes it (the kubeconfig authenticates
   * each request), plus the middleware that gives each request the timeout call() set for it.
   */
  api<T>(type: new (configuration: k8s.Configuration) => T): T {
    const cluster = this.kc.getCurrentCluster()
    if (!cluster) throw new Error('No active cluster!')
    return new type(
      k8s.createConfiguration({
        baseServer: new k8s.ServerConfiguration(cluster.server, {}),
        authMethods: { default: this.kc },
        middleware: [k8s.setHeaderMiddleware('User-Agent', 'pipeline-actions (kubernetes-client-javascript)')],
        promiseMiddleware: [deadlineMiddleware, ...(this.options.fieldManager ? [fieldManagerMiddleware(this.options.fieldManager)] : [])]
      })
    )
  }

  /**
   * Runs one API call with the retry policy for transient failures. What the user can act on comes out as a user
   * error (userErrorOr): a refusal, a named object not found, a failure that outlasted the retries.
   */
  call<T>(what: string, operation: () => Promise<T>): Promise<T> {
    const cap = this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS
    const deadline = currentDeadline()
    return withRetry(() => withRequestTimeout(nextRequestTimeout(cap), operation), {
      policy: this.options.retry ?? DEFAULT_RETRY,
      classify: classifyKubeError,
      ...(deadline !== undefined ? { deadline } : {}),
      ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
      onRetry: ({ attempt, delayMs, reason }) => this.log(`Kubernetes API: ${what} failed (${reason}); retry ${attempt} in ${delayMs} ms`)
    }).catch((error: unknown) => {
      throw userErrorOr(what, error)
    })
  }

  /**
   * Read-modify-write with optimistic concurrency, written as a patch: `change` gets (a copy of) the current object
   * and returns the object wanted, or undefined when nothing needs changing. Only the paths that differ are
   * sent, as a JSON patch behind a `test` of the resourceVersion read (json-patch.ts), so fields this change does not
   * touch are never written and another writer's change made meanwhile is never overwritten: the patch is then
   * refused, the object read again and the change re-applied, up to `attempts` times; then a KubeConflictError says
   * that another writer kept changing it.
   */
  async modify<T extends { metadata?: k8s.V1ObjectMeta }>(
    what: string,
    read: () => Promise<T>,
    change: (current: T) => T | undefined,
    patch: (operations: JsonPatchOperation[]) => Promise<T>,
    attempts = 5
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.call(`read ${what}`, read)
      const next = change(structuredClone(current))
      if (next === undefined) return current
      const operations = jsonPatchDiff(wireJson(current), wireJson(next))
      if (operations.length === 0) return current
      try {
        return await this.call(`patch ${what}`, () => patch([testResourceVersion(current.metadata!.resourceVersion!), ...operations]))
      } catch (error) {
        if (!isStaleWrite(error)) throw error
        if (attempt >= attempts) throw new KubeConflictError(what, attempts, kubeErrorMessage(error))
        this.log(`Kubernetes API: ${what} changed while it was being updated (${kubeErrorMessage(error)}); reading it again`)
      }
    }
  }

  /**
   * A create that may be retried: when its answer is lost (a dropped connection) the retry meets the object its
   * first try made (409 AlreadyExists). The object is then read, and `ownProblem` says whether it is the one this
   * run meant to create (undefined: it is, and it is returned as created) or why it is not, which makes a
   * KubeAlreadyExistsError naming the object and the reason.
   */
  async create<T>(what: string, create: () => Promise<T>, read: () => Promise<T>, ownProblem: (existing: T) => string | undefined): Promise<T> {
    try {
      return await this.call(`create ${what}`, create)
    } catch (error) {
      if (!isConflict(error)) throw error
      let existing: T
      try {
        existing = await this.call(`read ${what}`, read)
      } catch (readError) {
        // Gone again between the 409 and the read: the create's own answer stands.
        if (isNotFound(readError)) throw error
        throw readError
      }
      const problem = ownProblem(existing)
      if (problem !== undefined) throw new KubeAlreadyExistsError(what, problem, kubeErrorMessage(error))
      this.log(`Kubernetes API: ${what} already exists and is the one this run created (its create was answered after all); carrying on`)
      return existing
    }
  }

  // ---- apps/v1 ----

  getDeployment(namespace: string, name: string): Promise<k8s.V1Deployment> {
    return this.call(`get deployment ${namespace}/${name}`, () => this.apps.readNamespacedDeployment({ name, namespace }))
  }

  patchDeployment(namespace: string, name: string, patch: object, type: PatchType): Promise<k8s.V1Deployment> {
    return this.call(`patch deployment ${namespace}/${name}`, () => this.apps.patchNamespacedDeployment({ name, namespace, body: patch}, patchOptions(type)))
  }

  /** `kubectl rollout pause` / `resume`: a merge patch of spec.paused. */
  setDeploymentPaused(namespace: string, name: string, paused: boolean): Promise<k8s.V1Deployment> {
    return this.patchDeployment(namespace, name, { spec: { paused } }, 'merge')
  }

  /** Read-modify-write of a Deployment as a JSON patch of what changed behind a resourceVersion test (modify). */
  modifyDeployment(namespace: string, name: string, change: (current: k8s.V1Deployment) => k8s.V1Deployment | undefined): Promise<k8s.V1Deployment> {
    return this.modify(
      `deployment ${namespace}/${name}`,
      () => this.apps.readNamespacedDeployment({ name, namespace }),
      change,
      (operations) => this.apps.patchNamespacedDeployment({ name, namespace, body: operations}, patchOptions('json'))
    )
  }

  async listReplicaSets(namespace: string, labelSelector?: string): Promise<k8s.V1ReplicaSet[]> {
    const list = await this.call(`list replicasets in ${namespace}`, () =>
      this.apps.listNamespacedReplicaSet({ namespace, ...(labelSelector ? { labelSelector } : {}) })
    )
    return list.items
  }

  // ---- core/v1 ----

  async listPods(namespace: string, labelSelector?: string): Promise<k8s.V1Pod[]> {
    const list = await this.call(`list pods in ${namespace}`, () => this.core.listNamespacedPod({ namespace, ...(labelSelector ? { labelSelector } : {}) }))
    return list.items
  }

  readPodLog(namespace: string, name: string, options: { container?: string; tailLines?: number; previous?: boolean } = {}): Promise<string> {
    return this.call(`read log of pod ${namespace}/${name}`, () => this.core.readNamespacedPodLog({ name, namespace, ...options }))
  }

  async listEvents(namespace: string, fieldSelector?: string): Promise<k8s.CoreV1Event[]> {
    const list = await this.call(`list events in ${namespace}`, () => this.core.listNamespacedEvent({ namespace, ...(fieldSelector ? { fieldSelector } : {}) }))
    return list.items
  }

  getService(namespace: string, name: string): Promise<k8s.V1Service> {
    return this.call(`get service ${namespace}/${name}`, () => this.core.readNamespacedService({ name, namespace }))
  }

  patchService(namespace: string, name: string, patch: object, type: PatchType): Promise<k8s.V1Service> {
    return this.call(`patch service ${namespace}/${name}`, () => this.core.patchNamespacedService({ name, namespace, body: patch}, patchOptions(type)))
  }

  // ---- networking.k8s.io/v1 ----

  getIngress(namespace: string, name: string): Promise<k8s.V1Ingress> {
    return this.call(`get ingress ${namespace}/${name}`, () => this.networking.readNamespacedIngress({ name, namespace }))
  }

  patchIngress(namespace: string, name: string, patch: object, type: PatchType): Promise<k8s.V1Ingress> {
    return this.call(`patch ingress ${namespace}/${name}`, () => this.networking.patchNamespacedIngress({ name, namespace, body: patch}, patchOptions(type)))
  }

  // ---- custom resources (no strategic merge patch: the API server refuses it for them) ----

  getCustomObject(ref: CustomResourceRef, namespace: string, name: string): Promise<CustomObject> {
    return this.call(`get ${ref.plural}.${ref.group} ${namespace}/${name}`, () => this.custom.getNamespacedCustomObject({ ...ref, namespace, name }))
  }

  patchCustomObject(ref: CustomResourceRef, namespace: string, name: string, patch: object, type: Exclude<PatchType, 'strategic'>): Promise<CustomObject> {
    return this.call(`patch ${ref.plural}.${ref.group} ${namespace}/${name}`, () =>
      this.custom.patchNamespacedCustomObject({ ...ref, namespace, name, body: patch}, patchOptions(type))
    )
  }

  /** Read-modify-write of a custom object as a JSON patch of what changed behind a resourceVersion test (modify). */
  modifyCustomObject(ref: CustomResourceRef, namespace: string, name: string, change: (current: CustomObject) => CustomObject | undefined): Promise<CustomObject> {
    return this.modify(
      `${ref.plural}.${ref.group} ${namespace}/${name}`,
      () => this.custom.getNamespacedCustomObject({ ...ref, namespace, name }),
      change,
      (operations) => this.custom.patchNamespacedCustomObject({ ...ref, namespace, name, body: operations}, patchOptions('json'))
    )
  }
}
