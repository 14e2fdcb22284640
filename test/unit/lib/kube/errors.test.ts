import { describe, expect, it } from '@jest/globals'
import { ApiException } from '@kubernetes/client-node'
import { UserError } from '../../../../src/lib/action/errors.js'
import {
  classifyKubeError,
  isConflict,
  isNotFound,
  KubeAccessError,
  KubeConflictError,
  kubeErrorMessage,
  KubeNotFoundError,
  KubeUnavailableError,
  statusCode,
  userErrorOr
} from '../../../../src/lib/kube/errors.js'

describe('classifyKubeError', () => {
  it('retries 429 after Retry-After, 5xx, and dropped connections; never other 4xx', () => {
    expect(classifyKubeError(new ApiException(429, 'Too Many Requests', '{}', { 'retry-after': '7' }))).toEqual({ retry: true, reason: 'HTTP 429 Too Many Requests', afterMs: 7000 })
    expect(classifyKubeError(new ApiException(503, 'Service Unavailable', '{}', {}))).toEqual({ retry: true, reason: 'HTTP 503' })
    expect(classifyKubeError(new ApiException(404, 'Not Found', '{}', {}))).toEqual({ retry: false })
    expect(classifyKubeError(new ApiException(409, 'Conflict', '{}', {}))).toEqual({ retry: false })
    expect(classifyKubeError(Object.assign(new TypeError('fetch failed'), { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') })).retry).toBe(true)
    expect(classifyKubeError(new Error('something else')).retry).toBe(false)
  })

  it('reads the Status message of an API error', () => {
    const error = new ApiException(404, 'Not Found', JSON.stringify({ kind: 'Status', message: 'deployments.apps "web" not found' }), {})
    expect(kubeErrorMessage(error)).toBe('deployments.apps "web" not found (HTTP 404)')
    expect(statusCode(Object.assign(new Error('Gone'), { statusCode: 410 }))).toBe(410)
  })
})

describe('userErrorOr', () => {
  const status = (code: number, message: string, details?: object) => new ApiException(code, 'x', JSON.stringify({ kind: 'Status', message, ...(details && { details }), code }), {})

  it('a 404 that names an object is a user error saying what to check, still readable as a 404', () => {
    const error = userErrorOr('get deployment prod/web', status(404, 'deployments.apps "web" not found', { name: 'web', group: 'apps', kind: 'deployments' }))
    expect(error).toBeInstanceOf(KubeNotFoundError)
    expect(error).toBeInstanceOf(UserError)
    expect((error as Error).message).toBe(
      `Kubernetes could not get deployment prod/web: deployments.apps "web" not found (HTTP 404). Check the name and the namespace (and that the kubeconfig's context is the intended cluster), or create it first.`
    )
    expect(error).toMatchObject({ code: 404, statusCode: 404 })
    expect(isNotFound(error)).toBe(true)
    expect(kubeErrorMessage(error)).toBe('deployments.apps "web" not found (HTTP 404)')
    expect(classifyKubeError(error)).toEqual({ retry: false })
  })

  it('a 404 that names nothing (a resource type the server does not serve) stays as it came', () => {
    const error = status(404, 'the server could not find the requested resource')
    expect(userErrorOr('get trafficsplits.split.smi-spec.io prod/web', error)).toBe(error)
  })

  it('refusals are access errors; a transient failure that outlasted the retries is a user error; other answers stay as they came', () => {
    expect(userErrorOr('list pods in prod', status(403, 'pods is forbidden'))).toBeInstanceOf(KubeAccessError)
    const unavailable = userErrorOr('get deployment prod/web', status(503, 'the server is currently unable to handle the request'))
    expect(unavailable).toBeInstanceOf(KubeUnavailableError)
    expect((unavailable as Error).message).toMatch(/^Kubernetes could not get deployment prod\/web: the server is currently unable to handle the request \(HTTP 503\), still after retrying\. Check that the API server/)
    expect(kubeErrorMessage(unavailable)).toBe('the server is currently unable to handle the request (HTTP 503)')
    const unreachable = userErrorOr('get deployment prod/web', Object.assign(new TypeError('fetch failed'), { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') }))
    expect(unreachable).toBeInstanceOf(KubeUnavailableError)
    expect(kubeErrorMessage(unreachable)).toBe('fetch failed: connect ECONNREFUSED 127.0.0.1:1')
    const invalid = status(422, 'Deployment.apps "web" is invalid')
    expect(userErrorOr('patch deployment prod/web', invalid)).toBe(invalid)
    const exists = status(409, 'deployments.apps "web" already exists', { name: 'web' })
    expect(userErrorOr('create deployment prod/web', exists)).toBe(exists)
  })

  it('a conflict that outlasted the re-reads names the object and the other writer, still readable as a 409', () => {
    const error = new KubeConflictError('deployment prod/web', 5, 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified (HTTP 409)')
    expect(error).toBeInstanceOf(UserError)
    expect(error.message).toMatch(/^Kubernetes refused 5 updates in a row of deployment prod\/web: another writer changed it each time/)
    expect(isConflict(error)).toBe(true)
    expect(kubeErrorMessage(error)).toBe('Operation cannot be fulfilled on deployments.apps "web": the object has been modified (HTTP 409)')
  })
})
