import { describe, expect, it } from '@jest/globals'
import { applyJsonPatch } from '../../support/k8s-emulator/patch/json-patch.js'
import { applyMergePatch } from '../../support/k8s-emulator/patch/merge-patch.js'
import { applyStrategicMergePatch } from '../../support/k8s-emulator/patch/strategic-merge-patch.js'

describe('JSON merge patch (RFC 7386 appendix A examples)', () => {
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }]
  ])('%j + %j', (target, patch, result) => expect(applyMergePatch(target, patch)).toEqual(result))
})

describe('JSON patch (RFC 6902)', () => {
  const doc = { spec: { list: ['a', 'b'], map: { 'x/y': 1, 'm~n': 2 } } }
  it('adds at an index and at the end, escapes pointers, moves and copies', () => {
    const result = applyJsonPatch(doc, [
      { op: 'add', path: '/spec/list/1', value: 'z' },
      { op: 'add', path: '/spec/list/-', value: 'end' },
      { op: 'replace', path: '/spec/map/x~1y', value: 10 },
      { op: 'move', from: '/spec/map/m~0n', path: '/spec/moved' },
      { op: 'copy', from: '/spec/moved', path: '/spec/copied' },
      { op: 'remove', path: '/spec/list/0' }
    ])
    expect(result).toEqual({ spec: { list: ['z', 'b', 'end'], map: { 'x/y': 10 }, moved: 2, copied: 2 } })
    expect(doc.spec.list).toEqual(['a', 'b'])
  })
  it('refuses to replace or remove a missing path (422), and a failed test', () => {
    expect(() => applyJsonPatch(doc, [{ op: 'replace', path: '/spec/nothing', value: 1 }])).toThrow(expect.objectContaining({ code: 422 }))
    expect(() => applyJsonPatch(doc, [{ op: 'remove', path: '/spec/list/5' }])).toThrow(expect.objectContaining({ code: 422 }))
    expect(() => applyJsonPatch(doc, [{ op: 'test', path: '/spec/list/0', value: 'x' }])).toThrow(expect.objectContaining({ code: 422 }))
    expect(() => applyJsonPatch(doc, { op: 'add' })).toThrow(expect.objectContaining({ code: 400 }))
  })
})

describe('strategic merge patch', () => {
  const pod = {
    metadata: { finalizers: ['a'], labels: { app: 'web' } },
    spec: {
      containers: [
        { name: 'app', image: 'web:1', ports: [{ containerPort: 8080, name: 'http' }], args: ['--x'] },
        { name: 'proxy', image: 'proxy:1' }
      ],
      tolerations: [{ key: 'a' }]
    }
  }
  it('merges container ports by containerPort and replaces lists without a merge key', () => {
    const result = applyStrategicMergePatch(pod, {
      spec: { containers: [{ name: 'app', ports: [{ containerPort: 9090 }], args: ['--y'] }], tolerations: [{ key: 'b' }] }
    })
    expect(result.spec.containers[0]).toEqual({ name: 'app', image: 'web:1', ports: [{ containerPort: 8080, name: 'http' }, { containerPort: 9090 }], args: ['--y'] })
    expect(result.spec.containers[1]).toEqual({ name: 'proxy', image: 'proxy:1' })
    expect(result.spec.tolerations).toEqual([{ key: 'b' }])
  })
  it('merges service ports by port', () => {
    const result = applyStrategicMergePatch({ spec: { ports: [{ port: 80, targetPort: 8080 }] } }, { spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] } })
    expect(result.spec.ports).toEqual([{ port: 80, targetPort: 9090 }, { port: 443 }])
  })
  it('honours $patch replace on a list and a map, and $deleteFromPrimitiveList', () => {
    const replacedList = applyStrategicMergePatch(pod, { spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'x:1' }] } })
    expect(replacedList.spec.containers).toEqual([{ name: 'only', image: 'x:1' }])
    const replacedMap = applyStrategicMergePatch(pod, { metadata: { labels: { $patch: 'replace', tier: 'web' } } })
    expect(replacedMap.metadata.labels).toEqual({ tier: 'web' })
    const finalizers = applyStrategicMergePatch(pod, { metadata: { finalizers: ['b'], '$deleteFromPrimitiveList/finalizers': ['a'] } })
    expect(finalizers.metadata.finalizers).toEqual(['b'])
  })
})
