import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { stringify } from 'yaml'
import { KUBECONFIG_FILE_STATE, loadKubeconfig, removeKubeconfigFile, resolveNamespace, saveKubeconfigForCleanup } from '../../../../src/lib/kube/config.js'

const kubeconfig = stringify({
  apiVersion: 'v1',
  kind: 'Config',
  clusters: [{ name: 'prod', cluster: { server: 'https://127.0.0.1:6443' } }, { name: 'stage', cluster: { server: 'https://127.0.0.1:7443' } }],
  users: [{ name: 'ci', user: { token: 'super-secret-token-value' } }],
  contexts: [
    { name: 'prod', context: { cluster: 'prod', user: 'ci', namespace: 'shop' } },
    { name: 'stage', context: { cluster: 'stage', user: 'ci' } }
  ],
  'current-context': 'prod'
})

let runnerTemp: string
let stdout: string[]

beforeEach(() => {
  runnerTemp = mkdtempSync(path.join(tmpdir(), 'kube-config-test-'))
  stdout = []
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk))
    return true
  })
})
afterEach(() => {
  jest.restoreAllMocks()
})

describe('loadKubeconfig from the input', () => {
  it('masks the content and the token, writes it 0600 under RUNNER_TEMP, and the cleanup removes it', () => {
    const loaded = loadKubeconfig({ content: kubeconfig, env: { RUNNER_TEMP: runnerTemp } })
    expect(loaded.origin).toBe('input')
    expect(path.dirname(loaded.file!)).toBe(runnerTemp)
    expect(statSync(loaded.file!).mode & 0o777).toBe(0o600)
    expect(readFileSync(loaded.file!, 'utf8')).toBe(kubeconfig.trim())
    const masks = stdout.filter((line) => line.startsWith('::add-mask::'))
    expect(masks).toContain('::add-mask::super-secret-token-value\n')
    expect(loaded.kc.getCurrentContext()).toBe('prod')
    expect(resolveNamespace(loaded, '')).toBe('shop')
    expect(resolveNamespace(loaded, 'other')).toBe('other')
    expect(removeKubeconfigFile(loaded.file)).toBe(true)
    expect(existsSync(loaded.file!)).toBe(false)
    expect(removeKubeconfigFile(loaded.file)).toBe(false)
  })

  it('the main step leaves the file to the post step through the action state', () => {
    const stateFile = path.join(runnerTemp, 'state')
    writeFileSync(stateFile, '')
    process.env.GITHUB_STATE = stateFile
    try {
      const loaded = loadKubeconfig({ content: kubeconfig, env: { RUNNER_TEMP: runnerTemp } })
      saveKubeconfigForCleanup(loaded)
      expect(readFileSync(stateFile, 'utf8')).toContain(`${KUBECONFIG_FILE_STATE}<<`)
      expect(readFileSync(stateFile, 'utf8')).toContain(loaded.file)
      // The post step: the runner passes saved state as STATE_<name>.
      process.env[`STATE_${KUBECONFIG_FILE_STATE}`] = loaded.file
      expect(removeKubeconfigFile()).toBe(true)
      expect(existsSync(loaded.file!)).toBe(false)
    } finally {
      delete process.env.GITHUB_STATE
      delete process.env[`STATE_${KUBECONFIG_FILE_STATE}`]
    }
  })

  it('accepts base64 content (as kept in secrets)', () => {
    const loaded = loadKubeconfig({ content: Buffer.from(kubeconfig).toString('base64'), env: { RUNNER_TEMP: runnerTemp } })
    expect(loaded.kc.getCurrentCluster()?.server).toBe('https://127.0.0.1:6443')
    removeKubeconfigFile(loaded.file)
  })

  it('selects the context input, and names the available ones when it does not exist', () => {
    const loaded = loadKubeconfig({ content: kubeconfig, context: 'stage', env: { RUNNER_TEMP: runnerTemp } })
    expect(loaded.kc.getCurrentCluster()?.server).toBe('https://127.0.0.1:7443')
    expect(resolveNamespace(loaded, undefined)).toBe('default')
    removeKubeconfigFile(loaded.file)
    expect(() => loadKubeconfig({ content: kubeconfig, context: 'qa', env: { RUNNER_TEMP: runnerTemp } })).toThrow(
      "Input 'context': got 'qa'; the kubeconfig (input) has contexts 'prod', 'stage'."
    )
  })

  it('reports broken content without quoting it', () => {
    const error = (() => {
      try {
        loadKubeconfig({ content: 'clusters: [\n  token: "leaky-secret', env: { RUNNER_TEMP: runnerTemp } })
      } catch (e) {
        return e as Error
      }
    })()
    expect(error?.message).toMatch(/^Input 'kubeconfig' is not a valid kubeconfig/)
    expect(error?.message).not.toContain('leaky-secret')
  })
})

