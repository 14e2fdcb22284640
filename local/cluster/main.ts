/**
 * npm run cluster -- up | down | status
 *
 * A single-node upstream Kubernetes on this machine, for the tests and the demo. `up` builds the pinned version if
 * needed (local/cluster/build-kubernetes.sh, and Traefik with build-traefik.sh), starts the cluster or finds it
 * running, and ends with one JSON line: kubeconfig, server, version, registry (the host:port workloads name their
 * images by), node, bin, gateway (the Gateway HTTPRoutes attach to and the URL where user traffic enters), readyMs.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { apiGet, nodeReady } from './api.js'
import { pidOf } from './daemons.js'
import { down } from './down.js'
import { file, layout } from './layout.js'
import { withLock } from './lock.js'
import { Pki } from './pki.js'
import { DAEMONS, up } from './up.js'

const here = path.dirname(fileURLToPath(import.meta.url))

function pinnedVersion(): string {
  const gomod = readFileSync(path.join(here, '../../tools/kubernetes/go.mod'), 'utf8')
  const version = /^\s*k8s\.io\/kubernetes (v\S+)/m.exec(gomod)?.[1]
  if (!version) throw new Error('tools/kubernetes/go.mod pins no k8s.io/kubernetes version')
  return version
}

/** What the node side needs from the machine (`.ci/install-components` installs it). */
const REQUIRED = ['docker-registry', 'containerd', 'runc', 'ctr', 'ip', 'openssl', 'buildah']

function checkMachine(): void {
  const missing = REQUIRED.filter((program) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', program]).status !== 0)
  if (!existsSync('/usr/lib/cni/bridge')) missing.push('the CNI plugins (/usr/lib/cni)')
  if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}: install them once with 'sudo bash .ci/install-components'`)
}

/** The directory a build script prints last (the pinned build; built first when the cache does not have it). */
function built(script: string): string {
  const out = execFileSync('bash', [path.join(here, script)], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' })
  return out.trim().split('\n').pop()!
}

/** A running process as `status` shows it: pid and resident memory in MB; null when it is not running. */
function residentOf(pid: number | undefined): { pid: number; rssMB: number } | null {
  if (pid === undefined) return null
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
    return { pid, rssMB: Math.round(kb / 1024) }
  } catch {
    return null
  }
}

async function main(command: string | undefined): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('the cluster runs containerd and a kubelet, which need root')
  switch (command) {
    case 'up': {
      checkMachine()
      const l = layout(built('build-kubernetes.sh'), built('build-traefik.sh'))
      const info = await withLock(`${l.dir}.lock`, () => up(l, pinnedVersion(), (step) => process.stderr.write(`cluster: starting ${step}\n`)))
      console.log(JSON.stringify(info))
      return
    }
    case 'down': {
      const l = layout('')
      await withLock(`${l.dir}.lock`, () => down(l))
      console.error('cluster: stopped and removed')
      return
    }
    case 'status': {
      const l = layout('')
      const pki = new Pki(file(l, 'pki'))
      const processes = Object.fromEntries(DAEMONS.map((name) => [name, residentOf(pidOf(l, name))]))
      let ready = false
      try {
        ready = (await apiGet(l, pki, '/readyz')).status === 200 && (await nodeReady(l, pki))
      } catch {
        // not running
      }
      console.log(JSON.stringify({ ready, processes }))
      process.exitCode = ready ? 0 : 1
      return
    }
    default:
      throw new Error(`usage: npm run cluster -- up | down | status (got ${command ?? 'nothing'})`)
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(`cluster: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
