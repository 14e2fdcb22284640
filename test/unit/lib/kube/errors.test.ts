import { describe, expect, it } from '@jest/globals'
import { ApiException } from '@kubernetes/client-node'
import { classifyKubeError, kubeErrorMessage, statusCode } from '../../../../src/lib/kube/errors.js'

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
