/**
 * Two open registries (A and B), each behind a fault proxy, with a single-arch image (three layers), a multi-arch
 * index (amd64 + arm64) and a signed image (fallback-index referrer and a cosign tag) pushed to A by buildah.
 */
import { startFaultProxy, type FaultProxy } from '../../../local/registry/fault-proxy.js'
import { Buildah, skopeoInspect } from '../../../local/registry/images.js'
import { haveTools } from '../../../local/process.js'
import { attachReferrers, getManifest } from '../../../local/registry/raw.js'
import { startRegistry, type Registry } from '../../../local/registry/registry.js'

export interface Fixture {
  a: Registry
  b: Registry
  /** The proxies the action talks to (`proxyA.host` is registry A as the action sees it). */
  proxyA: FaultProxy
  proxyB: FaultProxy
  single: { repository: string; tag: string; digest: string }
  multi: { repository: string; tag: string; digest: string }
  /** Docker schema 2: a manifest list of two Docker manifests. */
  dockerList: { repository: string; tag: string; digest: string }
  signed: { repository: string; tag: string; digest: string; signature: string; cosign: string }
  stop: () => Promise<void>
}

export const canRun = (): boolean => haveTools('docker-registry', 'buildah', 'skopeo', 'htpasswd', 'openssl')

export async function startFixture(): Promise<Fixture> {
  const [a, b] = await Promise.all([startRegistry(), startRegistry()])
  const [proxyA, proxyB] = await Promise.all([startFaultProxy(a.port), startFaultProxy(b.port)])
  const buildah = new Buildah()
  try {
    const image = await buildah.build({ files: { '/etc/app.conf': 'mode=prod\n', '/bin/app': 200_000, '/data/blob': 300_000 } })
    const single = { repository: 'team/app', tag: 'build-1', digest: await buildah.push(image, `${a.host}/team/app:build-1`) }
    const multi = { repository: 'team/multi', tag: 'build-1', digest: await buildah.pushMultiArch(['amd64', 'arm64'], `${a.host}/team/multi:build-1`, { '/hello.txt': 'hello' }) }
    const dockerList = { repository: 'team/docker', tag: 'build-1', digest: await buildah.pushMultiArch(['amd64', 'arm64'], `${a.host}/team/docker:build-1`, { '/docker.txt': 'schema 2' }, 'docker') }
    const signedImage = await buildah.build({ files: { '/signed.txt': 'signed content', '/payload': 50_000 } })
    const signedDigest = await buildah.push(signedImage, `${a.host}/team/signed:build-1`)
    const subject = await getManifest(a.host, 'team/signed', signedDigest)
    const refs = await attachReferrers(a.host, 'team/signed', { digest: signedDigest, mediaType: subject!.mediaType, size: subject!.bytes.length })
    return {
      a,
      b,
      proxyA,
      proxyB,
      single,
      multi,
      dockerList,
      signed: { repository: 'team/signed', tag: 'build-1', digest: signedDigest, ...refs },
      stop: async () => {
        await Promise.all([proxyA.stop(), proxyB.stop()])
        await Promise.all([a.stop(), b.stop()])
      }
    }
  } finally {
    buildah.cleanup()
  }
}

export { skopeoInspect }

/** Requests that change a registry. */
export const writes = (proxy: FaultProxy): string[] =>
  proxy.requests.filter((r) => ['PUT', 'POST', 'PATCH', 'DELETE'].includes(r.method)).map((r) => `${r.method} ${r.path}`)
