import { describe, expect, it } from '@jest/globals'
import { replicaSplit } from '../../../src/canary-deploy/replica-split.js'

describe('replicaSplit', () => {
  it.each([
    // total, weight, canary, stable, effective
    [10, 5, 1, 9, 10],
    [10, 25, 3, 7, 30], // 2.5 rounds half up
    [10, 50, 5, 5, 50],
    [4, 25, 1, 3, 25],
    [4, 5, 1, 3, 25], // at least one canary pod
    [4, 99, 3, 1, 75], // at least one stable pod below 100
    [3, 50, 2, 1, 66.67],
    [1, 5, 1, 1, 50],
    [10, 100, 10, 0, 100]
  ])('%i pods at %i%% → %i canary / %i stable (effective %f%%)', (total, weight, canary, stable, effective) => {
    expect(replicaSplit(total, weight)).toEqual({ canary, stable, requestedWeight: weight, effectiveWeight: effective })
  })
})
