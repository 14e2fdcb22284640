/**
 * Which containers a release changes to which image: the `container` and `image` inputs read into requests, the
 * requests checked against the Deployment's pod template (which containers change from what to what), and the
 * changes applied to a pod spec. Pure.
 *
 * `image` is one reference (for the only container, or for every container `container` names) or, as
 * `kubectl set image deployment/web app=img1 sidecar=img2` writes it, `container=reference` items separated by
 * commas or new lines.
 */
import type * as k8s from '@kubernetes/client-node'
import { parseReference } from '../lib/oci/reference.js'

/** One image asked for: for a named container, or (undefined) for the only container of the pod template. */
export interface ImageRequest {
  container: string | undefined
  image: string
  /** The input that named the container: `image` for a `container=reference` item, else `container`. */
  namedBy: 'image' | 'container'
}

/** One container of the stable pod template, the image it runs and the image the release gives it. */
export interface ImageChange {
  container: string
  image: string
  previousImage: string
}

/** A problem with an input, as Inputs.fail records it. */
export interface InputProblem {
  input: 'image' | 'container'
  given: string
  accepted: string
}

/** A container name (RFC 1123 label), as the API server requires it. */
const CONTAINER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/

const CONTAINER_NAME_FORM = 'a container name (at most 63 lower-case letters, digits and -, starting and ending with a letter or digit)'

const IMAGE_FORMS =
  "one image reference, e.g. 'ghcr.io/acme/web@sha256:<64 hex digits>' (build-push's image-ref output) or 'ghcr.io/acme/web:1.2.3', or 'container=reference' items (as kubectl set image writes them) separated by commas or new lines"

const isContainerName = (name: string): boolean => CONTAINER_NAME.test(name) && name.length <= 63

/**
 * The requests of `image` items and `container` names (each input already split by the list parser). Problems name
 * the input, what was given and what is accepted; there are requests only when there are no problems.
 */
export function readImageRequests(imageItems: string[], containers: string[]): { requests: ImageRequest[]; problems: InputProblem[] } {
  const problems: InputProblem[] = []
  for (const name of containers.filter((n) => !isContainerName(n))) problems.push({ input: 'container', given: name, accepted: CONTAINER_NAME_FORM })
  for (const name of duplicates(containers)) problems.push({ input: 'container', given: containers.join(', '), accepted: `each container named once ('${name}' is named twice)` })
  const pairs: { container: string; image: string }[] = []
  const bare: string[] = []
  for (const item of imageItems) {
    const equals = item.indexOf('=')
    const container = equals >= 0 ? item.slice(0, equals).trim() : undefined
    const image = (equals >= 0 ? item.slice(equals + 1) : item).trim()
    if (container !== undefined && !isContainerName(container)) problems.push({ input: 'image', given: item, accepted: `'container=reference' with ${CONTAINER_NAME_FORM} before '='` })
    // `app=img1 proxy=img2` on one line, as typed on kubectl's command line: the items need commas or new lines here.
    const referenceProblem = /\s\S+=/.test(image) ? 'items are separated by commas or new lines, not spaces' : referenceProblemOf(image)
    if (referenceProblem !== undefined) problems.push({ input: 'image', given: item, accepted: `${IMAGE_FORMS} (${referenceProblem})` })
    if (container === undefined) bare.push(image)
    else pairs.push({ container, image })
  }
  const given = imageItems.join(', ')
  if (bare.length > 1) problems.push({ input: 'image', given, accepted: `one image reference for all the containers ${containers.length > 0 ? 'named by container' : 'changed'}, or one 'container=reference' per container (e.g. 'app=ghcr.io/acme/web:2, proxy=ghcr.io/acme/proxy:1')` })
  if (bare.length > 0 && pairs.length > 0) problems.push({ input: 'image', given, accepted: `either one image reference or 'container=reference' items, not both (here '${bare[0]}' names no container)` })
  const paired = pairs.map((p) => p.container)
  for (const name of duplicates(paired)) problems.push({ input: 'image', given, accepted: `one image per container ('${name}' is given twice)` })
  if (pairs.length > 0 && containers.length > 0 && !sameNames(paired, containers)) {
    problems.push({ input: 'container', given: containers.join(', '), accepted: `nothing (the containers are those 'image' names), or exactly the containers 'image' names (${paired.map((n) => `'${n}'`).join(', ')})` })
  }
  if (problems.length > 0) return { requests: [], problems }
  if (pairs.length > 0) return { requests: pairs.map((p) => ({ ...p, namedBy: 'image' as const })), problems }
  if (bare.length === 0) return { requests: [], problems }
  const image = bare[0]!
  return { requests: containers.length === 0 ? [{ container: undefined, image, namedBy: 'container' }] : containers.map((container) => ({ container, image, namedBy: 'container' as const })), problems }
}

