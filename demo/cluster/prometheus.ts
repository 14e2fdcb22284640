/**
 * Debian's real Prometheus on 127.0.0.1, scraping the demo's pods from outside the cluster through the API server's
 * pod proxy (`/api/v1/namespaces/<ns>/pods/<pod>:<port>/proxy/metrics`), with the kubeconfig's credentials. The pods
 * are found by a watch and written as file_sd targets labelled namespace/pod, as Kubernetes service discovery would
 * label them (Debian builds Prometheus without kubernetes_sd_configs).
 */
import { CoreV1Api, Watch, type KubeConfig, type V1Pod } from '@kubernetes/client-node'
import { spawn } from 'node:child_process'
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { freePort, waitForHttp } from '../../local/process.js'
import type { ApiServer } from './api-server.js'

export interface DemoPrometheus {
  url: string
  stop(): Promise<void>
}

export interface PrometheusOptions {
  kubeconfig: KubeConfig
  apiServer: ApiServer
  namespace: string
  /** The container port serving /metrics. */
  metricsPort: number
  scrapeInterval?: string
}

export async function startDemoPrometheus({ kubeconfig, apiServer, namespace, metricsPort, scrapeInterval = '1s' }: PrometheusOptions): Promise<DemoPrometheus> {
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
      ...apiServer.prometheusConnection(dir),
      '    file_sd_configs:',
      `      - files: ['${targetsFile}']`,
      '        refresh_interval: 1s',
      ''
    ].join('\n'),
    { mode: 0o600 }
  )
  const discovery = discoverPods(kubeconfig, apiServer, namespace, metricsPort, targetsFile)
  const port = await freePort()
  const child = spawn('prometheus', [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], {
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-5000)))
  const stop = () =>
    new Promise<void>((resolve) => {
      discovery.stop()
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
  return { url, stop }
}

/** Watches the namespace's pods (as Kubernetes service discovery does) and rewrites the targets file atomically on
 * every change; a watch that ends is started again from a fresh list. */
function discoverPods(kubeconfig: KubeConfig, apiServer: ApiServer, namespace: string, port: number, targetsFile: string): { stop(): void } {
  const address = `${apiServer.url.hostname.includes(':') ? `[${apiServer.url.hostname}]` : apiServer.url.hostname}:${apiServer.url.port || 443}`
  const pods = new Map<string, V1Pod>()
  let written = ''
  let stopped = false
  let controller: AbortController | undefined
  const write = () => {
    const targets = [...pods.values()]
      .filter((pod) => pod.status?.podIP && !pod.metadata?.deletionTimestamp)
      .map((pod) => ({
        targets: [address],
        labels: {
          __metrics_path__: apiServer.path(`/api/v1/namespaces/${namespace}/pods/${pod.metadata!.name}:${port}/proxy/metrics`),
          namespace,
          pod: pod.metadata!.name!
        }
      }))
    const text = JSON.stringify(targets)
    if (text === written || stopped) return
    writeFileSync(`${targetsFile}.tmp`, text)
    renameSync(`${targetsFile}.tmp`, targetsFile)
    written = text
  }
  const start = async (): Promise<void> => {
    if (stopped) return
    const list = await kubeconfig.makeApiClient(CoreV1Api).listNamespacedPod({ namespace })
    pods.clear()
    for (const pod of list.items) pods.set(pod.metadata!.name!, pod)
    write()
    controller = await new Watch(kubeconfig).watch(
      `/api/v1/namespaces/${namespace}/pods`,
      { resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true },
      (type: string, pod: V1Pod) => {
        if (type === 'BOOKMARK' || !pod.metadata?.name) return
        if (type === 'DELETED') pods.delete(pod.metadata.name)
        else pods.set(pod.metadata.name, pod)
        write()
      },
      () => void restart()
    )
  }
  const restart = (): void => void (stopped || setTimeout(() => void start().catch(restart), 500))
  void start().catch(restart)
  return {
    stop: () => {
      stopped = true
      controller?.abort()
    }
  }
}
