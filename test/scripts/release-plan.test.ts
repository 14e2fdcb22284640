import { describe, expect, it } from '@jest/globals'
// @ts-expect-error plain JavaScript module without type declarations
import { planRelease } from '../../scripts/release-plan.mjs'

describe('planRelease', () => {
  it('tags the version and moves the major tag', () => {
    expect(planRelease('v1.4.0', ['v1.3.2', 'v1'])).toEqual({ ok: true, tag: 'v1.4.0', major: 'v1', prerelease: false })
  })

  it('never moves the major tag for a pre-release or an older patch', () => {
    expect(planRelease('v2.0.0-rc.1', ['v1.4.0'])).toMatchObject({ ok: true, major: undefined, prerelease: true })
    expect(planRelease('v1.3.3', ['v1.4.0'])).toMatchObject({ ok: true, major: undefined })
  })

  it('refuses an existing tag and a malformed version', () => {
    expect(planRelease('v1.4.0', ['v1.4.0'])).toEqual({ ok: false, problem: 'v1.4.0 already exists: release tags never move' })
    expect(planRelease('1.4', [])).toMatchObject({ ok: false, problem: expect.stringContaining('vMAJOR.MINOR.PATCH') })
  })
})
