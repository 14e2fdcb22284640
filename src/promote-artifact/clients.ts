/**
 * One registry client per registry involved. `username`/`password` apply everywhere, `target-username`/
 * `target-password` override them for the target registries; without either, the docker config.json is used as the
 * docker CLI uses it (credHelpers, auths, credsStore), else the registry is accessed anonymously.
 */
import { maskSecret } from '../lib/action/secrets.js'
import { logText } from '../lib/action/log-text.js'
import { RegistryClient } from '../lib/oci/client.js'
import { dockerConfigCredentials, maskCredentials, maskingSecrets, readDockerConfig, type Credentials } from '../lib/oci/credentials.js'
import type { RetryPolicy } from '../lib/retry.js'
import type { PromoteArtifactInputs } from './inputs.js'

export interface Clients {
  source: RegistryClient
  target: (registry: string) => RegistryClient
  all: () => RegistryClient[]
}

export function createClients(config: PromoteArtifactInputs, retry?: RetryPolicy): Clients {
  const dockerConfig = readDockerConfig(config.dockerConfigEnv)
  // Masked before any request: the passwords and the base64 of user:password a Basic header carries.
  for (const given of [config.credentials, config.targetCredentials]) if (given) maskCredentials(given, maskSecret)
  const cache = new Map<string, RegistryClient>()
  const make = (registry: string, credentials: Credentials | undefined, role: string): RegistryClient => {
    const key = `${role} ${registry}`
    const existing = cache.get(key)
    if (existing) return existing
    const found = credentials ?? maskingSecrets(dockerConfigCredentials(dockerConfig, registry), maskSecret)
    const client = new RegistryClient(registry, {
      ...(found && { credentials: found }),
      insecure: config.insecureRegistries.includes(registry),
      ...(retry && { retry }),
      onRetry: (message) => logText(`retrying: ${message}`)
    })
    cache.set(key, client)
    return client
  }
  const source = make(config.source.registry, config.credentials, 'source')
  return {
    source,
    // With no target-specific credentials, the source registry's client (and its tokens) serves its targets too.
    target: (registry) =>
      config.targetCredentials ? make(registry, config.targetCredentials, 'target') : make(registry, config.credentials, 'source'),
    all: () => [...cache.values()]
  }
}
