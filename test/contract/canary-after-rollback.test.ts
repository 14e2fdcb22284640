/**
 * The pipeline's own sequence, run as the runner runs it on the real cluster: canary A promoted, a bad version
 * deployed, health-rollback undoes it, and the next canary-deploy starts and promotes. (When canary-deploy kept its
 * run state in a Deployment annotation, the deployment controller copied it onto A's ReplicaSet and the undo copied
 * it back, so the next canary was refused as "already has a canary of run ...".)
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { kubectl } from '../../local/kube/cluster.js'
import { runAction } from '../../local/harness.js'
import { pushKubeServiceImages, type KubeImages } from '../../local/kube/images.js'
import { webDeployment } from '../../local/kube/manifests.js'
import { kubeTest, type KubeTest } from '../../local/kube/client.js'

let kube: KubeTest
let images: KubeImages

beforeAll(async () => {
  kube = await kubeTest('state-undo')
  images = await pushKubeServiceImages(kube.cluster.registry)
  await kube.create(webDeployment(images.ref('1'), { replicas: 2 }))
  await kubectl(kube.cluster, kube.kubeconfig, ['rollout', 'status', 'deployment/web', '--timeout=60s'])
}, 120_000)
afterAll(async () => {
  await kube?.close()
})

const canary = (image: string) => runAction('canary-deploy', { inputs: { kubeconfig: kube.kubeconfig, deployment: 'web', image, steps: '50:1s,100' } })

it('a canary after health-rollback undid a bad deploy starts and promotes', async () => {
  const first = await canary(images.ref('2'))
  expect(first.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([])
  expect(first.exitCode).toBe(0)
  expect(first.outputs.result).toBe('promoted')

  // A bad version deployed outside canary-deploy (a plain `kubectl set image`), caught by health-rollback.
  const missing = `${kube.cluster.registry}/kube-service:missing`
  await kubectl(kube.cluster, kube.kubeconfig, ['set', 'image', 'deployment/web', `app=${missing}`])
  const rollback = await runAction('health-rollback', { inputs: { kubeconfig: kube.kubeconfig, deployment: 'web', 'rollout-timeout': '60s', probes: '1', 'probe-interval': '1s' } })
  expect(rollback.outputs).toMatchObject({ 'rolled-back': 'true', 'from-image': missing, 'to-image': images.ref('2') })

  const next = await canary(images.ref('3'))
  expect(next.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([])
  expect(next.outputs.result).toBe('promoted')
  expect((await kube.deployment('web'))?.spec?.template.spec?.containers[0]!.image).toBe(images.ref('3'))
}, 240_000)
