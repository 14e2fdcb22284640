/**
 * Debian's real `prometheus` on 127.0.0.1 for tests: a temporary config scraping the given targets every
 * `scrapeIntervalMs` (default 1 s), a temporary TSDB, ready when /-/ready answers. Under CI=true a missing binary is
 * an error, elsewhere `prometheusBinary()` returns undefined so a suite can say why it skips.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { freePort } from './process.js'

export { freePort }

export interface Prometheus {
  url: string
  /** Instant query; the values of the vector's samples (empty for no data). */
  query(query: string): Promise<number[]>
  /** Polls until the query returns a value meeting `predicate` (default: any value). */
  waitFor(query: string, predicate?: (values: number[]) => boolean, timeoutMs?: number): Promise<number[]>
  stop(): Promise<void>
}

export function prometheusBinary(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v prometheus'], { encoding: 'utf8' }).stdout.trim()
  if (found) return found
  if (process.env.CI === 'true') throw new Error('prometheus is not installed (apt-get install -y prometheus); CI must run these tests')
  return undefined
}

export interface PrometheusOptions {
  scrapeIntervalMs?: number
  /** Protects the HTTP API with Basic authentication (Prometheus' --web.config.file, bcrypt hashes by htpasswd). */
  basicAuth?: Record<string, string>
}

export async function startPrometheus(targets: string[], options: PrometheusOptions = {}): Promise<Prometheus> {
  const binary = prometheusBinary()
  if (!binary) throw new Error('prometheus is not installed')
  const dir = mkdtempSync(path.join(tmpdir(), 'prometheus-'))
  const interval = `${options.scrapeIntervalMs ?? 1000}ms`
  writeFileSync(
    path.join(dir, 'prometheus.yml'),
    [`global:`, `  scrape_interval: ${interval}`, `  evaluation_interval: ${interval}`, `scrape_configs:`, `  - job_name: test`, `    static_configs:`, `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`, ''].join('\n')
  )
  const webConfig: string[] = []
  const auth: Record<string, string> = {}
  if (options.basicAuth) {
    const users = Object.entries(options.basicAuth).map(([user, password]) => `  ${user}: '${execFileSync('htpasswd', ['-nbBC', '10', user, password], { encoding: 'utf8' }).trim().split(':').slice(1).join(':')}'`)
    writeFileSync(path.join(dir, 'web.yml'), ['basic_auth_users:', ...users, ''].join('\n'))
    webConfig.push(`--web.config.file=${path.join(dir, 'web.yml')}`)
    const [user, password] = Object.entries(options.basicAuth)[0]!
    auth.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
  }
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const child: ChildProcess = spawn(
    binary,
    [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn', ...webConfig],
    { stdio: ['ignore', 'ignore', 'pipe'] }
  )
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const stop = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        rmSync(dir, { recursive: true, force: true })
        resolve()
      }
      if (child.exitCode !== null) return done()
      child.once('exit', done)
      child.kill('SIGTERM')
    })
  const started = Date.now()
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}: ${stderr}`)
    const ready = await fetch(`${url}/-/ready`, { headers: auth }).then((r) => r.ok, () => false)
    if (ready) break
    if (Date.now() - started > 20_000) {
      await stop()
      throw new Error(`prometheus was not ready within 20 s: ${stderr}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  const query = async (q: string): Promise<number[]> => {
    const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: q })}`, { headers: auth })
    const body = (await response.json()) as { data?: { result?: { value: [number, string] }[] } }
    return (body.data?.result ?? []).map((s) => Number(s.value[1])).filter((v) => !Number.isNaN(v))
  }
  return {
    url,
    query,
    async waitFor(q, predicate = (values) => values.length > 0, timeoutMs = 30_000) {
      const begin = Date.now()
      for (;;) {
        const values = await query(q)
        if (predicate(values)) return values
        if (Date.now() - begin > timeoutMs) throw new Error(`prometheus: ${q} gave ${JSON.stringify(values)} for ${timeoutMs} ms`)
        await new Promise((r) => setTimeout(r, 200))
      }
    },
    stop
  }
}
