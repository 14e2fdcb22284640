/**
 * Errors as client-node raises them from real answers: the API server's own Status bodies (404, 409, 422), the
 * proxy's for what the server does not do on demand (5xx, 429 in both its forms, 403, 410 on a watch), and a
 * cluster that went away.
 */
import { afterEach, beforeEach, expect, it } from '@jest/globals'
import { KubeConfig, Watch } from '@kubernetes/client-node'
import { KubeClient } from '../../../../src/lib/kube/client.js'
import { classifyKubeError, isConflict, isGone, isNotFound, kubeErrorMessage, statusCode } from '../../../../src/lib/kube/errors.js'
import { webDeployment } from '../../../../local/kube/manifests.js'
import { kubeLibTest, type KubeLibTest } from './setup.js'

let t: KubeLibTest

beforeEach(async () => {
  t = await kubeLibTest('kube-errors')
})
afterEach(() => t?.close())

const path = () => `/apis/apps/v1/namespaces/${t.namespace}/deployments/web`
const failure = (call: Promise<unknown>) => call.then(() => Promise.reject(new Error('the call succeeded')), (error: unknown) => error)
const read = (name = 'web') => failure(t.client.apps.readNamespacedDeployment({ namespace: t.namespace, name }))

it("reads the API server's own Status messages, and retries none of them", async () => {
  const missing = await read()
  expect(isNotFound(missing)).toBe(true)
  expect(kubeErrorMessage(missing)).toBe('deployments.apps "web" not found (HTTP 404)')
  expect(classifyKubeError(missing)).toEqual({ retry: false })

  await t.kube.create(webDeployment(t.image('1'), { replicas: 0 }))
  const exists = await failure(t.client.apps.createNamespacedDeployment({ namespace: t.namespace, body: webDeployment(t.image('1'), { replicas: 0 }) }))
  expect(isConflict(exists)).toBe(true)
  expect(kubeErrorMessage(exists)).toBe('deployments.apps "web" already exists (HTTP 409)')
  expect(classifyKubeError(exists)).toEqual({ retry: false })

  const invalid = await failure(t.client.apps.patchNamespacedDeployment({ namespace: t.namespace, name: 'web', body: [{ op: 'replace', path: '/spec/replicas', value: -1 }] }))
  expect(statusCode(invalid)).toBe(422)
  expect(kubeErrorMessage(invalid)).toMatch(/^Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0 \(HTTP 422\)$/)
  expect(classifyKubeError(invalid)).toEqual({ retry: false })
})

it('classifies the faults a real cluster answers with now and then', async () => {
  t.proxy.faults.error(path(), 503, { times: 1 })
  const unavailable = await read()
  expect(classifyKubeError(unavailable)).toEqual({ retry: true, reason: 'HTTP 503' })
  expect(kubeErrorMessage(unavailable)).toBe('the server is currently unable to handle the request (HTTP 503)')

  t.proxy.faults.throttle(path(), 7, { times: 1 })
  const throttled = await read()
  expect(classifyKubeError(throttled)).toEqual({ retry: true, reason: 'HTTP 429 Too Many Requests', afterMs: 7000 })
  expect(kubeErrorMessage(throttled)).toBe('storage is (re)initializing (HTTP 429)')

  t.proxy.faults.throttle(path(), 3, { times: 1, as: 'priority-and-fairness' })
  const shed = await read()
  expect(classifyKubeError(shed)).toEqual({ retry: true, reason: 'HTTP 429 Too Many Requests', afterMs: 3000 })
  expect(kubeErrorMessage(shed)).toBe('Too many requests, please try again later. (HTTP 429)')

  t.proxy.faults.forbidden(path(), { times: 1 })
  const forbidden = await read()
  expect(classifyKubeError(forbidden)).toEqual({ retry: false })
  expect(kubeErrorMessage(forbidden)).toMatch(/^deployments.apps "web" is forbidden: User ".+" cannot get resource "deployments" in API group "apps" in the namespace "kube-errors-\w+" \(HTTP 403\)$/)
})

it('a watch answered with HTTP 410 fails with that status', async () => {
  const watchPath = `/apis/apps/v1/namespaces/${t.namespace}/deployments`
  t.proxy.faults.error(watchPath, 410, { watch: true, times: 1, message: 'too old resource version: 1 (2)' })
  const error = await new Promise<unknown>((resolve) => void new Watch(t.kc).watch(watchPath, { resourceVersion: '1' }, () => {}, resolve))
  expect(isGone(error)).toBe(true)
})

it('a cluster that went away is retried, then reported with the cause', async () => {
  const kc = new KubeConfig()
  kc.loadFromString(t.proxy.kubeconfig)
  await t.proxy.stop()
  const retries: string[] = []
  const client = new KubeClient(kc, { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 }, log: (m) => retries.push(m) })
  const error = await client.getDeployment(t.namespace, 'web').catch((e: unknown) => e)
  expect(kubeErrorMessage(error)).toMatch(/fetch failed: .*ECONNREFUSED/)
  expect(retries).toHaveLength(2)
})
