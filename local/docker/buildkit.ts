/**
 * BuildKit for the tests, from the buildkitd and buildctl built by .ci/install-components: a buildkitd the tests start
 * on 127.0.0.1 (the `remote` driver's endpoint), the BuildKit image the `docker-container` driver runs (made here from
 * the same binaries, since no image can be pulled from outside), and the buildx builders that use them.
 */
import { execFile, execFileSync } from 'node:child_process'
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { freePort, startProcess } from '../process.js'
import { BUILDCTL, BUILDKIT_VERSION, BUILDKITD } from './components.js'
import type { DockerEngine } from './engine.js'

const run = promisify(execFile)

export interface Buildkitd {
  /** `tcp://127.0.0.1:PORT` (plain gRPC, loopback only). */
  address: string
  /** `unix:///tmp/buildkit-XXXX/buildkitd.sock`. */
  socket: string
  dir: string
  logs: () => string
  stop: () => Promise<void>
}

/** buildkitd with the OCI worker (runc, host network for RUN steps), its state under a temporary directory. */
export async function startBuildkitd(): Promise<Buildkitd> {
  const dir = mkdtempSync('/tmp/buildkit-')
  const port = await freePort()
  const address = `tcp://127.0.0.1:${port}`
  const socket = `unix://${path.join(dir, 'buildkitd.sock')}`
  writeFileSync(path.join(dir, 'buildkitd.toml'), '[worker.oci]\n  enabled = true\n[worker.containerd]\n  enabled = false\n')
  const daemon = startProcess(BUILDKITD, ['--root', path.join(dir, 'root'), '--addr', socket, '--addr', address, '--config', path.join(dir, 'buildkitd.toml'), '--oci-worker-net', 'host'])
  const deadline = Date.now() + 60_000
  for (;;) {
    try {
      await run(BUILDCTL, ['--addr', address, 'debug', 'workers'], { timeout: 5000 })
      break
    } catch (error) {
      if (daemon.child.exitCode !== null || Date.now() > deadline) {
        await daemon.stop()
        rmSync(dir, { recursive: true, force: true })
        throw new Error(`buildkitd did not answer on ${address}: ${(error as Error).message}\n${daemon.output()}`, { cause: error })
      }
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
  return {
    address,
    socket,
    dir,
    logs: daemon.output,
    stop: async () => {
      await daemon.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** The BuildKit image the docker-container driver runs, tagged as here; nothing is pulled. */
export const BUILDKIT_IMAGE = `pipeline-actions/buildkit:${BUILDKIT_VERSION}`

/**
 * Makes BUILDKIT_IMAGE in `engine`: buildkitd and buildctl (static) and this machine's runc with the libraries `ldd`
 * names, imported as one layer whose entrypoint is buildkitd, as moby/buildkit's image has it.
 */
export async function makeBuildkitImage(engine: DockerEngine): Promise<string> {
  const root = mkdtempSync(path.join(tmpdir(), 'buildkit-image-'))
  try {
    const rootfs = path.join(root, 'rootfs')
    const runc = execFileSync('sh', ['-c', 'command -v runc'], { encoding: 'utf8' }).trim()
    const libraries = execFileSync('ldd', [runc], { encoding: 'utf8' })
      .split('\n')
      .map((line) => /(\/\S+)\s+\(0x/.exec(line)?.[1])
      .filter((file): file is string => file !== undefined)
    const place = (from: string, to: string) => {
      mkdirSync(path.dirname(path.join(rootfs, to)), { recursive: true })
      copyFileSync(from, path.join(rootfs, to))
      chmodSync(path.join(rootfs, to), 0o755)
    }
    place(BUILDKITD, '/usr/bin/buildkitd')
    place(BUILDCTL, '/usr/bin/buildctl')
    place(runc, '/usr/bin/runc')
    for (const library of libraries) place(library, library)
    for (const empty of ['etc/buildkit', 'tmp', 'var/lib/buildkit', 'run', 'proc', 'sys', 'dev']) mkdirSync(path.join(rootfs, empty), { recursive: true })
    writeFileSync(path.join(rootfs, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n')
    writeFileSync(path.join(rootfs, 'etc/group'), 'root:x:0:\n')
    const tarball = path.join(root, 'rootfs.tar')
    execFileSync('tar', ['-C', rootfs, '-cf', tarball, '.'])
    await engine.docker(['import', '--change', 'ENTRYPOINT ["buildkitd"]', '--change', 'ENV PATH=/usr/bin:/bin', tarball, BUILDKIT_IMAGE])
    return BUILDKIT_IMAGE
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

export type BuilderDriver = 'docker-container' | 'remote'

/**
 * Creates and selects (`--use`) a buildx builder in DOCKER_CONFIG `config`, as docker/setup-buildx-action does, and
 * starts it (`--bootstrap`): docker-container runs BUILDKIT_IMAGE on the engine with the host network; remote
 * connects to `endpoint`. Returns its name.
 */
export async function createBuilder(config: string, driver: BuilderDriver, options: { engine?: DockerEngine; endpoint?: string; name?: string }): Promise<string> {
  const name = options.name ?? `${driver}-${Math.random().toString(36).slice(2, 8)}`
  const env = { ...process.env, DOCKER_CONFIG: config, ...(options.engine && { DOCKER_HOST: options.engine.host }) }
  const args = ['buildx', 'create', '--name', name, '--driver', driver, '--use', '--bootstrap']
  if (driver === 'docker-container') args.push('--driver-opt', `image=${BUILDKIT_IMAGE}`, '--driver-opt', 'network=host')
  if (driver === 'remote') args.push(options.endpoint ?? '')
  await run('docker', args, { env, timeout: 120_000 })
  return name
}

/** Removes a builder (with its state: the docker-container driver's container and volume). */
export async function removeBuilder(config: string, name: string, engine?: DockerEngine): Promise<void> {
  await run('docker', ['buildx', 'rm', name], { env: { ...process.env, DOCKER_CONFIG: config, ...(engine && { DOCKER_HOST: engine.host }) } }).catch(() => undefined)
}
