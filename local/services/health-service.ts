/**
 * Starts local/services/health-app.mjs as a real process on 127.0.0.1 and switches its behaviour at runtime
 * over HTTP (POST /control), the way a test flips a deployed version from healthy to failing.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { createInterface } from 'node:readline'

export interface HealthBehaviour {
  healthStatus?: number
  /** Overrides the JSON body of /healthz. */
  healthBody?: string
  latencyMs?: number
  /** Fraction (0-1) of requests to / answered 500, in the counters and to real requests. */
  errorRate?: number
  /** Drop the next N /healthz connections without an answer. */
  dropHealthz?: number
  rps?: number
  version?: string
}

export interface HealthService {
  url: string
  /** host:port, for a Prometheus scrape target. */
  address: string
  healthUrl: string
  set(behaviour: HealthBehaviour): Promise<void>
  stop(): Promise<void>
}

const APP = path.join(import.meta.dirname, 'health-app.mjs')

export async function startHealthService(options: { name?: string; rps?: number; version?: string } = {}): Promise<HealthService> {
  const child: ChildProcess = spawn(process.execPath, [APP, '--name', options.name ?? 'app', '--rps', String(options.rps ?? 50), '--version', options.version ?? '1'], {
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! })
    lines.once('line', (line) => resolve((JSON.parse(line) as { port: number }).port))
    child.once('exit', (code) => reject(new Error(`health-app exited with ${code} before listening`)))
  })
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    address: `127.0.0.1:${port}`,
    healthUrl: `${url}/healthz`,
    async set(behaviour) {
      const response = await fetch(`${url}/control`, { method: 'POST', body: JSON.stringify(behaviour) })
      if (!response.ok) throw new Error(`health-app control answered ${response.status}`)
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
  }
}
