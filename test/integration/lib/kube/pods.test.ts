/**
 * Pod health as src/lib/kube reads it, from the statuses the real kubelet writes: a tag the registry lacks
 * (ImagePullBackOff), a container that exits 1 (CrashLoopBackOff), a missing Secret (CreateContainerConfigError).
 * The four Deployments are only read, so the tests share one namespace.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { containerProblems, isTerminalProblem, podsOf } from '../../../../src/lib/kube/pods.js'
import { webDeployment } from '../../../../local/kube/manifests.js'
import { kubeLibTest, type KubeLibTest } from './setup.js'

let t: KubeLibTest

const crashLooping = async (restarts: number) =>
  (await t.kube.pods('app=crash')).some((p) => {
    const status = p.status?.containerStatuses?.[0]
    return (status?.restartCount ?? 0) >= restarts && status?.state?.waiting?.reason === 'CrashLoopBackOff'
  })

beforeAll(async () => {
  t = await kubeLibTest('kube-pods')
  await t.kube.create(
    webDeployment(t.image('missing'), { name: 'pull', replicas: 1 }),
    webDeployment(t.image('crash'), { name: 'crash', replicas: 1 }),
    webDeployment(t.image('1'), { name: 'config', replicas: 1, container: { env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] } }),
    webDeployment(t.image('1'), { name: 'good', replicas: 1 })
  )
  // The kubelet restarts a crashed container at once, then after 10 s, then 20 s: two restarts take ~10 s, and
  // the pod then waits in CrashLoopBackOff for 20 s.
  await t.kube.until(() => crashLooping(2), 'crash in CrashLoopBackOff after 2 restarts', 45_000)
  await t.kube.until(async () => (await t.kube.pods('app=pull'))[0]?.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ImagePullBackOff', 'pull in ImagePullBackOff')
  await t.kube.until(async () => (await t.kube.deployment('good'))?.status?.availableReplicas === 1, 'good available')
}, 90_000)
afterAll(() => t?.close())

it('reads the problems a user would see in kubectl get pods, from real pod statuses', async () => {
  const problems = containerProblems(await t.client.listPods(t.namespace))
  const byPod = Object.fromEntries(problems.map((p) => [p.pod.split('-')[0], p]))
  expect(Object.keys(byPod).sort()).toEqual(['config', 'crash', 'pull'])
  expect(byPod.pull).toMatchObject({ reason: 'ImagePullBackOff', image: t.image('missing'), restartCount: 0 })
  expect(byPod.config).toMatchObject({ reason: 'CreateContainerConfigError', message: 'secret "db" not found' })
  expect(byPod.crash).toMatchObject({ reason: 'CrashLoopBackOff', restartCount: 2, lastExit: { exitCode: 1, reason: 'Error' } })
  expect(isTerminalProblem(byPod.pull!, 3)).toBe(true)
  expect(isTerminalProblem(byPod.config!, 3)).toBe(true)
  expect(isTerminalProblem(byPod.crash!, 3)).toBe(false)
  expect(isTerminalProblem(byPod.crash!, 2)).toBe(true)
})

it('finds the pods of a ReplicaSet', async () => {
  const [rs] = await t.client.listReplicaSets(t.namespace, 'app=good')
  const pods = podsOf(rs!, await t.client.listPods(t.namespace))
  expect(pods.map((p) => p.metadata?.labels?.app)).toEqual(['good'])
})
