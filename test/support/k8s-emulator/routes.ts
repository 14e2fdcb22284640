/** Maps request paths to resources, following the API server's URL layout
 * (https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-uris). */
import { findResource, RESOURCE_TYPES, type ResourceType } from './resources.js'

export interface ResourceRoute {
  kind: 'resource'
  type: ResourceType
  version: string
  namespace?: string
  name?: string
  subresource?: string
}

export interface DiscoveryRoute {
  kind: 'discovery'
  path: string
}

export type Route = ResourceRoute | DiscoveryRoute

export function parseRoute(pathname: string): Route | undefined {
  const parts = pathname.split('/').filter((p) => p !== '').map(decodeURIComponent)
  let group: string
  let version: string
  let rest: string[]
  if (parts[0] === 'api' && parts.length >= 2) {
    group = ''
    version = parts[1]!
    rest = parts.slice(2)
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    group = parts[1]!
    version = parts[2]!
    rest = parts.slice(3)
  } else return { kind: 'discovery', path: '/' + parts.join('/') }
  if (rest.length === 0) return { kind: 'discovery', path: '/' + parts.join('/') }

  // /namespaces/{ns}/{resource}/... is a namespaced resource unless {resource} is a namespace subresource.
  if (rest[0] === 'namespaces' && rest.length >= 3 && findResource(group, version, rest[2]!)?.namespaced) {
    const type = findResource(group, version, rest[2]!)!
    if (rest.length > 5) return undefined
    return { kind: 'resource', type, version, namespace: rest[1], name: rest[3], subresource: rest[4] }
  }
  const type = findResource(group, version, rest[0]!)
  if (!type || rest.length > 3) return undefined
  // A namespaced type without a namespace in the path is a list or watch across all namespaces.
  if (type.namespaced && rest.length > 1) return undefined
  return { kind: 'resource', type, version, name: rest[1], subresource: rest[2] }
}

/** Discovery documents, enough for clients that resolve kinds to resources (KubernetesObjectApi). */
export function discovery(path: string): unknown {
  if (path === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:443' }] }
  if (path === '/apis') {
    const groups = [...new Set(RESOURCE_TYPES.filter((r) => r.group !== '').map((r) => r.group))]
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: groups.map((name) => {
        const versions = RESOURCE_TYPES.find((r) => r.group === name)!.versions
        return {
          name,
          versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
          preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] }
        }
      })
    }
  }
  if (path === '/version') return { major: '1', minor: '33', gitVersion: 'v1.33.0-emulator', platform: 'linux/amd64' }
  const match = /^\/(?:api|apis\/([^/]+))\/([^/]+)$/.exec(path)
  if (!match) return undefined
  const group = match[1] ?? ''
  const version = match[2]!
  const types = RESOURCE_TYPES.filter((r) => r.group === group && r.versions.includes(version))
  if (types.length === 0) return undefined
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group === '' ? version : `${group}/${version}`,
    resources: types.flatMap((r) => [
      {
        name: r.resource,
        singularName: r.kind.toLowerCase(),
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']
      },
      ...r.subresources.map((sub) => ({
        name: `${r.resource}/${sub}`,
        singularName: '',
        namespaced: r.namespaced,
        kind: sub === 'scale' ? 'Scale' : sub === 'log' ? 'Pod' : r.kind,
        verbs: sub === 'log' ? ['get'] : ['get', 'patch', 'update']
      }))
    ])
  }
}
