/** Registry credentials: given by inputs, or found in a docker `config.json` (`auths`). */
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import path from 'node:path'
import { DOCKER_HUB, normaliseRegistry } from './reference.js'

export interface Credentials {
  username: string
  password: string
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string }>
}

const DOCKER_HUB_KEYS = ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io']

/** The `auths` entry for a registry; keys may be bare hosts or URLs (`https://host/v1/`). */
export function credentialsFromDockerConfig(config: DockerConfig, registry: string): Credentials | undefined {
  const wanted = normaliseRegistry(registry)
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    const host = normaliseRegistry(key.replace(/^https?:\/\//, '').replace(/\/.*$/, ''))
    const matches = host === wanted || (wanted === DOCKER_HUB && DOCKER_HUB_KEYS.includes(key))
    if (!matches) continue
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
