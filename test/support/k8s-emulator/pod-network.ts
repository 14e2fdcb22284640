/**
 * Pod addresses. 'virtual' (default): 10.244.0.x, as a kind cluster's first node hands out, reachable by nothing.
 * 'loopback': a unique, really reachable address per pod in a random /16 of 127.0.0.0/8 (Linux routes the whole
 * block to the loopback interface), so a test or the demo can run a process per pod listening on podIP:containerPort
 * and parallel emulators (jest workers) are unlikely to collide.
 */
import { randomInt } from 'node:crypto'

export type PodNetwork = 'virtual' | 'loopback'

export interface PodAddresses {
  hostIP: string
  /** A new address, never handed out before by this allocator. */
  next(): string
}

/** Usable hosts per /16: third octet 0..255, fourth 1..254 (no .0 and .255). */
const HOSTS_PER_BLOCK = 256 * 254

export function podAddresses(network: PodNetwork = 'virtual'): PodAddresses {
  if (network === 'virtual') {
    let counter = 1
    return { hostIP: '10.0.0.1', next: () => `10.244.0.${counter++ % 250}` }
  }
  // Second octet 64..254 keeps clear of 127.0.0.1 and the low blocks other tools use.
  const block = randomInt(64, 255)
  const start = randomInt(0, HOSTS_PER_BLOCK)
  let issued = 0
  return {
    hostIP: '127.0.0.1',
    next: () => {
      if (issued >= HOSTS_PER_BLOCK) throw new Error(`the loopback pod network 127.${block}.0.0/16 is exhausted`)
      const index = (start + issued++) % HOSTS_PER_BLOCK
      return `127.${block}.${Math.floor(index / 254)}.${(index % 254) + 1}`
    }
  }
}
