import { describe, expect, it } from '@jest/globals'
import { changesOf, ownership, readState, STATE_ANNOTATION, writeState, type CanaryState } from '../../../src/canary-deploy/state.js'

describe('state and ownership', () => {
  const state = { version: 1, owner: '100/1/aa', phase: 'progressing', weight: 25 } as CanaryState
  it('round-trips through the annotation and tells action runs apart', () => {
    expect(readState({ [STATE_ANNOTATION]: writeState(state) })).toEqual(state)
    expect(readState({ [STATE_ANNOTATION]: '{broken' })).toBeUndefined()
    expect(ownership(undefined, '100/1/aa')).toEqual({ kind: 'free' })
    expect(ownership(state, '100/1/aa')).toEqual({ kind: 'ours' })
    expect(ownership(state, '100/2/bb')).toEqual({ kind: 'leftover-of-our-run' })
    // Another step or matrix job of the same workflow run attempt is a concurrent canary, not a leftover.
    expect(ownership(state, '100/1/bb')).toMatchObject({ kind: 'other', owner: '100/1/aa' })
    expect(ownership(state, '200/1/aa')).toEqual({ kind: 'other', owner: '100/1/aa', phase: 'progressing', weight: 25 })
  })

  it('gives the containers a canary changes: its images, or the one container of a state written before several could change', () => {
    const older = { ...state, image: 'web:2', previousImage: 'web:1', container: 'app' } as CanaryState
    expect(changesOf(older)).toEqual([{ container: 'app', image: 'web:2', previousImage: 'web:1' }])
    const images = [
      { container: 'app', image: 'web:2', previousImage: 'web:1' },
      { container: 'proxy', image: 'proxy:2', previousImage: 'proxy:1' }
    ]
    expect(changesOf({ ...older, image: 'app=web:2, proxy=proxy:2', images })).toEqual(images)
  })
})
