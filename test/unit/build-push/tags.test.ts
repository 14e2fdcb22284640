import { describe, expect, it } from '@jest/globals'
import { computeTags, parseRule, sanitizeTag, tagProblem, type TagRule } from '../../../src/build-push/tags.js'
import { buildCommit, commitTimeFromEvent } from '../../../src/build-push/commit.js'
import { contextFor, MAIN_SHA, PR_HEAD_SHA, PR_MERGE_SHA, RC_SHA, type RunName } from './events.js'

const DEFAULT: TagRule[] = ['sha', 'branch', 'semver', 'pr'].map((r) => parseRule(r)!)
const rules = (...names: string[]): TagRule[] => names.map((n) => parseRule(n)!)
const names = (run: RunName, r: TagRule[] = DEFAULT, existingTags?: string[]): string[] =>
  computeTags({ context: contextFor(run), rules: r, ...(existingTags && { existingTags }) }).tags.map((t) => t.name)

describe('default rules on real event payloads', () => {
  it.each([
    ['push-main', ['main', `sha-${MAIN_SHA.slice(0, 7)}`]],
    ['push-feature-branch', ['feature-Login_Page', 'sha-a94a8fe']],
    ['push-tag-v1.2.3', ['1.2.3', '1.2', '1', `sha-${MAIN_SHA.slice(0, 7)}`]],
    ['push-tag-v2.0.0-rc.1', ['2.0.0-rc.1', `sha-${RC_SHA.slice(0, 7)}`]],
    ['pull-request', ['pr-42', `sha-${PR_HEAD_SHA.slice(0, 7)}`]],
    ['workflow-dispatch', ['main', `sha-${MAIN_SHA.slice(0, 7)}`]],
    ['schedule', ['main', `sha-${MAIN_SHA.slice(0, 7)}`]]
  ] as [RunName, string[]][])('%s gives %j, most specific first', (run, expected) => {
    expect(names(run)).toEqual(expected)
  })

  it('the version output is the most specific tag', () => {
    expect(computeTags({ context: contextFor('push-tag-v1.2.3'), rules: DEFAULT }).version).toBe('1.2.3')
    expect(computeTags({ context: contextFor('pull-request'), rules: DEFAULT }).version).toBe('pr-42')
    expect(computeTags({ context: contextFor('push-main'), rules: rules('sha') }).version).toBe(`sha-${MAIN_SHA.slice(0, 7)}`)
    expect(computeTags({ context: contextFor('push-main'), rules: rules('raw:edge', 'sha') }).version).toBe('edge')
  })

  it('says why a rule gave nothing', () => {
    const { skipped } = computeTags({ context: contextFor('push-main'), rules: DEFAULT })
    expect(skipped.map((s) => s.rule)).toEqual(['semver', 'pr'])
  })
})

describe('pull requests use the head commit, not the merge commit', () => {
  it('sha, sha-long and the build commit come from pull_request.head.sha', () => {
    const context = contextFor('pull-request')
    expect(context.sha).toBe(PR_MERGE_SHA)
    expect(buildCommit(context)).toBe(PR_HEAD_SHA)
    expect(names('pull-request', rules('sha', 'sha-long'))).toEqual([`sha-${PR_HEAD_SHA.slice(0, 7)}`, `sha-${PR_HEAD_SHA}`])
    expect(names('pull-request').join()).not.toContain(PR_MERGE_SHA.slice(0, 7))
  })

  it('a pull request gets no branch tag and no latest', () => {
    expect(names('pull-request', rules('branch', 'latest'))).toEqual([])
  })
})

describe('semver', () => {
  it('a release gives full, minor and major; only the full version is protected', () => {
    const { tags } = computeTags({ context: contextFor('push-tag-v1.2.3'), rules: rules('semver') })
    expect(tags.map((t) => [t.name, t.protected])).toEqual([
      ['1.2.3', true],
      ['1.2', false],
      ['1', false]
    ])
  })

  it('floating tags move only to the highest release of their line', () => {
    const hotfix = { ...contextFor('push-tag-v1.2.3'), ref: 'refs/tags/v1.1.9' }
    const result = computeTags({ context: hotfix, rules: rules('semver'), existingTags: ['1.2.3', '1.2', '1', '1.1.8', '1.1', '2.0.0-rc.1', 'main'] })
    expect(result.tags.map((t) => t.name)).toEqual(['1.1.9', '1.1'])
    expect(result.skipped).toEqual([{ rule: 'semver', why: '1 stays at the higher release 1.2.3' }])
    expect(names('push-tag-v1.2.3', rules('semver'), ['1.2.2', '1.10.0'])).toEqual(['1.2.3', '1.2'])
    expect(names('push-tag-v1.2.3', rules('semver'), ['1.2.4'])).toEqual(['1.2.3'])
  })

  it('a pre-release gives only its full version', () => {
    expect(names('push-tag-v2.0.0-rc.1', rules('semver'))).toEqual(['2.0.0-rc.1'])
  })

  it('a 0.x release gets no bare major tag', () => {
    const context = { ...contextFor('push-tag-v1.2.3'), ref: 'refs/tags/v0.4.1' }
    expect(computeTags({ context, rules: rules('semver') }).tags.map((t) => t.name)).toEqual(['0.4.1', '0.4'])
  })

  it('a tag that is not semver gives no semver tag', () => {
    const context = { ...contextFor('push-tag-v1.2.3'), ref: 'refs/tags/nightly' }
    expect(computeTags({ context, rules: rules('semver') }).skipped[0]?.why).toMatch(/not a semver version/)
  })
})

