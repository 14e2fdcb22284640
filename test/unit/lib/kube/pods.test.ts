import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { KubeConfig } from '@kubernetes/client-node'
import { KubeClient } from '../../../../src/lib/kube/client.js'
import { containerProblems, isTerminalProblem, podsOf } from '../../../../src/lib/kube/pods.js'
import { startEmulator, type Emulator } from '../../../support/k8s-emulator/index.js'
import { deploymentManifest } from '../../k8s-emulator/fixtures.js'

let emulator: Emulator
let client: KubeClient

beforeAll(async () => {
  emulator = await startEmulator({
    images: {
      'pull:bad': { failure: 'ImagePullBackOff' },
      'crash:1': { failure: 'CrashLoopBackOff', crashAfterMs: 500 },
      'config:bad': { failure: 'CreateContainerConfigError', message: 'secret "db" not found' }
    }
  })
  const kc = new KubeConfig()
  kc.loadFromString(emulator.kubeconfig)
  client = new KubeClient(kc, { log: () => {} })
  for (const [name, image] of [['pull', 'pull:bad'], ['crash', 'crash:1'], ['config', 'config:bad'], ['good', 'good:1']]) {
    emulator.store.create(deploymentManifest(name!, image!, { replicas: 1 }))
  }
  // Crash-loop: crashes at 0.7 s (immediate restart), 1.2 s (10 s back-off), 11.7 s (20 s back-off until 31.7 s).
  emulator.clock.advance(30_000)
})
afterAll(() => emulator.stop())

it('reads the problems a user would see in kubectl get pods, from real pod statuses', async () => {
  const problems = containerProblems(await client.listPods('default'))
  const byPod = Object.fromEntries(problems.map((p) => [p.pod.split('-')[0], p]))
  expect(Object.keys(byPod).sort()).toEqual(['config', 'crash', 'pull'])
  expect(byPod.pull).toMatchObject({ reason: 'ImagePullBackOff', image: 'pull:bad', restartCount: 0 })
  expect(byPod.config).toMatchObject({ reason: 'CreateContainerConfigError', message: 'secret "db" not found' })
  expect(byPod.crash).toMatchObject({ reason: 'CrashLoopBackOff', restartCount: 2, lastExit: { exitCode: 1, reason: 'Error' } })
  expect(isTerminalProblem(byPod.pull!, 3)).toBe(true)
  expect(isTerminalProblem(byPod.crash!, 3)).toBe(false)
  expect(isTerminalProblem(byPod.crash!, 2)).toBe(true)
})

it('finds the pods of a ReplicaSet', async () => {
  const [rs] = await client.listReplicaSets('default', 'app=good')
  const pods = podsOf(rs!, await client.listPods('default'))
  expect(pods.map((p) => p.metadata?.labels?.app)).toEqual(['good'])
})
