/**
 * A Docker engine of its own for a test file: Debian's dockerd (20.10, overlay2) started on a socket, data root and
 * exec root under a temporary directory, with the containerd it starts itself. Never a system service.
 * The machine's network is shared with the local Kubernetes cluster and with other engines: each engine gets a bridge
 * of its own (pa-dk<n>, 10.250.<n>.0/24; BuildKit inside dockerd runs RUN steps on the bridge network and fails
 * with "network bridge not found" without one) and touches no iptables rule, so RUN steps reach nothing beyond the
 * bridge. The BuildKit container of the docker-container driver uses the host network to reach the registry on
 * 127.0.0.1.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import path from 'node:path'
import { promisify } from 'node:util'
import { startProcess } from '../process.js'

const run = promisify(execFile)

export interface DockerEngine {
  /** `unix:///tmp/docker-XXXX/docker.sock`, for DOCKER_HOST. */
  host: string
  socket: string
  dir: string
  /** Milliseconds from spawning dockerd to its first answer on /_ping. */
  startMs: number
  logs: () => string
  /** Runs the docker CLI against this engine (with the given extra environment). */
  docker: (args: string[], env?: Record<string, string>) => Promise<string>
  stop: () => Promise<void>
}

function ping(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath: socket, path: '/_ping', timeout: 1000 }, (res) => {
      res.resume()
      resolve(res.statusCode === 200)
    })
    req.on('error', () => resolve(false))
    req.on('timeout', () => req.destroy())
    req.end()
  })
}

/** A bridge no other engine (nor the cluster's pa-br0) uses; returns its name. */
function createBridge(): string {
  for (let attempt = 0; attempt < 50; attempt++) {
    const n = 1 + Math.floor(Math.random() * 250)
    const name = `pa-dk${n}`
    if (spawnSync('ip', ['link', 'add', name, 'type', 'bridge']).status !== 0) continue
    execFileSync('ip', ['addr', 'add', `10.250.${n}.1/24`, 'dev', name])
    execFileSync('ip', ['link', 'set', name, 'up'])
    return name
  }
  throw new Error('no free bridge name pa-dk<1..250> for a Docker engine')
}

/** Linux capabilities by number (capability.h). */
const CAPABILITIES = [
  'CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID', 'SETPCAP', 'LINUX_IMMUTABLE',
  'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'IPC_OWNER', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_CHROOT',
  'SYS_PTRACE', 'SYS_PACCT', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_NICE', 'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'MKNOD', 'LEASE',
  'AUDIT_WRITE', 'AUDIT_CONTROL', 'SETFCAP', 'MAC_OVERRIDE', 'MAC_ADMIN', 'SYSLOG', 'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_READ',
  'PERFMON', 'BPF', 'CHECKPOINT_RESTORE'
]

/** Capabilities the kernel knows that this process's bounding set lacks (a sandboxed host: this machine lacks SYS_RESOURCE). */
export function missingCapabilities(status = readFileSync('/proc/self/status', 'utf8'), lastCap = Number(readFileSync('/proc/sys/kernel/cap_last_cap', 'utf8'))): string[] {
  const bounding = BigInt(`0x${/^CapBnd:\s*([0-9a-f]+)$/m.exec(status)?.[1] ?? '0'}`)
  return CAPABILITIES.slice(0, lastCap + 1).filter((_, bit) => (bounding & (1n << BigInt(bit))) === 0n).map((name) => `CAP_${name}`)
}

/**
 * A privileged container (the docker-container driver runs BuildKit privileged) gets every capability dockerd 20.10
 * knows, and runc refuses to start it where the host withholds one ("unable to apply caps: operation not
 * permitted"); Docker 23+ grants only what the daemon has. This runtime, given to dockerd as its default, is runc
 * with those capabilities taken out of the container's (and `docker exec`'s) process spec: what Docker 23+ does.
 */
function runcWithout(dir: string, capabilities: string[]): string {
  const file = path.join(dir, 'runc-without-missing-caps')
  const drop = JSON.stringify(capabilities)
  writeFileSync(
    file,
    [
      '#!/bin/sh',
      `# runc, minus capabilities this host withholds (${capabilities.join(', ')}): see local/docker/engine.ts.`,
      'spec=""; prev=""',
      'for arg in "$@"; do',
      '  case "$prev" in --bundle | -b) spec="$arg/config.json" ;; --process | -p) spec="$arg" ;; esac',
      '  prev="$arg"',
      'done',
      'if [ -n "$spec" ] && [ -f "$spec" ]; then',
      `  python3 -c 'import json, sys
path = sys.argv[1]; drop = set(json.loads(sys.argv[2])); spec = json.load(open(path))
caps = (spec.get("process") or spec).get("capabilities") or {}
for key in list(caps): caps[key] = [c for c in caps[key] if c not in drop]
json.dump(spec, open(path, "w"))' "$spec" '${drop}'`,
      'fi',
      'exec runc "$@"',
      ''
    ].join('\n')
  )
  chmodSync(file, 0o755)
  return file
}

/** What dockerd leaves mounted under its directories after it stops (its default network namespace, nsfs). */
function unmountUnder(dir: string): void {
  const mounts = readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1] ?? '')
    .filter((point) => point.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length)
  for (const point of mounts) spawnSync('umount', ['-l', point])
}

export async function startDockerEngine(): Promise<DockerEngine> {
  // Short: the socket path (and containerd's, under the exec root) must fit a unix socket address.
  const dir = mkdtempSync('/tmp/docker-')
  const socket = path.join(dir, 'docker.sock')
  const bridge = createBridge()
  const removeAll = () => {
    spawnSync('ip', ['link', 'del', bridge])
    unmountUnder(dir)
    rmSync(dir, { recursive: true, force: true })
  }
  const missing = missingCapabilities()
  const runtime = missing.length > 0 ? ['--add-runtime', `runc-host-caps=${runcWithout(dir, missing)}`, '--default-runtime', 'runc-host-caps'] : []
  const started = performance.now()
  const daemon = startProcess('dockerd', [
    ...runtime,
    '--host', `unix://${socket}`,
    '--data-root', path.join(dir, 'data'),
    '--exec-root', path.join(dir, 'exec'),
    '--pidfile', path.join(dir, 'docker.pid'),
    '--storage-driver', 'overlay2',
    '--bridge', bridge,
    '--iptables=false',
    '--ip6tables=false',
    '--ip-masq=false'
  ])
  const deadline = Date.now() + 60_000
  while (!(await ping(socket))) {
    if (daemon.child.exitCode !== null || Date.now() > deadline) {
      await daemon.stop()
      removeAll()
      throw new Error(`dockerd did not answer on ${socket}\n${daemon.output()}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const startMs = performance.now() - started
  const host = `unix://${socket}`
  return {
    host,
    socket,
    dir,
    startMs,
    logs: daemon.output,
    docker: async (args, env = {}) => (await run('docker', args, { env: { ...process.env, DOCKER_HOST: host, ...env }, maxBuffer: 64 * 1024 * 1024 })).stdout,
    stop: async () => {
      // dockerd stops its containers and its containerd, and unmounts its layers, on SIGTERM; give it time.
      if (daemon.child.exitCode === null && daemon.child.signalCode === null) {
        const exited = new Promise((resolve) => daemon.child.once('exit', resolve))
        daemon.child.kill('SIGTERM')
        let timer: NodeJS.Timeout | undefined
        await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 30_000)))])
        clearTimeout(timer)
      }
      await daemon.stop()
      removeAll()
    }
  }
}
