import { describe, expect, it } from '@jest/globals'
import { imageLabels, LABEL } from '../../../src/build-push/labels.js'
import { contextFor, PR_HEAD_SHA } from './events.js'

describe('labels', () => {
  it('the OCI labels of a run; created is the commit time; the user overrides', () => {
    const labels = imageLabels({ context: contextFor('pull-request'), commit: PR_HEAD_SHA, created: '2026-11-20T13:03:11.000Z', version: 'pr-42', extra: { [LABEL.title]: 'Web app' } })
    expect(labels).toEqual({
      [LABEL.source]: 'https://github.com/acme/web',
      [LABEL.revision]: PR_HEAD_SHA,
      [LABEL.created]: '2026-11-20T13:03:11.000Z',
      [LABEL.version]: 'pr-42',
      [LABEL.title]: 'Web app',
      [LABEL.url]: 'https://github.com/acme/web',
      [LABEL.licenses]: 'MIT'
    })
  })
})