describe('latest', () => {
  it('on the default branch, by push, dispatch or schedule', () => {
    expect(names('push-main', rules('latest'))).toEqual(['latest'])
    expect(names('workflow-dispatch', rules('latest'))).toEqual(['latest'])
    expect(names('schedule', rules('latest'))).toEqual(['latest'])
    expect(names('push-feature-branch', rules('latest'))).toEqual([])
  })

  it('on a release only when no higher release was pushed; never on a pre-release', () => {
    expect(names('push-tag-v1.2.3', rules('latest'), ['1.0.0', '1.2.2', '2.0.0-rc.1', 'main'])).toEqual(['latest'])
    expect(names('push-tag-v1.2.3', rules('latest'), ['1.3.0'])).toEqual([])
    expect(names('push-tag-v2.0.0-rc.1', rules('latest'), [])).toEqual([])
  })

  it('is the least specific tag', () => {
    expect(computeTags({ context: contextFor('push-main'), rules: rules('latest', 'sha') }).version).toBe(`sha-${MAIN_SHA.slice(0, 7)}`)
  })
})

describe('sanitising and rules', () => {
  it('invalid characters become -, a leading . or - is dropped, 128 characters at most', () => {
    expect(sanitizeTag('feature/Login Page#2')).toBe('feature-Login-Page-2')
    expect(sanitizeTag('.hidden')).toBe('hidden')
    expect(sanitizeTag('a'.repeat(200))).toHaveLength(128)
  })

  it('a raw tag is either a valid OCI tag, taken verbatim, or refused with why', () => {
    expect(names('push-main', rules('raw:v1.2.3_rc-1', 'raw:_x', 'raw:Edge'))).toEqual(['v1.2.3_rc-1', '_x', 'Edge'])
    expect(tagProblem('a'.repeat(128))).toBeUndefined()
    expect(tagProblem('bad tag!')).toBe("it contains a space, '!'")
    expect(tagProblem('feature/x')).toBe("it contains '/'")
    expect(tagProblem('.hidden')).toBe("it starts with '.'")
    expect(tagProblem('-x')).toBe("it starts with '-'")
    expect(tagProblem('a'.repeat(129))).toBe('it has 129 characters, at most 128 are allowed')
  })

  it('duplicates collapse into one tag', () => {
    expect(names('push-main', rules('branch', 'raw:main', 'sha', 'sha'))).toEqual(['main', `sha-${MAIN_SHA.slice(0, 7)}`])
  })

  it('parses the rule names and raw values, and refuses others', () => {
    expect(parseRule(' raw: stable ')).toEqual({ kind: 'raw', value: 'stable' })
    expect(parseRule('raw:')).toBeUndefined()
    expect(parseRule('type=sha')).toBeUndefined()
    expect(parseRule('sha-long')).toEqual({ kind: 'sha-long' })
  })

  it('the sha rules mark the commit tag that reuse-existing looks for', () => {
    const { tags } = computeTags({ context: contextFor('push-main'), rules: DEFAULT })
    expect(tags.filter((t) => t.commitTag).map((t) => t.name)).toEqual([`sha-${MAIN_SHA.slice(0, 7)}`])
  })
})

describe('commit time', () => {
  it('comes from head_commit of a push, normalised to UTC', () => {
    expect(commitTimeFromEvent(contextFor('push-main'))).toBe('2026-11-20T13:03:11.000Z')
  })

  it('is unknown for events that do not carry it', () => {
    expect(commitTimeFromEvent(contextFor('pull-request'))).toBeUndefined()
    expect(commitTimeFromEvent(contextFor('schedule'))).toBeUndefined()
  })
})
