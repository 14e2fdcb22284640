/**
 * Is the Deployment running the version this job deployed (`expected-image`)? Compared by meaning: a tag and a
 * digest name the same image when the tag resolves to that digest. The digests come from the references
 * themselves, from the pods (the kubelet reports the digest it pulled as imageID) and, for what is still unknown,
 * from the registry (one manifest HEAD with the docker config's credentials, as `docker pull` would use them).
 */
import type * as k8s from '@kubernetes/client-node'
import { errorMessage } from '../lib/action/errors.js'
import { RegistryClient } from '../lib/oci/client.js'
import { dockerConfigCredentials, readDockerConfig } from '../lib/oci/credentials.js'
import { parseReference, type ImageReference } from '../lib/oci/reference.js'
import { formatReference, sameImage } from '../lib/oci/same-image.js'

export type ExpectedImageCheck = { ok: true } | { ok: false; why: string }

/** Resolves a tag to the digest it points at; undefined with a reason when the registry cannot say. */
export type TagResolver = (reference: ImageReference) => Promise<{ digest: string } | { why: string }>

/** The digests the pods report for each image as written in their spec (`image` → imageID's digest). */
export function podDigests(pods: k8s.V1Pod[]): Map<string, string> {
  const found = new Map<string, string>()
  for (const pod of pods) {
    for (const status of [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])]) {
      const digest = /@(sha256:[a-f0-9]{64})$/.exec(status.imageID ?? '')?.[1]
      const spec = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === status.name)
      if (digest && spec?.image) found.set(normalised(spec.image) ?? spec.image, digest)
    }
  }
  return found
}

function normalised(image: string): string | undefined {
  try {
    return formatReference(parseReference(image))
  } catch {
    return undefined
  }
}

/** Whether any of the `running` images is `expected`, resolving tags only when the answer depends on them. */
export async function checkExpectedImage(expected: string, running: string[], pods: k8s.V1Pod[], resolve: TagResolver): Promise<ExpectedImageCheck> {
  const want = parseReference(expected)
  const known = podDigests(pods)
  const digestOf = (reference: ImageReference) => known.get(formatReference(reference))
  const reasons: string[] = []
  for (const image of running) {
    let have: ImageReference
    try {
      have = parseReference(image)
    } catch {
      continue
    }
    const first = sameImage(want, have, digestOf)
    if (first.same === true) return { ok: true }
    if (first.same === false) continue
    for (const reference of first.needs) {
      const resolved = await resolve(reference)
      if ('digest' in resolved) known.set(formatReference(reference), resolved.digest)
      else reasons.push(`cannot resolve ${formatReference(reference)}: ${resolved.why}`)
    }
    if (sameImage(want, have, digestOf).same === true) return { ok: true }
  }
  const runs = `the Deployment runs ${running.join(', ')}, not the expected ${expected}`
  return { ok: false, why: reasons.length > 0 ? `${runs} (${reasons.join('; ')}; give expected-image by digest, as build-push's image-ref output does, to compare without the registry)` : runs }
}

/** Resolves tags with one manifest HEAD per reference, authenticated as the docker CLI would be. */
export function registryTagResolver(env: { DOCKER_CONFIG?: string; HOME?: string }): TagResolver {
  const config = readDockerConfig(env)
  return async (reference) => {
    try {
      const credentials = dockerConfigCredentials(config, reference.registry)
      const client = new RegistryClient(reference.registry, { ...(credentials && { credentials }), retry: { attempts: 3, baseDelayMs: 200, maxDelayMs: 2000 } })
      const head = await client.headManifest(reference.repository, reference.tag ?? 'latest')
      return head ? { digest: head.digest } : { why: 'the registry has no such tag' }
    } catch (error) {
      return { why: errorMessage(error) }
    }
  }
}
