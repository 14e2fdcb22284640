import { describe, expect, it } from '@jest/globals'
import { notCanaryDeploys, notThisRuns, RUN_ANNOTATION } from '../../../src/canary-deploy/object-ownership.js'

const ours = { labels: { 'app.kubernetes.io/managed-by': 'canary-deploy', app: 'web' }, annotations: { [RUN_ANNOTATION]: '100/1/c' } }

describe('notCanaryDeploys', () => {
  it('accepts what carries canary-deploy\'s label and says why anything else is not its own', () => {
    expect(notCanaryDeploys(ours)).toBeUndefined()
    expect(notCanaryDeploys({ labels: { app: 'web' } })).toBe('was not created by canary-deploy (it lacks the label app.kubernetes.io/managed-by=canary-deploy)')
    expect(notCanaryDeploys({ labels: { 'app.kubernetes.io/managed-by': 'Helm' } })).toMatch(/not created by canary-deploy/)
    expect(notCanaryDeploys(undefined)).toMatch(/not created by canary-deploy/)
  })
})

describe('notThisRuns', () => {
  it('accepts only canary-deploy\'s object of this run', () => {
    expect(notThisRuns(ours, '100/1/c')).toBeUndefined()
    expect(notThisRuns(ours, '100/2/d')).toBe('was created by another canary-deploy run (100/1/c), not by this run (100/2/d)')
    expect(notThisRuns({ labels: ours.labels }, '100/1/c')).toBe('was created by an earlier canary-deploy, not by this run (100/1/c)')
    expect(notThisRuns({ labels: { app: 'web' }, annotations: ours.annotations }, '100/1/c')).toMatch(/not created by canary-deploy/)
  })
})
