/** Registry credentials: given by inputs, or found in a docker `config.json` (`auths`, credential helpers). */
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import path from 'node:path'
import { helperFor, runCredentialHelper, type Credentials, type HelperConfig } from './credential-helpers.js'
import { DOCKER_HUB, normaliseRegistry } from './reference.js'

export type { Credentials }

export interface DockerConfig extends HelperConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>
}

/** Credentials now, or a way to get them when the registry first asks (a credential helper runs only then). */
export type CredentialSource = Credentials | (() => Promise<Credentials | undefined>)

const DOCKER_HUB_KEYS = ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io']

/** The `auths` entry for a registry; keys may be bare hosts or URLs (`https://host/v1/`). */
export function credentialsFromDockerConfig(config: DockerConfig, registry: string): Credentials | undefined {
  const wanted = normaliseRegistry(registry)
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    const host = normaliseRegistry(key.replace(/^https?:\/\//, '').replace(/\/.*$/, ''))
    const matches = host === wanted || (wanted === DOCKER_HUB && DOCKER_HUB_KEYS.includes(key))
    if (!matches) continue
    if (entry.identitytoken) return { username: '<token>', password: entry.identitytoken }
    if (entry.username && entry.password) return { username: entry.username, password: entry.password }
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
    }
  }
  return undefined
}

/** `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`; undefined when absent or unreadable. */
export function readDockerConfig(env: NodeJS.ProcessEnv = process.env): DockerConfig | undefined {
  const file = path.join(env.DOCKER_CONFIG ?? path.join(env.HOME ?? homedir(), '.docker'), 'config.json')
  if (!existsSync(file)) return undefined
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DockerConfig
  } catch {
    return undefined
  }
}

/**
 * Where the docker CLI would look for this registry's credentials: its `credHelpers` entry, then a stored `auths`
 * entry, then `credsStore`. `runHelper` is the helper runner (tests may pass another program runner).
 */
export function dockerConfigCredentials(
  config: DockerConfig | undefined,
  registry: string,
  runHelper: (helper: string, registry: string) => Promise<Credentials | undefined> = runCredentialHelper
): CredentialSource | undefined {
  if (!config) return undefined
  const ownHelper = helperFor({ credHelpers: config.credHelpers ?? {} }, registry)
  if (ownHelper) return () => runHelper(ownHelper, registry)
  const stored = credentialsFromDockerConfig(config, registry)
  if (stored) return stored
  const store = helperFor({ ...(config.credsStore && { credsStore: config.credsStore }) }, registry)
  return store ? () => runHelper(store, registry) : undefined
}

/**
 * Masks what credentials put in a log if echoed: the password, and the base64 of `user:password` that a Basic
 * Authorization header carries (a registry that echoes the header would print it).
 */
export function maskCredentials(credentials: Credentials, mask: (secret: string) => void): void {
  mask(credentials.password)
  mask(Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64'))
}

/** Calls maskCredentials with what the source yields, when it yields it (a helper's secret is known only then). */
export function maskingSecrets(source: CredentialSource | undefined, mask: (secret: string) => void): CredentialSource | undefined {
  if (source === undefined) return undefined
  if (typeof source !== 'function') {
    maskCredentials(source, mask)
    return source
  }
  return async () => {
    const found = await source()
    if (found) maskCredentials(found, mask)
    return found
  }
}
