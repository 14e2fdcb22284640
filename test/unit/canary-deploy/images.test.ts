import { describe, expect, it } from '@jest/globals'
import type { V1PodSpec } from '@kubernetes/client-node'
import { describeImages, describeRequests, nothingChanges, planImageChanges, readImageRequests, withImages, type ImageRequest } from '../../../src/canary-deploy/images.js'

const WEB = 'ghcr.io/acme/web:2'
const PROXY = 'ghcr.io/acme/proxy:1.27'
const DIGEST = `ghcr.io/acme/web@sha256:${'a'.repeat(64)}`

const spec = (containers: Record<string, string>, init: Record<string, string> = {}): V1PodSpec => ({
  containers: Object.entries(containers).map(([name, image]) => ({ name, image })),
  ...(Object.keys(init).length > 0 ? { initContainers: Object.entries(init).map(([name, image]) => ({ name, image })) } : {})
})

describe('readImageRequests', () => {
  it('one reference without container: the only container (the form of every earlier release)', () => {
    expect(readImageRequests([DIGEST], [])).toEqual({ requests: [{ container: undefined, image: DIGEST, namedBy: 'container' }], problems: [] })
  })

  it('one reference with several container names: each of them runs it', () => {
    expect(readImageRequests([WEB], ['app', 'worker']).requests).toEqual([
      { container: 'app', image: WEB, namedBy: 'container' },
      { container: 'worker', image: WEB, namedBy: 'container' }
    ])
  })

  it("container=reference items, as kubectl set image writes them, with or without a matching 'container'", () => {
    const expected: ImageRequest[] = [
      { container: 'app', image: WEB, namedBy: 'image' },
      { container: 'proxy', image: PROXY, namedBy: 'image' }
    ]
    expect(readImageRequests([`app=${WEB}`, `proxy = ${PROXY}`], [])).toEqual({ requests: expected, problems: [] })
    expect(readImageRequests([`app=${WEB}`, `proxy=${PROXY}`], ['proxy', 'app'])).toEqual({ requests: expected, problems: [] })
  })

  it('nothing asked for without image', () => {
    expect(readImageRequests([], [])).toEqual({ requests: [], problems: [] })
    expect(readImageRequests([], ['app'])).toEqual({ requests: [], problems: [] })
  })

  it('refuses each bad form naming the input, what was given and what is accepted, and asks for nothing then', () => {
    const problemsOf = (items: string[], containers: string[] = []) => {
      const read = readImageRequests(items, containers)
      expect(read.requests).toEqual([])
      return read.problems
    }
    expect(problemsOf([WEB, PROXY])).toEqual([expect.objectContaining({ input: 'image', given: `${WEB}, ${PROXY}`, accepted: expect.stringMatching(/^one image reference for all the containers changed, or one 'container=reference' per container/) })])
    expect(problemsOf([`app=${WEB}`, PROXY])).toEqual([expect.objectContaining({ input: 'image', accepted: expect.stringMatching(/not both \(here 'ghcr.io\/acme\/proxy:1.27' names no container\)/) })])
    expect(problemsOf([`app=${WEB}`, `app=${PROXY}`])).toEqual([expect.objectContaining({ input: 'image', accepted: "one image per container ('app' is given twice)" })])
    expect(problemsOf([`App_1=${WEB}`])).toEqual([expect.objectContaining({ input: 'image', given: `App_1=${WEB}`, accepted: expect.stringMatching(/^'container=reference' with a container name/) })])
    expect(problemsOf(['app=web 2'])).toEqual([expect.objectContaining({ input: 'image', given: 'app=web 2', accepted: expect.stringMatching(/'container=reference' items .* \(.+\)$/) })])
    expect(problemsOf([`app=${WEB} proxy=${PROXY}`])).toEqual([expect.objectContaining({ input: 'image', accepted: expect.stringMatching(/\(items are separated by commas or new lines, not spaces\)$/) })])
    expect(problemsOf(['app='])).toEqual([expect.objectContaining({ input: 'image', given: 'app=', accepted: expect.stringMatching(/\(no reference given\)$/) })])
    expect(problemsOf([`sha256:${'a'.repeat(64)}`])).toEqual([expect.objectContaining({ input: 'image' })])
    expect(problemsOf([WEB], ['Web_App'])).toEqual([expect.objectContaining({ input: 'container', given: 'Web_App', accepted: expect.stringMatching(/^a container name/) })])
    expect(problemsOf([WEB], ['app', 'app'])).toEqual([expect.objectContaining({ input: 'container', given: 'app, app', accepted: "each container named once ('app' is named twice)" })])
    expect(problemsOf([`app=${WEB}`, `proxy=${PROXY}`], ['app'])).toEqual([
      expect.objectContaining({ input: 'container', given: 'app', accepted: "nothing (the containers are those 'image' names), or exactly the containers 'image' names ('app', 'proxy')" })
    ])
  })
})

