/**
 * Build secrets and SSH on both builders, the bundle run as the runner runs it: buildah, and buildx on a real Docker
 * Engine 20.10 started here, on its default builder (docker driver) and on a docker-container builder (BuildKit built
 * by .ci/install-components). A Dockerfile
 * reads a `secrets` value, a `secret-files` file and the SSH agent (`ssh: default`, a real ssh-agent holding a key made
 * here) in `RUN --mount` steps and writes only what proves they arrived (a length, the key's fingerprint). Then no
 * blob in the registry (image layers, config and history, the build cache), no log line and no command line seen in
 * the process list while the build ran holds a secret.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import { runAction } from '../../local/harness.js'
import { createBuilder, makeBuildkitImage, removeBuilder } from '../../local/docker/buildkit.js'
import { dockerConfigWithBuildx, haveBuilders } from '../../local/docker/components.js'
import { startDockerEngine, type DockerEngine } from '../../local/docker/engine.js'
import { haveTools } from '../../local/process.js'
import { startRegistry, type Registry } from '../../local/registry/registry.js'
import { leftovers, pushShellBase, workspaceWith } from '../../local/scenarios/build-push.js'
import { eventPath, runEnv } from '../unit/build-push/events.js'

const event = JSON.parse(readFileSync(eventPath('push-main'), 'utf8')) as Record<string, unknown>
const enabled = haveTools('buildah', 'skopeo', 'docker-registry', 'ssh-agent', 'ssh-add', 'ssh-keygen') && haveBuilders()

let registry: Registry
let base: Awaited<ReturnType<typeof pushShellBase>>
let engine: DockerEngine
let agent: ChildProcess
let agentSocket: string
let fingerprint: string

beforeAll(async () => {
  if (!enabled) return
  registry = await startRegistry()
  base = await pushShellBase(registry.host, 'base/dash-ssh', { extra: [execFileSync('sh', ['-c', 'command -v ssh-add'], { encoding: 'utf8' }).trim()] })
  engine = await startDockerEngine()
  await makeBuildkitImage(engine)
  // A real agent holding a key made here: `ssh: default` forwards it.
  const dir = mkdtempSync(path.join(tmpdir(), 'ssh-'))
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'build-push-test', '-f', path.join(dir, 'key')])
  fingerprint = execFileSync('ssh-keygen', ['-l', '-f', path.join(dir, 'key.pub')], { encoding: 'utf8' }).split(' ')[1]!
  agentSocket = path.join(dir, 'agent.sock')
  agent = spawn('ssh-agent', ['-D', '-a', agentSocket], { stdio: 'ignore' })
  for (let i = 0; i < 100 && !existsSocket(agentSocket); i++) await new Promise((resolve) => setTimeout(resolve, 50))
  execFileSync('ssh-add', ['-q', path.join(dir, 'key')], { env: { ...process.env, SSH_AUTH_SOCK: agentSocket } })
}, 180_000)
afterAll(async () => {
  agent?.kill()
  await engine?.stop()
  await registry?.stop()
  base?.cleanup()
}, 60_000)

function existsSocket(file: string): boolean {
  try {
    return statSync(file).isSocket()
  } catch {
    return false
  }
}

const dockerfile = () =>
  [
    `FROM ${base.reference}`,
    'RUN --mount=type=secret,id=TOKEN read -r v < /run/secrets/TOKEN; case "$v" in s3cr3t-*) echo "token ${#v}" > /seen-token ;; esac',
    'RUN --mount=type=secret,id=netrc read -r v < /run/secrets/netrc; echo "netrc ${#v}" > /seen-netrc',
    'RUN --mount=type=ssh ssh-add -l > /seen-ssh',
    ''
  ].join('\n')

/** Command lines of every process, sampled until `stop` is called. */
function watchProcesses(): { stop: () => string[] } {
  const seen = new Set<string>()
  const timer = setInterval(() => {
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      try {
        seen.add(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim())
      } catch {
        // gone meanwhile
      }
    }
  }, 50)
  return {
    stop: () => {
      clearInterval(timer)
      return [...seen]
    }
  }
}

/** The files (not directories) under `dir`, none when it does not exist. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => !statSync(path.join(dir, name)).isDirectory())
}

/** Every blob the registry stores (layers, configs, manifests, the build cache), decompressed when gzip. */
function registryBlobs(): Buffer[] {
  const root = path.join(registry.dir, 'data/docker/registry/v2/blobs')
  const files: string[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name)
      if (statSync(file).isDirectory()) walk(file)
      else if (name === 'data') files.push(file)
    }
  }
  walk(root)
  return files.map((file) => {
    const bytes = readFileSync(file)
    return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes
  })
}

/** The image's files, extracted layer by layer with skopeo and tar. */
function imageFiles(reference: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bp-image-'))
  execFileSync('skopeo', ['copy', '--src-tls-verify=false', `docker://${reference}`, `dir:${path.join(dir, 'blobs')}`], { stdio: 'ignore' })
  const manifest = JSON.parse(readFileSync(path.join(dir, 'blobs', 'manifest.json'), 'utf8')) as { layers: { digest: string }[] }
  mkdirSync(path.join(dir, 'root'))
  for (const layer of manifest.layers) execFileSync('tar', ['-xf', path.join(dir, 'blobs', layer.digest.replace('sha256:', '')), '-C', path.join(dir, 'root')])
  return path.join(dir, 'root')
}

