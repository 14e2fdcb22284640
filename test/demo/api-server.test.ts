/**
 * How the demo's Prometheus reaches a real cluster's API server: from a kind-like kubeconfig (client certificate,
 * tls-server-name) and a token kubeconfig, the credentials land in 0600 files and the scrape settings pass
 * `promtool check config`.
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { KubeConfig } from '@kubernetes/client-node'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ApiServer } from '../../demo/cluster/api-server.js'

const b64 = (text: string) => Buffer.from(text).toString('base64')
const CA = '-----BEGIN CERTIFICATE-----\nMIIBCA==\n-----END CERTIFICATE-----\n'
const CERT = '-----BEGIN CERTIFICATE-----\nMIIBQQ==\n-----END CERTIFICATE-----\n'
const KEY = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQ==\n-----END EC PRIVATE KEY-----\n'
const dirs: string[] = []
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

function kubeconfig(cluster: object, user: object): KubeConfig {
  const kc = new KubeConfig()
  kc.loadFromString(JSON.stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'c', cluster }], users: [{ name: 'u', user }], contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }], 'current-context': 'x' }))
  return kc
}

async function scrapeConfig(kc: KubeConfig): Promise<{ dir: string; lines: string[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'api-server-test-'))
  dirs.push(dir)
  const server = await ApiServer.connect(kc)
  try {
    return { dir, lines: server.prometheusConnection(dir) }
  } finally {
    server.close()
  }
}

const promtool = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).stdout.trim()
if (!promtool && process.env.CI === 'true') throw new Error('promtool (package prometheus) is missing')

function checkConfig(dir: string, lines: string[]): string {
  const file = path.join(dir, 'prometheus.yml')
  writeFileSync(file, ['scrape_configs:', '  - job_name: pods', ...lines, '    static_configs:', "      - targets: ['127.0.0.1:6443']", ''].join('\n'))
  const result = spawnSync(promtool, ['check', 'config', file], { encoding: 'utf8' })
  return `${result.status} ${result.stdout}${result.stderr}`
}

describe("the demo's Prometheus and a real API server", () => {
  it('a kind kubeconfig: CA, client certificate and key in 0600 files, checked against tls-server-name', async () => {
    const kc = kubeconfig(
      { server: 'https://127.0.0.1:40123', 'certificate-authority-data': b64(CA), 'tls-server-name': 'kind-control-plane' },
      { 'client-certificate-data': b64(CERT), 'client-key-data': b64(KEY) }
    )
    const { dir, lines } = await scrapeConfig(kc)
    expect(lines).toEqual([
      '    scheme: https',
      '    tls_config:',
      `      ca_file: '${path.join(dir, 'ca.pem')}'`,
      `      cert_file: '${path.join(dir, 'client.pem')}'`,
      `      key_file: '${path.join(dir, 'client-key.pem')}'`,
      "      server_name: 'kind-control-plane'"
    ])
    expect(readFileSync(path.join(dir, 'client-key.pem'), 'utf8')).toBe(KEY)
    for (const name of ['ca.pem', 'client.pem', 'client-key.pem']) expect(statSync(path.join(dir, name)).mode & 0o777).toBe(0o600)
    if (promtool) expect(checkConfig(dir, lines)).toMatch(/^0 /)
  })

  it('a token kubeconfig: the token in a 0600 credentials file, never in the config itself', async () => {
    const kc = kubeconfig({ server: 'https://api.example.test:6443', 'insecure-skip-tls-verify': true }, { token: 'sa-token-for-the-demo' })
    const { dir, lines } = await scrapeConfig(kc)
    expect(lines).toEqual(['    scheme: https', '    tls_config:', '      insecure_skip_verify: true', '    authorization:', `      credentials_file: '${path.join(dir, 'token')}'`])
    expect(lines.join('\n')).not.toContain('sa-token-for-the-demo')
    expect(readFileSync(path.join(dir, 'token'), 'utf8')).toBe('sa-token-for-the-demo')
    expect(statSync(path.join(dir, 'token')).mode & 0o777).toBe(0o600)
    if (promtool) expect(checkConfig(dir, lines)).toMatch(/^0 /)
  })

  it('refuses a plain-http API server', async () => {
    await expect(ApiServer.connect(kubeconfig({ server: 'http://127.0.0.1:8080' }, {}))).rejects.toThrow('the demo reaches API servers over HTTPS; http://127.0.0.1:8080 is not')
  })
})
