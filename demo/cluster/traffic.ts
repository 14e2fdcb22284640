/**
 * User traffic through the Service: a steady request rate, each request to a random serving pod whose labels match
 * the Service's selector (as kube-proxy spreads connections). Every answer is recorded with the version that gave
 * it, so the demo can say how many users the faulty version reached and when it stopped.
 */
import type { Kubelet } from './kubelet.js'

export interface Served {
  at: number
  pod: string
  version: string
  code: number
}

export class Traffic {
  readonly served: Served[] = []
  private readonly timer: NodeJS.Timeout
  private inFlight = 0

  constructor(
    private readonly kubelet: Kubelet,
    private readonly selector: Record<string, string>,
    ratePerSecond = 40
  ) {
    this.timer = setInterval(() => void this.send(), 1000 / ratePerSecond)
  }

  private async send(): Promise<void> {
    const pods = this.kubelet.serving().filter((p) => Object.entries(this.selector).every(([k, v]) => p.labels[k] === v))
    if (pods.length === 0 || this.inFlight > 100) return
    const pod = pods[Math.floor(Math.random() * pods.length)]!
    this.inFlight++
    try {
      const response = await fetch(pod.url, { signal: AbortSignal.timeout(2000) })
      await response.arrayBuffer()
      this.served.push({ at: Date.now(), pod: pod.pod, version: pod.version, code: response.status })
    } catch {
      this.served.push({ at: Date.now(), pod: pod.pod, version: pod.version, code: 0 })
    } finally {
      this.inFlight--
    }
  }

  /** Requests answered in [from, to]. */
  between(from: number, to: number): Served[] {
    return this.served.filter((s) => s.at >= from && s.at <= to)
  }

  stop(): void {
    clearInterval(this.timer)
  }
}
