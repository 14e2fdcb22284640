/**
 * Where the API server sends a proxied request: ports of kubernetes pkg/registry/core/pod/strategy.go
 * ResourceLocation (pods) and pkg/registry/core/service/storage ResourceLocation (services, through the Endpoints
 * the endpoints controller would derive from the Ready pods matching the selector).
 */
import { resourceByKind } from '../resources.js'
import { labelSelectorMatcher } from '../selectors.js'
import { ApiError, badRequest, notFound, serverError } from '../status.js'
import type { Store } from '../store.js'
import type { KObject, Loose } from '../types.js'

export interface ProxyRoute {
  resource: 'pods' | 'services'
  namespace: string
  /** `[scheme:]name[:port]` as it appears in the URL. */
  id: string
  /** The path after `/proxy`, '' when the URL ends at `/proxy`. */
  path: string
  /** The URL prefix up to and including `/proxy` (X-Forwarded-Uri and redirects are relative to it). */
  prefix: string
}

export interface ProxyTarget {
  scheme: 'http' | 'https'
  ip: string
  /** A number, or a name that only Go's resolver could turn into one (the pod proxy does not look names up). */
  port: string
}

const PROXY_PATH = /^(\/api\/v1\/namespaces\/([^/]+)\/(pods|services)\/([^/]+)\/proxy)(\/.*)?$/

export function parseProxyRoute(pathname: string): ProxyRoute | undefined {
  const match = PROXY_PATH.exec(pathname)
  if (!match) return undefined
  return {
    prefix: match[1]!,
    namespace: decodeURIComponent(match[2]!),
    resource: match[3] as 'pods' | 'services',
    id: decodeURIComponent(match[4]!),
    path: decodeURIComponent(match[5] ?? '')
  }
}

/** utilnet.SplitSchemeNamePort: `name`, `name:port` or `scheme:name:port`, scheme '' / http / https. */
export function splitSchemeNamePort(id: string): { scheme: 'http' | 'https'; name: string; port: string } | undefined {
  const parts = id.split(':')
  let scheme = ''
  let name: string
  let port = ''
  if (parts.length === 1) name = parts[0]!
  else if (parts.length === 2) [name, port] = parts as [string, string]
  else if (parts.length === 3) [scheme, name, port] = parts as [string, string, string]
  else return undefined
  if (name === '' || !['', 'http', 'https'].includes(scheme)) return undefined
  return { scheme: scheme === 'https' ? 'https' : 'http', name, port }
}

const serviceUnavailable = (message: string): ApiError => serverError(503, message)

export function locatePod(store: Store, namespace: string, id: string): ProxyTarget {
  const parsed = splitSchemeNamePort(id)
  if (!parsed) throw badRequest(`invalid pod request "${id}"`)
  const pods = resourceByKind('Pod')
  const pod = store.get(pods, namespace, parsed.name)
  if (!pod) throw notFound(pods, parsed.name)
  let port = parsed.port
  if (port === '') {
    const declared = (pod.spec?.containers ?? []).find((c: Loose) => (c.ports ?? []).length > 0)
    if (declared) port = String(declared.ports[0].containerPort)
  }
  // The real server also refuses loopback addresses here ("address not allowed"); the emulator's pods live on them.
  const ip: string | undefined = pod.status?.podIPs?.[0]?.ip
  if (!ip) throw badRequest('address not allowed')
  return { scheme: parsed.scheme, ip, port }
}

function isReady(pod: KObject): boolean {
  return !pod.metadata.deletionTimestamp && (pod.status?.conditions ?? []).some((c: Loose) => c.type === 'Ready' && c.status === 'True')
}

/** The port a pod serves a service port's targetPort on (a named targetPort is looked up in its containers). */
function targetPortOf(pod: KObject, targetPort: number | string): number | undefined {
  if (typeof targetPort === 'number') return targetPort
  if (/^\d+$/.test(targetPort)) return Number(targetPort)
  for (const container of pod.spec?.containers ?? []) {
    const found = (container.ports ?? []).find((p: Loose) => p.name === targetPort && (p.protocol ?? 'TCP') === 'TCP')
    if (found) return found.containerPort
  }
  return undefined
}

export function locateService(store: Store, namespace: string, id: string, random: (n: number) => number = (n) => Math.floor(Math.random() * n)): ProxyTarget {
  const parsed = splitSchemeNamePort(id)
  if (!parsed) throw badRequest(`invalid service request "${id}"`)
  const services = resourceByKind('Service')
  const service = store.get(services, namespace, parsed.name)
  const ports: Loose[] = service?.spec?.ports ?? []
  let portName = parsed.port
  if (/^-?\d+$/.test(portName)) {
    if (!service) throw notFound(services, parsed.name)
    const byNumber = ports.find((p) => p.port === Number(portName))
    if (!byNumber) throw serviceUnavailable(`no service port ${Number(portName)} found for service "${parsed.name}"`)
    portName = byNumber.name ?? ''
  }
  // The Endpoints object: one per service with a selector, named like it.
  if (!service?.spec?.selector) throw notFound({ ...services, resource: 'endpoints' }, parsed.name)
  const selected = labelSelectorMatcher({ matchLabels: service.spec.selector })
  const members = store.list(resourceByKind('Pod'), namespace).filter((pod) => selected(pod.metadata.labels) && pod.status?.podIPs?.[0]?.ip)
  if (members.length === 0) throw serviceUnavailable(`no endpoints available for service "${parsed.name}"`)
  const servicePort = ports.find((p) => (p.name ?? '') === portName)
  const candidates = members
    .filter(isReady)
    .map((pod) => ({ ip: pod.status.podIPs[0].ip as string, port: servicePort ? targetPortOf(pod, servicePort.targetPort ?? servicePort.port) : undefined }))
    .filter((c): c is { ip: string; port: number } => c.port !== undefined)
  if (candidates.length === 0) throw serviceUnavailable(`no endpoints available for service "${id}"`)
  const chosen = candidates[random(candidates.length)]!
  return { scheme: parsed.scheme, ip: chosen.ip, port: String(chosen.port) }
}
