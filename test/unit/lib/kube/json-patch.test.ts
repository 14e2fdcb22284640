import { describe, expect, it } from '@jest/globals'
import { jsonPatchDiff, pointerSegment, testResourceVersion, wireJson } from '../../../../src/lib/kube/json-patch.js'

describe('jsonPatchDiff', () => {
  it('sends only the members that changed, not the object around them', () => {
    const before = { metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas: 2, template: { spec: { containers: [{ name: 'app', image: 'web:1' }, { name: 'side', image: 'side:1' }] } } } }
    const after = structuredClone(before)
    after.spec.template.spec.containers[0]!.image = 'web:2'
    after.spec.replicas = 3
    expect(jsonPatchDiff(before, after)).toEqual([
      { op: 'replace', path: '/spec/replicas', value: 3 },
      { op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'web:2' }
    ])
  })

  it('adds and removes members, escaping / and ~ in keys as JSON pointers do', () => {
    expect(jsonPatchDiff({ a: { 'example.com/team': 'x', gone: 1 } }, { a: { 'example.com/team': 'y', 'new~key': 2 } })).toEqual([
      { op: 'remove', path: '/a/gone' },
      { op: 'replace', path: '/a/example.com~1team', value: 'y' },
      { op: 'add', path: '/a/new~0key', value: 2 }
    ])
    expect(pointerSegment('a/b~c')).toBe('a~1b~0c')
  })

  it('replaces a list whose length changed as a whole, and gives nothing for equal objects', () => {
    expect(jsonPatchDiff({ l: [1, 2] }, { l: [1, 2, 3] })).toEqual([{ op: 'replace', path: '/l', value: [1, 2, 3] }])
    expect(jsonPatchDiff({ a: [{ b: 1 }] }, { a: [{ b: 1 }] })).toEqual([])
  })

  it('compares objects as they go over the wire: undefined members are absent, Dates are strings', () => {
    const at = new Date('2026-01-01T00:00:00Z')
    expect(jsonPatchDiff(wireJson({ a: 1, t: at }), wireJson({ a: 1, b: undefined, t: new Date(at) }))).toEqual([])
  })

  it('tests the resourceVersion read', () => {
    expect(testResourceVersion('42')).toEqual({ op: 'test', path: '/metadata/resourceVersion', value: '42' })
  })
})
