import { describe, expect, it } from '@jest/globals'
import { isWatchRequest, requestInfo } from '../../local/kube-fault-proxy/request-info.js'
import { conflictStatus, forbiddenStatus } from '../../local/kube-fault-proxy/status.js'

const info = (method: string, target: string) => {
  const url = new URL(target, 'https://x')
  return requestInfo(method, url.pathname, url.searchParams)
}

describe('requestInfo (port of the apiserver RequestInfoFactory)', () => {
  it.each([
    ['GET', '/api/v1/namespaces/ns/pods', { verb: 'list', apiGroup: '', resource: 'pods', namespace: 'ns', name: '' }],
    ['GET', '/api/v1/namespaces/ns/pods?watch=true', { verb: 'watch', resource: 'pods', namespace: 'ns' }],
    ['GET', '/api/v1/namespaces/ns/pods?watch=1&fieldSelector=metadata.name%3Dweb', { verb: 'watch', name: 'web' }],
    ['GET', '/api/v1/watch/namespaces/ns/pods', { verb: 'watch', resource: 'pods', namespace: 'ns' }],
    ['GET', '/apis/apps/v1/namespaces/ns/deployments/web', { verb: 'get', apiGroup: 'apps', resource: 'deployments', name: 'web' }],
    ['PUT', '/apis/apps/v1/namespaces/ns/deployments/web/scale', { verb: 'update', resource: 'deployments', subresource: 'scale', name: 'web' }],
    ['PATCH', '/apis/apps/v1/namespaces/ns/deployments/web/status', { verb: 'patch', subresource: 'status' }],
    ['POST', '/apis/apps/v1/namespaces/ns/deployments', { verb: 'create', resource: 'deployments', name: '' }],
    ['DELETE', '/api/v1/namespaces/ns/pods', { verb: 'deletecollection' }],
    ['GET', '/api/v1/namespaces/ns', { verb: 'get', resource: 'namespaces', name: 'ns', namespace: 'ns' }],
    ['PUT', '/api/v1/namespaces/ns/finalize', { verb: 'update', resource: 'namespaces', name: 'ns', subresource: 'finalize' }],
    ['GET', '/api/v1/nodes', { verb: 'list', resource: 'nodes', namespace: '' }],
    ['GET', '/api/v1/namespaces/ns/pods/web:8080/proxy/metrics', { verb: 'get', resource: 'pods', name: 'web:8080', subresource: 'proxy' }],
    ['GET', '/api/v1/proxy/namespaces/ns/pods/web/metrics', { verb: 'proxy', name: 'web', subresource: '' }],
    ['GET', '/healthz', { isResourceRequest: false, verb: 'get', path: '/healthz' }],
    ['GET', '/apis/apps', { isResourceRequest: false }]
  ])('%s %s', (method, target, expected) => {
    expect(info(method, target)).toMatchObject(expected)
  })

  it('tells watches from lists', () => {
    const watch = (method: string, target: string) => {
      const url = new URL(target, 'https://x')
      return isWatchRequest(method, url.pathname, url.searchParams)
    }
    expect(watch('GET', '/api/v1/pods?watch=true')).toBe(true)
    expect(watch('GET', '/api/v1/pods?watch=false')).toBe(false)
    expect(watch('GET', '/api/v1/pods')).toBe(false)
    expect(watch('GET', '/apis/apps/v1/watch/deployments')).toBe(true)
    expect(watch('POST', '/api/v1/pods?watch=true')).toBe(false)
  })
})

describe('Status bodies', () => {
  it('words a 403 as responsewriters.ForbiddenStatusError does', () => {
    expect(forbiddenStatus(info('GET', '/apis/apps/v1/namespaces/ns/deployments/web'), 'system:serviceaccount:ns:reader')).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'deployments.apps "web" is forbidden: User "system:serviceaccount:ns:reader" cannot get resource "deployments" in API group "apps" in the namespace "ns"',
      reason: 'Forbidden',
      details: { name: 'web', group: 'apps', kind: 'deployments' },
      code: 403
    })
    expect(forbiddenStatus(info('GET', '/api/v1/nodes'), 'u').message).toBe('nodes is forbidden: User "u" cannot list resource "nodes" in API group "" at the cluster scope')
    expect(forbiddenStatus(info('GET', '/healthz'), 'u')).toMatchObject({ message: 'forbidden: User "u" cannot get path "/healthz"', details: {} })
  })

  it('words a 409 as the registry optimistic lock does', () => {
    expect(conflictStatus(info('PUT', '/apis/apps/v1/namespaces/ns/deployments/web/scale'))).toMatchObject({
      message: 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
      reason: 'Conflict',
      details: { name: 'web', group: 'apps', kind: 'deployments' },
      code: 409
    })
  })
})
