/**
 * Docker credential helpers (`credHelpers` per registry, `credsStore` for all), as the docker CLI uses them: the
 * program `docker-credential-<name>` is run with `get` and the server URL on stdin, and answers
 * `{"ServerURL","Username","Secret"}`. `gcloud auth configure-docker`, amazon-ecr-credential-helper and
 * `az acr login` set them up. A helper named in the config that cannot run is an error that names it, never a
 * silent fall-back to anonymous access.
 */
import { UserError } from '../action/errors.js'
import { runCommand } from '../exec/command.js'
import { DOCKER_HUB, normaliseRegistry } from './reference.js'

/** A username and password (or token) for one registry. */
export interface Credentials {
  username: string
  password: string
}

export interface HelperConfig {
  credHelpers?: Record<string, string>
  credsStore?: string
}

/** The helper the config names for a registry: its own entry first, then the store for all. */
export function helperFor(config: HelperConfig, registry: string): string | undefined {
  const wanted = normaliseRegistry(registry)
  for (const [key, helper] of Object.entries(config.credHelpers ?? {})) {
    if (normaliseRegistry(key.replace(/^https?:\/\//, '').replace(/\/.*$/, '')) === wanted && helper) return helper
  }
  return config.credsStore || undefined
}

/** What the docker CLI sends a helper for this registry (Docker Hub keeps its legacy index URL). */
export function helperServerUrl(registry: string): string {
  return normaliseRegistry(registry) === DOCKER_HUB ? 'https://index.docker.io/v1/' : normaliseRegistry(registry)
}

/** `Username: <token>` marks an identity (refresh) token, exchanged through OAuth2 at the token server. */
export const IDENTITY_TOKEN_USER = '<token>'

/** Parses a helper's answer; undefined when it has nothing for the server (its "not found" answers). */
export function parseHelperAnswer(helper: string, exitCode: number, stdout: string, stderr: string): Credentials | undefined {
  const text = `${stdout}\n${stderr}`
  if (exitCode !== 0) {
    if (/credentials not found/i.test(text)) return undefined
    throw new UserError(`docker-credential-${helper} get failed (exit code ${exitCode}): ${(stderr || stdout).trim().split('\n').slice(-3).join(' ')}`)
  }
  let answer: { Username?: unknown; Secret?: unknown }
  try {
    answer = JSON.parse(stdout) as typeof answer
  } catch {
    throw new UserError(`docker-credential-${helper} get answered something that is not JSON`)
  }
  if (typeof answer.Secret !== 'string' || answer.Secret === '') return undefined
  return { username: typeof answer.Username === 'string' ? answer.Username : '', password: answer.Secret }
}

export async function runCredentialHelper(helper: string, registry: string): Promise<Credentials | undefined> {
  if (!/^[A-Za-z0-9._-]+$/.test(helper)) throw new UserError(`the docker config names credential helper '${helper}', which is not a helper name`)
  const program = `docker-credential-${helper}`
  const result = await runCommand([program, 'get'], { echo: false, input: helperServerUrl(registry), timeoutMs: 60_000 })
  if (result.startError) {
    throw new UserError(`the docker config names credential helper '${helper}' for ${registry}, but ${program} cannot run (${result.startError}); install it or remove it from config.json`)
  }
  if (result.timedOut) throw new UserError(`${program} get did not answer within 60 s`)
  return parseHelperAnswer(helper, result.exitCode, result.stdout, result.stderr)
}
