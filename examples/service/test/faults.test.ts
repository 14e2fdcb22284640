import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ErrorPacer, faultsFromEnv, parseFaults } from '../src/faults.ts'

describe('faults', () => {
  it('reads the environment, defaulting to none', () => {
    assert.deepEqual(faultsFromEnv({}), { errorRate: 0, latencyMs: 0 })
    assert.deepEqual(faultsFromEnv({ FAULT_ERROR_RATE: '0.25', FAULT_LATENCY_MS: '40' }), { errorRate: 0.25, latencyMs: 40 })
  })

  it('rejects values out of range', () => {
    assert.throws(() => faultsFromEnv({ FAULT_ERROR_RATE: 'lots' }), /errorRate must be a number from 0 to 1, got lots/)
    assert.throws(() => parseFaults({ latencyMs: -1 }), /latencyMs must be a number of milliseconds >= 0/)
  })

  it('keeps the current value of a field not given', () => {
    assert.deepEqual(parseFaults({ latencyMs: 5 }, { errorRate: 0.3, latencyMs: 0 }), { errorRate: 0.3, latencyMs: 5 })
  })

  it('fails exactly the share of requests asked for', () => {
    const pacer = new ErrorPacer()
    const failures = Array.from({ length: 100 }, () => pacer.fails(0.2)).filter(Boolean).length
    assert.equal(failures, 20)
  })
})
