/**
 * The emulated cluster's node: for every pod the emulator has started (a pod IP, its container running), one real
 * process of the pod's image (unpacked from the registry: its files, command and environment) listens on the pod's
 * own loopback address and container port, and stops when the pod is deleted or terminating. The emulator decides
 * readiness and routes its proxy to these addresses, as a cluster's kubelet and network would.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import type { Emulator, KObject } from '../../test/support/k8s-emulator/index.js'
import type { ImageUnpacker } from './image-root.js'

interface PodProcess {
  child: ChildProcess
}

export class Kubelet {
  private readonly processes = new Map<string, PodProcess | 'starting'>()
  private reconciling: Promise<void> | undefined
  private again = false
  private readonly unsubscribe: () => void
  private readonly timer: NodeJS.Timeout
  private stopped = false

  constructor(
    private readonly emulator: Emulator,
    private readonly images: ImageUnpacker,
    private readonly pullToPush: (image: string) => string
  ) {
    this.unsubscribe = emulator.store.subscribe((change) => {
      if (change.kind === 'Pod') this.reconcile()
    })
    this.timer = setInterval(() => this.reconcile(), 250)
  }

  private reconcile(): void {
    if (this.stopped) return
    if (this.reconciling) {
      this.again = true
      return
    }
    this.reconciling = this.sync()
      .catch((error: Error) => console.error(`demo kubelet: ${error.message}`))
      .finally(() => {
        this.reconciling = undefined
        if (this.again) {
          this.again = false
          this.reconcile()
        }
      })
  }

  private async sync(): Promise<void> {
    const running = new Map(this.emulator.store.list('Pod').filter(isRunning).map((pod) => [key(pod), pod]))
    for (const [name, entry] of this.processes) {
      if (!running.has(name) && entry !== 'starting') {
        this.processes.delete(name)
        entry.child.kill('SIGTERM')
      }
    }
    const starts = [...running].filter(([name]) => !this.processes.has(name))
    for (const [name] of starts) this.processes.set(name, 'starting')
    await Promise.all(
      starts.map(async ([name, pod]) => {
        try {
          const started = await this.start(pod)
          const current = this.emulator.store.get('Pod', pod.metadata.namespace, pod.metadata.name ?? '')
          if (this.stopped || !current || !isRunning(current)) {
            started.child.kill('SIGTERM')
            this.processes.delete(name)
          } else this.processes.set(name, started)
        } catch (error) {
          this.processes.delete(name)
          throw error
        }
      })
    )
  }

  private async start(pod: KObject): Promise<PodProcess> {
    const container = pod.spec.containers[0]
    const { env, argv, cwd } = await this.images.unpack(this.pullToPush(container.image as string))
    const port = String(container.ports?.[0]?.containerPort ?? 8080)
    const containerEnv = Object.fromEntries(((container.env ?? []) as { name: string; value?: string }[]).map((e) => [e.name, e.value ?? '']))
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd,
      env: { PATH: process.env.PATH, ...env, ...containerEnv, HOST: pod.status.podIP as string, PORT: port, POD_NAME: pod.metadata.name ?? '' },
      stdio: ['ignore', 'pipe', 'inherit']
    })
    // The service prints one line once it accepts connections.
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', () => resolve())
      child.once('exit', (code) => reject(new Error(`pod ${pod.metadata.name}: the service exited with ${code} before listening`)))
    })
    return { child }
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.unsubscribe()
    clearInterval(this.timer)
    await this.reconciling
    const exits = [...this.processes.values()]
      .filter((p): p is PodProcess => p !== 'starting')
      .map((p) => new Promise<void>((resolve) => (p.child.exitCode !== null ? resolve() : (p.child.once('exit', () => resolve()), p.child.kill('SIGTERM')))))
    this.processes.clear()
    await Promise.all(exits)
  }
}

const key = (pod: KObject): string => `${pod.metadata.namespace}/${pod.metadata.name}`

/** Started by the emulated kubelet: an IP, its first container running, not being deleted. */
function isRunning(pod: KObject): boolean {
  if (pod.metadata.deletionTimestamp || !pod.status?.podIP) return false
  return Boolean(pod.status.containerStatuses?.[0]?.state?.running)
}