describe('planImageChanges', () => {
  const two = spec({ app: 'web:1', proxy: 'proxy:1.26' }, { migrate: 'web:1' })

  it('the only container, with the image it runs now', () => {
    expect(planImageChanges(spec({ app: 'web:1' }), [{ container: undefined, image: WEB, namedBy: 'container' }], 'web')).toEqual({ ok: true, changes: [{ container: 'app', image: WEB, previousImage: 'web:1' }] })
  })

  it('several containers, init containers too (as kubectl set image finds them), in the order asked', () => {
    const requests: ImageRequest[] = [
      { container: 'proxy', image: PROXY, namedBy: 'image' },
      { container: 'app', image: WEB, namedBy: 'image' },
      { container: 'migrate', image: WEB, namedBy: 'image' }
    ]
    expect(planImageChanges(two, requests, 'web')).toEqual({
      ok: true,
      changes: [
        { container: 'proxy', image: PROXY, previousImage: 'proxy:1.26' },
        { container: 'app', image: WEB, previousImage: 'web:1' },
        { container: 'migrate', image: WEB, previousImage: 'web:1' }
      ]
    })
  })

  it('refuses an unknown container naming the input that named it and the names the Deployment has', () => {
    expect(planImageChanges(two, [{ container: 'sidecar', image: WEB, namedBy: 'container' }], 'web')).toEqual({
      ok: false,
      problem: "Input 'container': got 'sidecar'; expected the names of containers of Deployment web: 'app', 'proxy', 'migrate'."
    })
    const pairs: ImageRequest[] = [
      { container: 'app', image: WEB, namedBy: 'image' },
      { container: 'envoy', image: PROXY, namedBy: 'image' },
      { container: 'db', image: PROXY, namedBy: 'image' }
    ]
    expect(planImageChanges(two, pairs, 'web')).toEqual({ ok: false, problem: "Input 'image': got 'envoy', 'db'; expected the names of containers of Deployment web: 'app', 'proxy', 'migrate'." })
  })

  it('requires a container name when the pod has several', () => {
    const planned = planImageChanges(two, [{ container: undefined, image: WEB, namedBy: 'container' }], 'web')
    expect(planned).toEqual({ ok: false, problem: expect.stringMatching(/^Input 'container': required because Deployment web has 2 containers \('app', 'proxy'\): name the ones to change, or give 'image' as 'container=reference' items\.$/) })
  })
})

describe('applying and describing changes', () => {
  const changes = [
    { container: 'app', image: WEB, previousImage: 'web:1' },
    { container: 'migrate', image: WEB, previousImage: 'web:1' },
    { container: 'proxy', image: PROXY, previousImage: 'proxy:1.26' }
  ]

  it('sets every image in a copy (containers and init containers), leaving the rest of the spec and the original as they were', () => {
    const original = { ...spec({ app: 'web:1', proxy: 'proxy:1.26' }, { migrate: 'web:1' }), terminationGracePeriodSeconds: 2 }
    const { spec: after, missing } = withImages(original, changes)
    expect(missing).toEqual([])
    expect(after).toEqual({ ...spec({ app: WEB, proxy: PROXY }, { migrate: WEB }), terminationGracePeriodSeconds: 2 })
    expect(original.containers.map((c) => c.image)).toEqual(['web:1', 'proxy:1.26'])
    expect(withImages(spec({ app: 'web:1' }), changes).missing).toEqual(['migrate', 'proxy'])
  })

  it('says when nothing changes, and describes one image alone and several by container', () => {
    expect(nothingChanges(changes)).toBe(false)
    expect(nothingChanges([{ container: 'app', image: WEB, previousImage: WEB }, { container: 'proxy', image: PROXY, previousImage: PROXY }])).toBe(true)
    expect(describeImages(changes.slice(0, 1), 'image')).toBe(WEB)
    expect(describeImages(changes, 'previousImage')).toBe('app=web:1, migrate=web:1, proxy=proxy:1.26')
    expect(describeRequests([{ container: undefined, image: WEB, namedBy: 'container' }])).toBe(WEB)
    expect(describeRequests([{ container: 'app', image: WEB, namedBy: 'container' }, { container: 'worker', image: WEB, namedBy: 'container' }])).toBe(WEB)
    expect(describeRequests([{ container: 'app', image: WEB, namedBy: 'image' }, { container: 'proxy', image: PROXY, namedBy: 'image' }])).toBe(`app=${WEB}, proxy=${PROXY}`)
    expect(describeRequests([])).toBe('')
  })
})
