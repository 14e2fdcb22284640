/**
 * Credentials for the builder: a containers/docker `auths` file (0600) under the run's own directory, passed as
 * `--authfile` to buildah and as DOCKER_CONFIG to buildx; removed with the directory in the post step.
 */
import * as core from '@actions/core'
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import path from 'node:path'
import type { Credentials } from '../lib/oci/credentials.js'
import { DOCKER_HUB } from '../lib/oci/reference.js'
import type { BuildPushInputs } from './inputs.js'

export function authFileContent(registries: string[], credentials: Credentials): string {
  const auth = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')
  const auths: Record<string, { auth: string }> = {}
  for (const registry of new Set(registries)) auths[registry === DOCKER_HUB ? 'https://index.docker.io/v1/' : registry] = { auth }
  return JSON.stringify({ auths }, null, 2) + '\n'
}

/**
 * What DOCKER_CONFIG moves besides the credentials, linked from the user's docker config directory into the run's:
 * `buildx` (the builders, and which one is selected: docker/setup-buildx-action's) and `cli-plugins` (buildx itself
 * when setup-buildx-action installed it there, as it does for a pinned version: without the link `docker buildx`
 * is an unknown command).
 */
export const LINKED_CONFIG = ['buildx', 'cli-plugins'] as const

/** Writes `<dir>/config.json`, and links LINKED_CONFIG from the user's docker config directory; returns its path. */
export function writeAuthFile(dir: string, registries: string[], credentials: Credentials, env: NodeJS.ProcessEnv = process.env): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const file = path.join(dir, 'config.json')
  writeFileSync(file, authFileContent(registries, credentials), { mode: 0o600 })
  const userConfig = env.DOCKER_CONFIG ?? path.join(env.HOME ?? homedir(), '.docker')
  for (const name of LINKED_CONFIG) {
    if (existsSync(path.join(userConfig, name)) && !existsSync(path.join(dir, name))) symlinkSync(path.join(userConfig, name), path.join(dir, name))
  }
  return file
}

/** With username and password: the auth file for every registry the run touches; returns its directory. */
export function writeRunCredentials(inputs: BuildPushInputs, workdir: string, env: NodeJS.ProcessEnv): string | undefined {
  if (!inputs.credentials) return undefined
  const registries = [...inputs.images.map((i) => i.registry), inputs.cacheRepository.registry]
  const dir = path.dirname(writeAuthFile(path.join(workdir, 'auth'), registries, inputs.credentials, env))
  core.info("registry credentials written to this run's auth file (removed in the post step)")
  return dir
}
