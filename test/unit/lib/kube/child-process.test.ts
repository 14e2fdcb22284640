/**
 * src/lib/kube used from another process, as an action bundle runs under the runner: the kubeconfig comes from
 * the environment, and the cluster lives in this (jest) process with emulated time running in auto mode.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { startEmulator, type Emulator } from '../../../support/k8s-emulator/index.js'
import { deploymentManifest } from '../../k8s-emulator/fixtures.js'

const ROOT = path.resolve(import.meta.dirname, '../../../..')
let emulator: Emulator
let dir: string

beforeAll(async () => {
  emulator = await startEmulator({ images: { 'web:bad': { failure: 'ImagePullBackOff' } } })
  emulator.store.create(deploymentManifest('web', 'web:1', { replicas: 2 }))
  emulator.clock.advance(5000)
  const d = emulator.store.get('Deployment', 'default', 'web')!
  d.spec.template.spec.containers[0].image = 'web:bad'
  emulator.store.replace(d)
  emulator.clock.advance(5000)
  dir = mkdtempSync(path.join(tmpdir(), 'kube-child-'))
})
afterAll(() => emulator.stop())

it('a separate Node process reads KUBECONFIG, rolls back, and waits for the rollout while time runs 100x', async () => {
  const kubeconfig = path.join(dir, 'config')
  writeFileSync(kubeconfig, emulator.kubeconfig, { mode: 0o600 })
  const script = path.join(dir, 'undo.mts')
  writeFileSync(
    script,
    `
import { KubeClient, loadKubeconfig, rolloutUndo, deploymentRolloutStatus } from ${JSON.stringify(path.join(ROOT, 'src/lib/kube/index.ts'))}
const { kc } = loadKubeconfig({ env: process.env })
const client = new KubeClient(kc, { log: () => {} })
const result = await rolloutUndo(client, 'default', 'web')
for (;;) {
  const status = deploymentRolloutStatus(await client.getDeployment('default', 'web'))
  if (status.state !== 'waiting') { console.log(JSON.stringify({ plan: result.plan.action, to: result.plan.action === 'patch' ? result.plan.toImages : [], status })); break }
  await new Promise((resolve) => setTimeout(resolve, 20))
}
`
  )
  emulator.clock.auto(100)
  // The same Node 24 that runs jest, with tsx to load the TypeScript sources.
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), script], {
    env: { ...process.env, KUBECONFIG: kubeconfig, NODE_OPTIONS: '' },
    timeout: 30_000
  })
  emulator.clock.manual()
  expect(JSON.parse(stdout.trim())).toEqual({ plan: 'patch', to: ['web:1'], status: { state: 'complete', message: 'deployment "web" successfully rolled out' } })
  expect(emulator.store.list('Pod', 'default').map((p) => p.spec.containers[0].image)).toEqual(['web:1', 'web:1'])
})
