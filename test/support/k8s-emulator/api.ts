/**
 * The REST semantics of the API server for one resource request: get, list, create, replace (PUT), patch (JSON,
 * merge, strategic), delete, and the status/scale/log subresources. Optimistic concurrency: a write that carries a
 * metadata.resourceVersion other than the stored one fails with 409 Conflict; one without it is unconditional
 * (https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions).
 */
import { randomBytes } from 'node:crypto'
import { applyDefaults, applyTemplateGeneration, validate } from './defaults.js'
import { applyJsonPatch } from './patch/json-patch.js'
import { applyMergePatch } from './patch/merge-patch.js'
import { applyStrategicMergePatch } from './patch/strategic-merge-patch.js'
import { apiVersionOf, RESOURCE_TYPES, resourceByKind, type ResourceType } from './resources.js'
import type { ResourceRoute } from './routes.js'
import { parseFieldSelector, parseLabelSelector, selectorString } from './selectors.js'
import { alreadyExists, ApiError, badRequest, conflict, invalid, methodNotAllowed, notFound, unsupportedMediaType } from './status.js'
import type { Store } from './store.js'
import type { KObject, Loose } from './types.js'

export interface ApiResponse {
  status: number
  body: unknown
  contentType?: string
}

export interface ApiRequest {
  method: string
  route: ResourceRoute
  query: URLSearchParams
  body: unknown
  contentType: string
}

export interface LogOptions {
  container?: string
  previous: boolean
  tailLines?: number
}

export interface ApiContext {
  store: Store
  now: () => string
  podLogs: (pod: KObject, options: LogOptions) => string
}

const NAMESPACES = resourceByKind('Namespace')

/** The object as the client asked for it: custom resources keep their stored fields under the requested version. */
export function present(object: KObject, route: ResourceRoute): KObject {
  return { ...object, apiVersion: apiVersionOf(route.type, route.version), kind: route.type.kind }
}

function stripForList(object: KObject, type: ResourceType): KObject {
  if (!type.builtin) return object
  // Built-in list items carry no apiVersion/kind on the wire.
  const { apiVersion: _a, kind: _k, ...rest } = object
  return rest as KObject
}

function requireObject(body: unknown): KObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the body of the request must be a JSON object')
  const object = body as KObject
  object.metadata ??= {}
  return object
}

function isDryRun(query: URLSearchParams): boolean {
  return query.getAll('dryRun').includes('All')
}