/**
 * The changes the requests make to a pod template (its containers and init containers, as kubectl set image finds
 * them), or the problem: a container the template does not have, or no container named where the template has
 * several. `deployment` names the Deployment in the message.
 */
export function planImageChanges(spec: k8s.V1PodSpec | undefined, requests: ImageRequest[], deployment: string): { ok: true; changes: ImageChange[] } | { ok: false; problem: string } {
  const containers = spec?.containers ?? []
  const all = [...containers, ...(spec?.initContainers ?? [])]
  const names = all.map((c) => `'${c.name}'`).join(', ')
  const unknown = requests.filter((r) => r.container !== undefined && !all.some((c) => c.name === r.container))
  if (unknown.length > 0) {
    const input = unknown[0]!.namedBy
    return { ok: false, problem: `Input '${input}': got ${unknown.map((r) => `'${r.container}'`).join(', ')}; expected the names of containers of Deployment ${deployment}: ${names || 'none'}.` }
  }
  const changes: ImageChange[] = []
  for (const request of requests) {
    if (request.container === undefined && containers.length !== 1) {
      return {
        ok: false,
        problem: `Input 'container': required because Deployment ${deployment} has ${containers.length} containers (${containers.map((c) => `'${c.name}'`).join(', ')}): name the ones to change, or give 'image' as 'container=reference' items.`
      }
    }
    const target = request.container === undefined ? containers[0]! : all.find((c) => c.name === request.container)!
    changes.push({ container: target.name, image: request.image, previousImage: target.image ?? '' })
  }
  return { ok: true, changes }
}

/** Whether every change is already made (the template runs every image asked for). */
export const nothingChanges = (changes: ImageChange[]): boolean => changes.every((c) => c.image === c.previousImage)

/**
 * The pod spec with each change's image set (a copy; containers and init containers by name). Returns the names of
 * containers the spec does not have, which are left out.
 */
export function withImages(spec: k8s.V1PodSpec, changes: Pick<ImageChange, 'container' | 'image'>[]): { spec: k8s.V1PodSpec; missing: string[] } {
  const copy = structuredClone(spec)
  const missing: string[] = []
  for (const change of changes) {
    const target = [...copy.containers, ...(copy.initContainers ?? [])].find((c) => c.name === change.container)
    if (target) target.image = change.image
    else missing.push(change.container)
  }
  return { spec: copy, missing }
}

/** The images of the changes for a message: the reference alone for one container, `name=reference` for several. */
export function describeImages(changes: ImageChange[], which: 'image' | 'previousImage'): string {
  if (changes.length === 1) return changes[0]![which]
  return changes.map((c) => `${c.container}=${c[which]}`).join(', ')
}

/** The `image` input as given, in one line: what the report shows before the Deployment is read. */
export function describeRequests(requests: ImageRequest[]): string {
  if (requests.length === 0) return ''
  if (requests.every((r) => r.namedBy === 'container')) return requests[0]!.image
  return requests.map((r) => `${r.container}=${r.image}`).join(', ')
}

function referenceProblemOf(image: string): string | undefined {
  if (image === '') return 'no reference given'
  try {
    parseReference(image)
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

function duplicates(names: string[]): string[] {
  return [...new Set(names.filter((name, index) => names.indexOf(name) !== index))]
}

function sameNames(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((name) => b.includes(name))
}
