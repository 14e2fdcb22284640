import { expect, test } from '@jest/globals'
import { RegistryError, RetryableStatusError } from '../../../../src/lib/oci/errors.js'
import { classifyRegistryFailure } from '../../../../src/lib/oci/retryable.js'

test('429 and 5xx are retried, honouring Retry-After', () => {
  expect(classifyRegistryFailure(new RetryableStatusError('r', 429, 2000, ''))).toMatchObject({ retry: true, afterMs: 2000 })
  expect(classifyRegistryFailure(new RetryableStatusError('r', 503, undefined, ''))).toEqual({ retry: true, reason: 'r: HTTP 503' })
})

test('dropped connections are retried, whether the code is on the error or its cause', () => {
  const reset = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('socket'), { code: 'UND_ERR_SOCKET' }) })
  expect(classifyRegistryFailure(reset).retry).toBe(true)
  expect(classifyRegistryFailure(Object.assign(new Error('x'), { code: 'ECONNRESET' })).retry).toBe(true)
})

test('refusals and bugs are not retried', () => {
  expect(classifyRegistryFailure(new RegistryError('r', 'denied', 403)).retry).toBe(false)
  expect(classifyRegistryFailure(new Error('bug')).retry).toBe(false)
  expect(classifyRegistryFailure(Object.assign(new Error('x'), { code: 'ENOTFOUND' })).retry).toBe(false)
})
