/**
 * The node's side of pod networking: the bridge the CNI plugin attaches pods to, created before the kubelet so that
 * its address (the node's InternalIP) exists from the start. Pods get no default route: they reach each other and
 * the node, nothing beyond this machine.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import type { Layout } from './layout.js'

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString()

export function ensureBridge(l: Layout): void {
  if (spawnSync('ip', ['link', 'show', l.bridge]).status !== 0) ip('link', 'add', l.bridge, 'type', 'bridge')
  const prefix = l.podSubnet.split('/')[1]
  if (!ip('-4', 'addr', 'show', 'dev', l.bridge).includes(`${l.nodeIP}/`)) ip('addr', 'add', `${l.nodeIP}/${prefix}`, 'dev', l.bridge)
  ip('link', 'set', l.bridge, 'up')
}

export function removeBridge(l: Layout): void {
  spawnSync('ip', ['link', 'del', l.bridge])
}

/** Network namespaces the runtime made for pods (netns paths from the sandboxes' specs), removed at `down`. */
export function removeNetns(paths: string[]): void {
  for (const p of paths) {
    const name = p.split('/').pop()
    if (name) spawnSync('ip', ['netns', 'delete', name])
  }
}