describe('loadKubeconfig from the environment', () => {
  it('reads KUBECONFIG when the input is empty', () => {
    const file = path.join(runnerTemp, 'config')
    writeFileSync(file, kubeconfig)
    const loaded = loadKubeconfig({ content: '', env: { KUBECONFIG: file } })
    expect(loaded.origin).toBe('KUBECONFIG')
    expect(loaded.file).toBeUndefined()
    expect(loaded.kc.getCurrentContext()).toBe('prod')
  })

  it('fails with what to set when there are no credentials at all', () => {
    expect(() => loadKubeconfig({ env: {} })).toThrow(/No cluster credentials: set the 'kubeconfig' input/)
    // A Kubernetes service host alone (no service-account token mounted) is not in-cluster.
    expect(() => loadKubeconfig({ env: { KUBERNETES_SERVICE_HOST: '10.0.0.1' } })).toThrow(/No cluster credentials/)
  })
})

describe('the API server of the selected context', () => {
  const withServer = (server: string, extra: Record<string, unknown> = {}): string =>
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'plain', cluster: { server, ...extra } }],
      users: [{ name: 'ci', user: { token: 'super-secret-token-value' } }],
      contexts: [{ name: 'plain', context: { cluster: 'plain', user: 'ci' } }],
      'current-context': 'plain'
    })

  it('an http:// server is refused up front, naming the input, the server and what is accepted, and no file is written', () => {
    expect(() => loadKubeconfig({ content: withServer('http://10.0.0.1:8080'), env: { RUNNER_TEMP: runnerTemp } })).toThrow(
      "Input 'kubeconfig': the cluster 'plain' (current context) has server 'http://10.0.0.1:8080'; expected an https:// URL of the API server"
    )
    expect(readdirSync(runnerTemp)).toEqual([])
    expect(() => loadKubeconfig({ content: withServer('not a url'), inputName: 'cluster-config', env: { RUNNER_TEMP: runnerTemp } })).toThrow(
      "Input 'cluster-config': the cluster 'plain' (current context) has server 'not a url'"
    )
  })

  it('names KUBECONFIG when the kubeconfig came from there', () => {
    const file = path.join(runnerTemp, 'config')
    writeFileSync(file, withServer('http://10.0.0.1:8080'))
    expect(() => loadKubeconfig({ env: { KUBECONFIG: file } })).toThrow(`The kubeconfig named by KUBECONFIG (${file}): the cluster 'plain' (current context) has server 'http://10.0.0.1:8080'`)
  })

  it('plain http is accepted where client-node allows it: insecure-skip-tls-verify', () => {
    const loaded = loadKubeconfig({ content: withServer('http://10.0.0.1:8080', { 'insecure-skip-tls-verify': true }), env: { RUNNER_TEMP: runnerTemp } })
    expect(loaded.kc.getCurrentCluster()?.server).toBe('http://10.0.0.1:8080')
    removeKubeconfigFile(loaded.file)
  })
})