async function buildWithSecrets(builder: 'buildah' | 'buildx', repository: string, env: Record<string, string> = {}) {
  const token = `s3cr3t-${randomBytes(12).toString('hex')}`
  const netrc = `machine git.example password f1le-${randomBytes(12).toString('hex')}`
  const temp = mkdtempSync(path.join(tmpdir(), 'bp-secrets-'))
  writeFileSync(path.join(temp, 'netrc'), netrc, { mode: 0o600 })
  const image = `${registry.host}/${repository}`
  const processes = watchProcesses()
  const result = await runAction('build-push', {
    inputs: { image, builder, tags: 'sha', secrets: `TOKEN=${token}`, 'secret-files': `netrc=${path.join(temp, 'netrc')}`, ssh: 'default', 'build-args': 'API_TOKEN=not-a-secret-really' },
    eventName: 'push',
    event,
    workspace: workspaceWith({ Dockerfile: dockerfile() }),
    env: { ...runEnv('push-main'), RUNNER_TEMP: temp, SSH_AUTH_SOCK: agentSocket, ...env },
    timeoutMs: 240_000
  })
  const commandLines = processes.stop()
  return { result, token, netrc, temp, image, commandLines }
}

function expectSecretsReachedTheBuildOnly(run: Awaited<ReturnType<typeof buildWithSecrets>>, buildCommand: RegExp): void {
  const { result, token, netrc, image, commandLines, temp } = run
  const errors = result.annotations.filter((a) => a.level === 'error').map((a) => a.message)
  expect([result.exitCode, errors]).toEqual([0, []])
  // They reached the build: what the steps wrote from them.
  const root = imageFiles(`${image}:sha-6113728`)
  expect(readFileSync(path.join(root, 'seen-token'), 'utf8')).toBe(`token ${token.length}\n`)
  expect(readFileSync(path.join(root, 'seen-netrc'), 'utf8')).toBe(`netrc ${netrc.length}\n`)
  expect(readFileSync(path.join(root, 'seen-ssh'), 'utf8')).toContain(fingerprint)
  // buildah leaves the mount points (/run/secrets, /run/buildkit) as empty directories; BuildKit leaves nothing.
  expect(filesUnder(path.join(root, 'run'))).toEqual([])
  rmSync(path.dirname(root), { recursive: true, force: true })
  // No layer, config, history or cache blob holds them.
  const blobs = registryBlobs()
  expect(blobs.length).toBeGreaterThan(3)
  expect(blobs.filter((blob) => blob.includes(token) || blob.includes(netrc))).toEqual([])
  // No log line (the value is registered as a mask, the runner's only copy).
  expect(result.masks).toContain(token)
  const log = `${result.stdout.replace(/^::add-mask::.*$/gm, '')}\n${result.stderr}\n${result.post?.stdout ?? ''}`
  expect(log).not.toContain(token)
  expect(log).not.toContain(netrc)
  // No command line while the build ran, which the sampling did see.
  expect(commandLines.some((line) => buildCommand.test(line))).toBe(true)
  expect(commandLines.filter((line) => line.includes(token) || line.includes(netrc))).toEqual([])
  // The build arg named like a credential is pointed to `secrets`.
  expect(result.annotations.filter((a) => a.level === 'warning').map((a) => a.message)).toContainEqual(expect.stringContaining("build-args 'API_TOKEN' looks like a credential"))
  expect(leftovers(temp)).toEqual([])
}

;(enabled ? describe : describe.skip)('build secrets and ssh', () => {
  it("buildah: secrets through files in the run's directory, ssh through the agent", async () => {
    const run = await buildWithSecrets('buildah', 'acme/secrets-buildah')
    expectSecretsReachedTheBuildOnly(run, /^buildah .* bud /)
    expect(run.result.stdout).toMatch(/--secret id=TOKEN,src=\S+\/secrets\/secret-0 --secret id=netrc,src=\S+\/netrc --ssh default /)
  }, 300_000)

  it("buildx on the runner's default builder (docker driver, the engine's own BuildKit)", async () => {
    const run = await buildWithSecrets('buildx', 'acme/secrets-docker-driver', { DOCKER_HOST: engine.host, DOCKER_CONFIG: dockerConfigWithBuildx() })
    expectSecretsReachedTheBuildOnly(run, /^docker buildx build /)
    expect(run.result.summary).toContain("builder 'default' (docker driver)")
  }, 300_000)

  it('buildx on a docker-container builder: secrets through its environment, the registry cache written without them', async () => {
    const config = dockerConfigWithBuildx()
    const name = await createBuilder(config, 'docker-container', { engine })
    try {
      const run = await buildWithSecrets('buildx', 'acme/secrets-buildx', { DOCKER_HOST: engine.host, DOCKER_CONFIG: config })
      expectSecretsReachedTheBuildOnly(run, /^docker buildx build /)
      expect(run.result.stdout).toMatch(/--secret id=TOKEN,env=BUILD_PUSH_SECRET_0 --secret id=netrc,src=\S+\/netrc --ssh default /)
      expect(JSON.parse(run.result.outputs.metadata!).cache).toMatchObject({ mode: 'registry' })
      expect(readdirSync(path.join(registry.dir, 'data/docker/registry/v2/repositories/acme'))).toContain('secrets-buildx-cache')
    } finally {
      await removeBuilder(config, name, engine)
    }
  }, 300_000)
})
