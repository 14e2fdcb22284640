/** Debian's real Prometheus on 127.0.0.1, scraping the pods the demo's kubelet runs (file_sd, refreshed on change). */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { freePort, waitForHttp } from '../../test/support/process.js'

export interface DemoPrometheus {
  url: string
  targetsFile: string
  stop(): Promise<void>
}

export async function startDemoPrometheus(scrapeInterval = '1s'): Promise<DemoPrometheus> {
  const dir = mkdtempSync(path.join(tmpdir(), 'demo-prometheus-'))
  const targetsFile = path.join(dir, 'pods.json')
  writeFileSync(targetsFile, '[]')
  writeFileSync(
    path.join(dir, 'prometheus.yml'),
    [
      'global:',
      `  scrape_interval: ${scrapeInterval}`,
      `  evaluation_interval: ${scrapeInterval}`,
      'scrape_configs:',
      '  - job_name: pods',
      '    file_sd_configs:',
      `      - files: ['${targetsFile}']`,
      '        refresh_interval: 1s',
      ''
    ].join('\n')
  )
  const port = await freePort()
  const child = spawn('prometheus', [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], {
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-5000)))
  const stop = () =>
    new Promise<void>((resolve) => {
      const done = () => (rmSync(dir, { recursive: true, force: true }), resolve())
      if (child.exitCode !== null || child.signalCode !== null) return done()
      child.once('exit', done)
      child.kill('SIGTERM')
    })
  const url = `http://127.0.0.1:${port}`
  try {
    await waitForHttp(`${url}/-/ready`, 20_000, () => stderr)
  } catch (error) {
    await stop()
    throw error
  }
  return { url, targetsFile, stop }
}
