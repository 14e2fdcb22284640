import { expect, test } from '@jest/globals'
import { planPromotion, stoppedMessage, tagMayMove, transferFor } from '../../../src/promote-artifact/plan.js'
import { resolveTargets } from '../../../src/promote-artifact/targets.js'

const D = `sha256:${'d'.repeat(64)}`
const OLD = `sha256:${'0'.repeat(64)}`
const source = { registry: 'ghcr.io', repository: 'acme/web', tag: 'sha-1' }
const targets = (...lines: string[]) => resolveTargets(source, lines).targets

test('the transfer follows where the target is', () => {
  expect(transferFor(source, { registry: 'ghcr.io', repository: 'acme/web' })).toBe('tag')
  expect(transferFor(source, { registry: 'ghcr.io', repository: 'acme/web-prod' })).toBe('mount')
  expect(transferFor(source, { registry: 'registry.example.com', repository: 'acme/web' })).toBe('copy')
})

test('absent tags are created, tags at the digest are unchanged, others are refused unless allowed to move', () => {
  const [v1, same, stable, release] = targets('v1.2.3', 'v1.2.2', 'stable', 'registry.example.com/acme/web:v1.0.0')
  const plan = planPromotion(source, D, [
    { target: v1!, current: undefined },
    { target: same!, current: D },
    { target: stable!, current: OLD },
    { target: release!, current: OLD }
  ], ['stable'])
  expect(plan.targets.map((t) => [t.target.reference.tag, t.action, t.transfer])).toEqual([
    ['v1.2.3', 'create', 'tag'],
    ['v1.2.2', 'unchanged', 'tag'],
    ['stable', 'move', 'tag'],
    ['v1.0.0', 'refused', 'copy']
  ])
  expect(plan.writes.map((t) => t.target.reference.tag)).toEqual(['v1.2.3', 'stable'])
  expect(plan.refused.map((t) => t.previous)).toEqual([OLD])
})

test('allow-overwrite takes globs; nothing moves by default', () => {
  expect(tagMayMove('prod-eu', ['prod-*'])).toBe(true)
  expect(tagMayMove('prod', ['prod-*'])).toBe(false)
  expect(tagMayMove('latest', [])).toBe(false)
  expect(tagMayMove('v1.2', ['v1.*'])).toBe(true)
  expect(tagMayMove('.hidden', ['*'])).toBe(true)
})

test('a promotion stopped part-way names the targets written (at the digest) and those not, after the reason', () => {
  const [v1, rc, stable, unchanged] = targets('v1.2.3', 'rc', 'stable', 'v1.2.2')
  const plan = planPromotion(source, D, [
    { target: v1!, current: undefined },
    { target: rc!, current: undefined },
    { target: stable!, current: OLD },
    { target: unchanged!, current: D }
  ], ['stable'])
  expect(stoppedMessage(plan, 'PUT rc: HTTP 503', ['ghcr.io/acme/web:v1.2.3']).split('\n')).toEqual([
    'PUT rc: HTTP 503',
    `Written before the failure, at ${D}: ghcr.io/acme/web:v1.2.3.`,
    'Not promoted: ghcr.io/acme/web:rc, ghcr.io/acme/web:stable.'
  ])
  expect(stoppedMessage(plan, 'copy failed', []).split('\n')).toEqual([
    'copy failed',
    'No target tag was written.',
    'Not promoted: ghcr.io/acme/web:v1.2.3, ghcr.io/acme/web:rc, ghcr.io/acme/web:stable.'
  ])
})
