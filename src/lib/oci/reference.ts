/**
 * Image references as docker and the OCI distribution spec write them: `[registry/]repository[:tag][@digest]`.
 * `nginx` is `docker.io/library/nginx:latest`; the first component is a registry when it has a `.` or a `:` or is
 * `localhost` (docker/distribution reference normalisation).
 */
import { UserError } from '../action/errors.js'

export const DOCKER_HUB = 'docker.io'
/** The host that serves Docker Hub's registry API. */
export const DOCKER_HUB_API = 'registry-1.docker.io'

export interface ImageReference {
  /** Normalised registry host, with port when given (`docker.io`, `ghcr.io`, `127.0.0.1:5000`). */
  registry: string
  repository: string
  tag?: string
  digest?: string
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/
const SHA256 = /^sha256:[a-f0-9]{64}$/
const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[a-fA-F0-9:]+\])(?::\d{1,5})?$/

/** Text that is not an image reference; a user error, since the text comes from an input or a Dockerfile. */
export class ImageReferenceError extends UserError {
  override name = 'ImageReferenceError'
}

export function isTag(text: string): boolean {
  return TAG.test(text)
}

/** A digest this client can verify (sha256, lower-case hex). */
export function isSha256Digest(text: string): boolean {
  return SHA256.test(text)
}

export function parseReference(text: string): ImageReference {
  const input = text.trim()
  const fail = (why: string): never => {
    throw new ImageReferenceError(`'${input}' is not an image reference: ${why}`)
  }
  if (input === '') fail('it is empty')
  if (/\s/.test(input)) fail('it contains white space')
  // `sha256:<hex>` would parse as docker.io/library/sha256 with a tag: it is always a digest that lost its repository.
  if (/^sha(?:256|384|512):[a-f0-9]{32,}$/.test(input)) fail('it is a digest with no repository; write <registry>/<repository>@<digest>')
  let rest = input
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
    if (!DIGEST.test(digest)) fail(`'${digest}' is not a digest (algorithm:hex)`)
    if (digest.startsWith('sha256:') && !SHA256.test(digest)) fail(`'${digest}' is not a sha256 digest (64 lower-case hex digits)`)
  }
  let tag: string | undefined
  const lastSlash = rest.lastIndexOf('/')
  const colon = rest.lastIndexOf(':')
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
    if (!TAG.test(tag)) fail(`'${tag}' is not a valid tag`)
  }
  const slash = rest.indexOf('/')
  let registry = DOCKER_HUB
  let repository = rest
  if (slash > 0) {
    const first = rest.slice(0, slash)
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('[')) {
      registry = first
      repository = rest.slice(slash + 1)
      if (!HOST.test(registry)) fail(`'${registry}' is not a registry host`)
    }
  }
  registry = normaliseRegistry(registry)
  if (repository === '') fail('the repository is missing')
  for (const component of repository.split('/')) {
    if (!COMPONENT.test(component)) fail(`'${repository}' is not a repository name (lower-case letters, digits, separators . _ - and /)`)
  }
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`
  if (repository.length > 255) fail('the repository name is longer than 255 characters')
  return { registry, repository, ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) }
}

/** A registry as an image reference names it: host[:port] (a DNS name, an IPv4 address, or [IPv6]), port 1-65535. */
export function isRegistryHost(text: string): boolean {
  if (!HOST.test(text)) return false
  const port = /:(\d+)$/.exec(text.replace(/^\[[^\]]*\]/, ''))?.[1]
  return port === undefined || (Number(port) >= 1 && Number(port) <= 65_535)
}

export function normaliseRegistry(host: string): string {
  const lower = host.toLowerCase()
  return ['index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com'].includes(lower) ? DOCKER_HUB : lower
}

/** The host to send API requests to. */
export function apiHost(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_API : registry
}

/** `registry/repository[:tag][@digest]`, fully qualified. */
export function formatReference(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`
}

/** Loopback hosts may use plain http: traffic never leaves the machine. */
export function isLoopback(registry: string): boolean {
  const host = registry.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
}
