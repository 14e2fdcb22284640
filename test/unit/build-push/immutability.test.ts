import { describe, expect, it } from '@jest/globals'
import { conflictMessage, digestConflicts, preflightConflicts } from '../../../src/build-push/immutability.js'

describe('immutability', () => {
  const existing = [{ tag: 'r.io/a:1.2.3', digest: 'sha256:old', revision: 'c0ffee' }]
  it('before the build: a tag of another commit conflicts; the same commit may be rebuilt', () => {
    expect(preflightConflicts(existing, 'beef', undefined)).toHaveLength(1)
    expect(preflightConflicts(existing, 'c0ffee', undefined)).toEqual([])
  })
  it('when reusing, only the reused digest is acceptable', () => {
    expect(preflightConflicts(existing, 'c0ffee', 'sha256:old')).toEqual([])
    expect(preflightConflicts(existing, 'c0ffee', 'sha256:new')).toHaveLength(1)
  })
  it('after the build: the digest must match', () => {
    expect(digestConflicts(existing, 'sha256:old')).toEqual([])
    const message = conflictMessage(digestConflicts(existing, 'sha256:new'))
    expect(message).toContain('r.io/a:1.2.3')
    expect(message).toContain("immutable-tags")
  })
})
