/**
 * The emulated cluster's pods made real: for every Ready pod the emulator holds, one process of the pod's image
 * (unpacked from the registry: its files, command and environment) runs on 127.0.0.1, and stops when the pod
 * stops being Ready or is deleted. The pods' addresses are
 * written as Prometheus file_sd targets labelled namespace/pod, as Kubernetes service discovery would.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { createInterface } from 'node:readline'
import type { Emulator, KObject } from '../../test/support/k8s-emulator/index.js'
import type { ImageUnpacker } from './image-root.js'

export interface PodProcess {
  pod: string
  namespace: string
  labels: Record<string, string>
  image: string
  version: string
  url: string
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
    private readonly targetsFile: string
  ) {
    this.writeTargets()
    this.unsubscribe = emulator.store.subscribe((change) => {
      if (change.kind === 'Pod') this.reconcile()
    })
    this.timer = setInterval(() => this.reconcile(), 250)
  }

  /** Pods serving now (Ready with a running process). */
  serving(namespace = 'default'): PodProcess[] {
    return [...this.processes.values()].filter((p): p is PodProcess => p !== 'starting' && p.namespace === namespace)
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
    const ready = new Map(this.emulator.store.list('Pod').filter(isReady).map((pod) => [key(pod), pod]))
    for (const [name, entry] of this.processes) {
      if (!ready.has(name) && entry !== 'starting') {
        this.processes.delete(name)
        entry.child.kill('SIGTERM')
      }
    }
    const starts = [...ready].filter(([name]) => !this.processes.has(name))
    for (const [name] of starts) this.processes.set(name, 'starting')
    await Promise.all(
      starts.map(async ([name, pod]) => {
        try {
          const started = await this.start(pod)
          if (this.stopped || !this.emulator.store.get('Pod', pod.metadata.namespace ?? 'default', pod.metadata.name ?? '')) {
            started.child.kill('SIGTERM')
            this.processes.delete(name)
          } else this.processes.set(name, started)
        } catch (error) {
          this.processes.delete(name)
          throw error
        }
      })
    )
    this.writeTargets()
  }

  private async start(pod: KObject): Promise<PodProcess> {
    const image = pod.spec.containers[0].image as string
    const { env, argv, cwd } = await this.images.unpack(image)
    // The image listens on 0.0.0.0:8080 in a pod's own network namespace; here pods share 127.0.0.1, so each gets a free port.
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd,
      env: { PATH: process.env.PATH, ...env, HOST: '127.0.0.1', PORT: '0', POD_NAME: pod.metadata.name ?? '' },
      stdio: ['ignore', 'pipe', 'inherit']
    })
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { listening: string }).listening))
      child.once('exit', (code) => reject(new Error(`pod ${pod.metadata.name}: the service exited with ${code} before listening`)))
    })
    return { pod: pod.metadata.name ?? '', namespace: pod.metadata.namespace ?? 'default', labels: pod.metadata.labels ?? {}, image, version: env.APP_VERSION ?? '?', url, child }
  }

  private writeTargets(): void {
    const targets = this.serving().map((p) => ({ targets: [new URL(p.url).host], labels: { namespace: p.namespace, pod: p.pod, app: p.labels.app ?? '' } }))
    const temporary = path.join(path.dirname(this.targetsFile), '.targets.tmp')
    writeFileSync(temporary, JSON.stringify(targets))
    renameSync(temporary, this.targetsFile)
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

function isReady(pod: KObject): boolean {
  if (pod.metadata.deletionTimestamp) return false
  return (pod.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True')
}
