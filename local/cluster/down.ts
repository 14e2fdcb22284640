/**
 * Stops the cluster and removes everything it made: pods' containers and network namespaces (the kubelet is stopped
 * first, so nothing restarts them), the runtime, the control plane, the bridge, the cluster directory.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { alive, stop } from './daemons.js'
import { containerdSocket, type Layout } from './layout.js'
import { removeBridge, removeNetns } from './network.js'

const ctr = (l: Layout, ...args: string[]) =>
  spawnSync('ctr', ['--address', containerdSocket(l), '--namespace', 'k8s.io', ...args], { encoding: 'utf8', timeout: 20_000 })

/** Kills every container of the cluster's runtime and returns the network namespaces its pod sandboxes used. */
function removeContainers(l: Layout): string[] {
  if (!existsSync(containerdSocket(l))) return []
  const ids = (ctr(l, 'containers', 'list', '--quiet').stdout ?? '').split('\n').filter(Boolean)
  const netns = new Set<string>()
  for (const id of ids) {
    const info = ctr(l, 'containers', 'info', id).stdout
    try {
      const spec = (JSON.parse(info) as { Spec?: { linux?: { namespaces?: { type: string; path?: string }[] } } }).Spec
      for (const ns of spec?.linux?.namespaces ?? []) if (ns.type === 'network' && ns.path) netns.add(ns.path)
    } catch {
      // a container without a readable spec has nothing of ours to clean beyond itself
    }
    ctr(l, 'tasks', 'kill', '--signal', 'SIGKILL', id)
    ctr(l, 'tasks', 'delete', '--force', id)
    ctr(l, 'containers', 'delete', id)
  }
  return [...netns]
}

/** containerd's shims outlive containerd; ours are the ones started with this cluster's socket address. */
function killShims(l: Layout): void {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let cmdline: string
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
    } catch {
      continue
    }
    if (cmdline.includes('containerd-shim') && cmdline.includes(containerdSocket(l)) && alive(Number(entry))) process.kill(Number(entry), 'SIGKILL')
  }
}

/** Mounts under the cluster directory (container root filesystems, pod volumes), deepest first. */
function unmountAll(l: Layout): void {
  const mounts = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1]?.replace(/\\040/g, ' '))
    .filter((target): target is string => !!target && (target === l.dir || target.startsWith(`${l.dir}/`)))
    .sort((a, b) => b.length - a.length)
  for (const target of mounts) spawnSync('umount', ['--lazy', target])
}

export async function down(l: Layout): Promise<void> {
  await stop(l, 'traefik')
  await stop(l, 'kubelet')
  const netns = removeContainers(l)
  await stop(l, 'containerd')
  killShims(l)
  removeNetns(netns)
  for (const name of ['kube-scheduler', 'kube-controller-manager', 'kube-apiserver', 'etcd', 'registry']) await stop(l, name)
  unmountAll(l)
  removeBridge(l)
  if (existsSync(l.dir)) rmSync(l.dir, { recursive: true, force: true })
}