function applyPatch(type: ResourceType, current: Loose, patch: unknown, contentType: string): Loose {
  const mediaType = contentType.split(';')[0]!.trim()
  switch (mediaType) {
    case 'application/json-patch+json':
      return applyJsonPatch(current, patch)
    case 'application/merge-patch+json':
      return applyMergePatch(current, patch)
    case 'application/strategic-merge-patch+json':
      // Custom resources have no Go types to take merge keys from: the API server refuses (415).
      if (!type.builtin) throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`)
      return applyStrategicMergePatch(current, patch)
    default:
      throw unsupportedMediaType(contentType)
  }
}

export class ResourceApi {
  constructor(private readonly context: ApiContext) {}

  private get store(): Store {
    return this.context.store
  }

  handle(request: ApiRequest): ApiResponse {
    const { method, route } = request
    const sub = route.subresource
    if (sub !== undefined && !route.type.subresources.includes(sub as never)) throw notFound(route.type, `${route.name}/${sub}`)
    // The NamespaceLifecycle admission plugin checks creates only; any other request in a missing namespace finds no
    // object (404 for the object itself) or lists nothing.
    if (method === 'POST' && route.type.namespaced && route.namespace !== undefined && !this.store.get(NAMESPACES, undefined, route.namespace)) {
      throw notFound(NAMESPACES, route.namespace)
    }
    if (sub === 'scale') return this.scale(request)
    if (sub === 'log') return this.log(request)
    switch (method) {
      case 'GET':
        return route.name === undefined ? this.list(request) : { status: 200, body: present(this.current(route), route) }
      case 'POST':
        if (route.name !== undefined) throw methodNotAllowed(method)
        return this.create(request)
      case 'PUT':
        return this.replace(request)
      case 'PATCH':
        return this.patch(request)
      case 'DELETE':
        return route.name === undefined ? this.deleteCollection(request) : this.delete(request)
      default:
        throw methodNotAllowed(method)
    }
  }

  private current(route: ResourceRoute): KObject {
    if (route.name === undefined) throw methodNotAllowed('GET')
    const found = this.store.get(route.type, route.namespace, route.name)
    if (!found) throw notFound(route.type, route.name)
    return found
  }

  private list({ route, query }: ApiRequest): ApiResponse {
    const labels = parseLabelSelector(query.get('labelSelector'))
    const fields = parseFieldSelector(query.get('fieldSelector'))
    let items = this.store.list(route.type, route.namespace).filter((o) => labels(o.metadata.labels) && fields(o))
    const metadata: Record<string, unknown> = { resourceVersion: String(this.store.resourceVersion) }
    const limit = Number(query.get('limit') ?? 0)
    const offset = query.get('continue') ? Number(Buffer.from(query.get('continue')!, 'base64url').toString()) : 0
    if (limit > 0) {
      const page = items.slice(offset, offset + limit)
      if (offset + limit < items.length) {
        metadata.continue = Buffer.from(String(offset + limit)).toString('base64url')
        metadata.remainingItemCount = items.length - offset - limit
      }
      items = page
    }
    return {
      status: 200,
      body: {
        apiVersion: apiVersionOf(route.type, route.version),
        kind: `${route.type.kind}List`,
        metadata,
        items: items.map((o) => stripForList(present(o, route), route.type))
      }
    }
  }

  private create({ route, query, body }: ApiRequest): ApiResponse {
    const object = requireObject(structuredClone(body))
    if (route.subresource !== undefined) throw methodNotAllowed('POST')
    if (!object.metadata.name && object.metadata.generateName) {
      object.metadata.name = `${object.metadata.generateName}${randomBytes(3).toString('hex').slice(0, 5)}`
    }
    const name = object.metadata.name ?? ''
    if (route.type.namespaced) {
      if (object.metadata.namespace !== undefined && object.metadata.namespace !== route.namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request')
      }
      object.metadata.namespace = route.namespace
    }
    delete object.metadata.resourceVersion
    delete object.metadata.uid
    if (route.type.subresources.includes('status') && route.type.kind !== 'Pod' && route.type.kind !== 'Namespace') delete object.status
    applyDefaults(route.type.kind, object)
    if (route.type.kind === 'DaemonSet') applyTemplateGeneration(object)
    const causes = validate(route.type.kind, object)
    if (causes.length > 0) throw invalid(route.type, name, causes)
    if (this.store.get(route.type, route.namespace, name)) throw alreadyExists(route.type, name)
    if (isDryRun(query)) return { status: 201, body: present({ ...object, metadata: { ...object.metadata, creationTimestamp: this.context.now() } }, route) }
    return { status: 201, body: present(this.store.create(route.type, object, true), route) }
  }

  /** The common path of PUT and PATCH on an object or its status. */
  private commit(route: ResourceRoute, current: KObject, next: KObject, query: URLSearchParams): ApiResponse {
    const type = route.type
    const name = route.name!
    if (next.metadata?.name !== undefined && next.metadata.name !== name) {
      throw badRequest(`the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`)
    }
    const requested = next.metadata?.resourceVersion
    if (requested !== undefined && requested !== '' && requested !== current.metadata.resourceVersion) throw conflict(type, name)
    let candidate: KObject
    if (route.subresource === 'status') {
      // The status subresource ignores everything but status (and the main resource ignores status).
      candidate = { ...current, status: next.status }
    } else {
      candidate = { ...next, metadata: { ...next.metadata } }
      if (type.subresources.includes('status')) candidate.status = current.status
    }
    candidate.metadata.name = name
    candidate.metadata.namespace = current.metadata.namespace
    candidate.metadata.resourceVersion = current.metadata.resourceVersion
    if (current.metadata.deletionTimestamp) candidate.metadata.deletionTimestamp = current.metadata.deletionTimestamp
    if (type.kind === 'Namespace') candidate.status = current.status
    applyDefaults(type.kind, candidate)
    if (type.kind === 'DaemonSet') applyTemplateGeneration(candidate, current)
    const causes = validate(type.kind, candidate, current)
    if (causes.length > 0) throw invalid(type, name, causes)
    if (isDryRun(query)) return { status: 200, body: present(candidate, route) }
    return { status: 200, body: present(this.store.update(type, candidate, true), route) }
  }

  private replace({ route, query, body }: ApiRequest): ApiResponse {
    const current = this.current(route)
    return this.commit(route, current, requireObject(structuredClone(body)), query)
  }

  private patch({ route, query, body, contentType }: ApiRequest): ApiResponse {
    const current = this.current(route)
    const patched = applyPatch(route.type, current, body, contentType)
    return this.commit(route, current, requireObject(patched), query)
  }

  private delete({ route, body, query }: ApiRequest): ApiResponse {
    const current = this.current(route)
    const options = (typeof body === 'object' && body !== null ? body : {}) as Loose
    const precondition = options.preconditions?.resourceVersion
    if (precondition !== undefined && precondition !== current.metadata.resourceVersion) throw conflict(route.type, route.name!)
    if (options.preconditions?.uid !== undefined && options.preconditions.uid !== current.metadata.uid) throw conflict(route.type, route.name!)
    if (isDryRun(query)) return { status: 200, body: present(current, route) }
    if (route.type === NAMESPACES) return { status: 200, body: present(this.deleteNamespace(current), route) }
    const propagation = options.propagationPolicy ?? query.get('propagationPolicy')
    if (propagation === 'Orphan') this.orphanDependents(current)
    const deleted = this.store.delete(route.type, route.namespace, route.name!, true)!
    // Pods and custom resources answer with the deleted object; other built-ins with a Success Status.
    if (route.type.kind === 'Pod' || !route.type.builtin) return { status: 200, body: present(deleted, route) }
    return {
      status: 200,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name: route.name, ...(route.type.group ? { group: route.type.group } : {}), kind: route.type.resource, uid: deleted.metadata.uid }
      }
    }
  }

  private deleteCollection({ route, query }: ApiRequest): ApiResponse {
    const labels = parseLabelSelector(query.get('labelSelector'))
    const fields = parseFieldSelector(query.get('fieldSelector'))
    const deleted = this.store
      .list(route.type, route.namespace)
      .filter((o) => labels(o.metadata.labels) && fields(o))
      .map((o) => this.store.delete(route.type, o.metadata.namespace, o.metadata.name!, true)!)
    return { status: 200, body: { apiVersion: apiVersionOf(route.type, route.version), kind: `${route.type.kind}List`, metadata: { resourceVersion: String(this.store.resourceVersion) }, items: deleted } }
  }

  private orphanDependents(owner: KObject): void {
    for (const type of [resourceByKind('ReplicaSet'), resourceByKind('ControllerRevision'), resourceByKind('Pod')]) {
      for (const object of this.store.list(type, owner.metadata.namespace)) {
        const refs = object.metadata.ownerReferences ?? []
        if (!refs.some((r) => r.uid === owner.metadata.uid)) continue
        object.metadata.ownerReferences = refs.filter((r) => r.uid !== owner.metadata.uid)
        this.store.update(type, object, true)
      }
    }
  }

  /**
   * The namespace registry marks the namespace Terminating (deletionTimestamp, status.phase) and answers with it; the
   * namespace controller then deletes everything in it, removes the `kubernetes` finalizer and the namespace goes.
   * Here the controller's part runs in the same emulated instant: watchers see MODIFIED (Terminating), the
   * contents' DELETED events, then the namespace's DELETED.
   */
  private deleteNamespace(current: KObject): KObject {
    const name = current.metadata.name!
    const terminating = current.metadata.deletionTimestamp
      ? current
      : this.store.update(NAMESPACES, { ...current, metadata: { ...current.metadata, deletionTimestamp: this.context.now() }, status: { ...current.status, phase: 'Terminating' } }, true)
    for (const type of RESOURCE_TYPES.filter((t) => t.namespaced)) {
      for (const object of this.store.list(type, name)) this.store.delete(type, name, object.metadata.name!)
    }
    this.store.update(NAMESPACES, { ...terminating, spec: { ...terminating.spec, finalizers: [] } })
    this.store.delete(NAMESPACES, undefined, name)
    return terminating
  }

  /** autoscaling/v1 Scale of a Deployment, ReplicaSet or StatefulSet. */
  private scaleOf(object: KObject): KObject {
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: object.metadata.name,
        namespace: object.metadata.namespace,
        uid: object.metadata.uid,
        resourceVersion: object.metadata.resourceVersion,
        creationTimestamp: object.metadata.creationTimestamp
      },
      spec: { replicas: object.spec?.replicas ?? 0 },
      status: { replicas: object.status?.replicas ?? 0, selector: selectorString(object.spec?.selector) }
    }
  }

  private scale(request: ApiRequest): ApiResponse {
    const { route, method, query } = request
    const current = this.current(route)
    if (method === 'GET') return { status: 200, body: this.scaleOf(current) }
    let scale: KObject
    if (method === 'PUT') scale = requireObject(structuredClone(request.body))
    else if (method === 'PATCH') scale = requireObject(applyPatch(route.type, this.scaleOf(current), request.body, request.contentType))
    else throw methodNotAllowed(method)
    const replicas = scale.spec?.replicas
    if (typeof replicas !== 'number' || replicas < 0 || !Number.isInteger(replicas)) {
      throw invalid(resourceByKind('Deployment'), route.name!, [{ field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0` }])
    }
    const next = { ...current, metadata: { ...current.metadata, resourceVersion: scale.metadata.resourceVersion }, spec: { ...current.spec, replicas } }
    const result = this.commit({ ...route, subresource: undefined }, current, next, query)
    return { status: 200, body: this.scaleOf(result.body as KObject) }
  }

  private log({ route, method, query }: ApiRequest): ApiResponse {
    if (method !== 'GET') throw methodNotAllowed(method)
    const pod = this.current(route)
    const container = query.get('container') ?? undefined
    const names: string[] = (pod.spec?.containers ?? []).map((c: Loose) => c.name)
    if (container === undefined && names.length > 1) {
      throw badRequest(`a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names.join(' ')}]`)
    }
    if (container !== undefined && !names.includes(container)) throw badRequest(`container ${container} is not valid for pod ${pod.metadata.name}`)
    const tail = query.get('tailLines')
    const text = this.context.podLogs(pod, {
      container: container ?? names[0],
      previous: query.get('previous') === 'true',
      ...(tail !== null ? { tailLines: Number(tail) } : {})
    })
    return { status: 200, body: text, contentType: 'text/plain' }
  }
}
