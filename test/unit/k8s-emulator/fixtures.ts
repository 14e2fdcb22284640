/** Test fixtures for the emulator's own tests. */
import * as k8s from '@kubernetes/client-node'
import type { Emulator, KObject } from '../../support/k8s-emulator/index.js'

export function clientsFor(emulator: Emulator, kubeconfig = emulator.kubeconfig) {
  const kc = new k8s.KubeConfig()
  kc.loadFromString(kubeconfig)
  return { kc, apps: kc.makeApiClient(k8s.AppsV1Api), core: kc.makeApiClient(k8s.CoreV1Api), custom: kc.makeApiClient(k8s.CustomObjectsApi) }
}

export function deploymentManifest(name: string, image: string, overrides: { replicas?: number; spec?: Record<string, unknown> } = {}): k8s.V1Deployment & KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      replicas: overrides.replicas ?? 3,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image, ports: [{ containerPort: 8080 }] }] }
      },
      ...overrides.spec
    }
  } as k8s.V1Deployment & KObject
}

/** The HTTP status of a failed client-node call. */
export async function statusOf(promise: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown> }> {
  try {
    await promise
  } catch (error) {
    if (error instanceof k8s.ApiException) {
      const body = typeof error.body === 'string' ? JSON.parse(error.body) : error.body
      return { code: error.code, body }
    }
    throw error
  }
  throw new Error('the call succeeded')
}

/** A plain HTTPS request to the emulator (for what client-node does not expose, e.g. the body of a 401). */
export async function rawRequest(
  emulator: Emulator,
  method: string,
  path: string,
  options: { token?: string; body?: string; contentType?: string } = {}
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const { request } = await import('node:https')
  return new Promise((resolve, reject) => {
    const req = request(
      `${emulator.url}${path}`,
      {
        method,
        ca: emulator.caPem,
        headers: {
          ...(options.token !== undefined ? { Authorization: `Bearer ${options.token}` } : {}),
          ...(options.contentType ? { 'Content-Type': options.contentType } : {})
        }
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }))
      }
    )
    req.on('error', reject)
    req.end(options.body)
  })
}
