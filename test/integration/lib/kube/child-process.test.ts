/**
 * src/lib/kube used from another process, as an action bundle runs under the runner: the kubeconfig (and with it
 * the namespace, from its context) comes from KUBECONFIG, and the cluster is the real local one.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { deploymentRolloutStatus } from '../../../../src/lib/kube/rollout-status.js'
import { webDeployment } from '../../../../local/kube/manifests.js'
import { kubeLibTest, type KubeLibTest } from './setup.js'

const ROOT = path.resolve(import.meta.dirname, '../../../..')
let t: KubeLibTest
let dir: string

beforeAll(async () => {
  t = await kubeLibTest('kube-child')
  await t.kube.create(webDeployment(t.image('1'), { replicas: 2 }))
  await t.kube.until(async () => deploymentRolloutStatus((await t.kube.deployment('web'))!).state === 'complete', 'web rolled out')
  await t.client.patchDeployment(t.namespace, 'web', { spec: { template: { spec: { containers: [{ name: 'app', image: t.image('missing') }] } } } }, 'strategic')
  await t.kube.until(async () => (await t.client.listReplicaSets(t.namespace, 'app=web')).length === 2, 'the ReplicaSet of revision 2')
  dir = mkdtempSync(path.join(tmpdir(), 'kube-child-'))
})
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  await t?.close()
})

it('a separate Node process reads KUBECONFIG, rolls back, and waits for the rollout', async () => {
  const kubeconfig = path.join(dir, 'config')
  writeFileSync(kubeconfig, t.kube.kubeconfig, { mode: 0o600 })
  const script = path.join(dir, 'undo.mts')
  writeFileSync(
    script,
    `
import { KubeClient, loadKubeconfig, resolveNamespace, rolloutUndo, deploymentRolloutStatus } from ${JSON.stringify(path.join(ROOT, 'src/lib/kube/index.ts'))}
const loaded = loadKubeconfig({ env: process.env })
const namespace = resolveNamespace(loaded, '')
const client = new KubeClient(loaded.kc, { log: () => {} })
const result = await rolloutUndo(client, namespace, 'web')
for (;;) {
  const status = deploymentRolloutStatus(await client.getDeployment(namespace, 'web'))
  if (status.state !== 'waiting') { console.log(JSON.stringify({ namespace, plan: result.plan.action, to: result.plan.action === 'patch' ? result.plan.toImages : [], status })); break }
  await new Promise((resolve) => setTimeout(resolve, 200))
}
`
  )
  // The same Node 24 that runs jest, with tsx to load the TypeScript sources.
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), script], {
    env: { ...process.env, KUBECONFIG: kubeconfig, NODE_OPTIONS: '' },
    timeout: 45_000
  })
  expect(JSON.parse(stdout.trim())).toEqual({
    namespace: t.namespace,
    plan: 'patch',
    to: [t.image('1')],
    status: { state: 'complete', message: 'deployment "web" successfully rolled out' }
  })
  const running = (await t.kube.pods('app=web')).filter((p) => !p.metadata?.deletionTimestamp)
  expect(running.map((p) => p.spec!.containers[0]!.image)).toEqual([t.image('1'), t.image('1')])
})
