import { describe, expect, it } from '@jest/globals'
import type * as k8s from '@kubernetes/client-node'
import { checkExpectedImage, podDigests, type TagResolver } from '../../../src/health-rollback/expected-image.js'
import { formatReference } from '../../../src/lib/oci/same-image.js'

const D1 = `sha256:${'1'.repeat(64)}`
const D2 = `sha256:${'2'.repeat(64)}`

const pod = (image: string, imageID: string): k8s.V1Pod => ({
  spec: { containers: [{ name: 'app', image }] },
  status: { containerStatuses: [{ name: 'app', image, imageID, ready: true, restartCount: 0 }] }
})

/** Tags as a registry would resolve them, with the lookups it was asked for. */
function registry(tags: Record<string, string>): TagResolver & { asked: string[] } {
  const asked: string[] = []
  const resolve = async (reference: Parameters<TagResolver>[0]) => {
    asked.push(formatReference(reference))
    const digest = tags[formatReference(reference)]
    return digest ? { digest } : { why: 'the registry has no such tag' }
  }
  return Object.assign(resolve, { asked })
}

describe('podDigests', () => {
  it('maps each container image as written to the digest the kubelet pulled (containerd and docker imageID forms)', () => {
    const found = podDigests([pod('r.io/web:2', `r.io/web@${D2}`), pod('nginx', `docker-pullable://nginx@${D1}`), pod('r.io/web:9', '')])
    expect(Object.fromEntries(found)).toEqual({ 'r.io/web:2': D2, 'docker.io/library/nginx': D1 })
  })
})

describe('checkExpectedImage', () => {
  it('the same tag is the same image without asking the registry', async () => {
    const tags = registry({})
    expect(await checkExpectedImage('r.io/web:2', ['r.io/web:2'], [], tags)).toEqual({ ok: true })
    expect(tags.asked).toEqual([])
  })

  it('a digest expected, a tag running: the pods tell the digest, no registry lookup', async () => {
    const tags = registry({})
    expect(await checkExpectedImage(`r.io/web@${D2}`, ['r.io/web:2'], [pod('r.io/web:2', `r.io/web@${D2}`)], tags)).toEqual({ ok: true })
    expect(tags.asked).toEqual([])
  })

  it('a tag expected, a digest running: the tag is resolved once at the registry', async () => {
    const tags = registry({ 'r.io/web:2': D2 })
    expect(await checkExpectedImage('r.io/web:2', [`r.io/web@${D2}`], [], tags)).toEqual({ ok: true })
    expect(tags.asked).toEqual(['r.io/web:2'])
  })

  it('a tag that resolves elsewhere, or cannot be resolved, is another image, and says why', async () => {
    expect(await checkExpectedImage('r.io/web:3', [`r.io/web@${D2}`], [], registry({ 'r.io/web:3': D1 }))).toEqual({ ok: false, why: `the Deployment runs r.io/web@${D2}, not the expected r.io/web:3` })
    const unresolved = await checkExpectedImage('r.io/web:3', [`r.io/web@${D2}`], [], registry({}))
    expect(unresolved).toEqual({ ok: false, why: expect.stringContaining('cannot resolve r.io/web:3: the registry has no such tag; give expected-image by digest') })
  })

  it('any container running the expected image will do (a sidecar runs something else)', async () => {
    expect(await checkExpectedImage('r.io/web:2', ['r.io/envoy:1', 'r.io/web:2'], [], registry({}))).toEqual({ ok: true })
  })
})
