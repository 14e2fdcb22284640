/**
 * Each Kubernetes action run as the runner runs it, with a ServiceAccount token bound only to the Role it documents
 * (actions/<name>/role.yaml): the whole job succeeds with nothing more; with one permission less, the step fails
 * naming the verb, the resource and the namespace that were refused and what to grant, without retrying it.
 */
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { V1PolicyRule } from '@kubernetes/client-node'
import { runAction } from '../../local/harness.js'
import { kubeTest, type KubeTest } from '../../local/kube/client.js'
import { webDeployment } from '../../local/kube/manifests.js'
import { documentedRules, roleKubeconfig } from '../../local/kube/role-kubeconfig.js'
import { deployStable, image, imageOf } from '../../local/scenarios/canary-deploy.js'
import { deploy, startWeb, templateImage, type Web } from '../../local/scenarios/health-rollback.js'

/** The rules with `verb` taken away from the rule for `resource` (a rule left with no verb goes). */
const without = (rules: V1PolicyRule[], resource: string, verb: string): V1PolicyRule[] =>
  rules.map((rule) => (rule.resources?.includes(resource) ? { ...rule, verbs: rule.verbs.filter((v) => v !== verb) } : rule)).filter((rule) => rule.verbs.length > 0)

const errorOf = (result: Awaited<ReturnType<typeof runAction>>) => result.annotations.find((a) => a.level === 'error')?.message ?? ''

describe('canary-deploy with only its documented Role', () => {
  let kube: KubeTest | undefined
  let v2: string
  beforeAll(async () => {
    v2 = await image('2')
  }, 180_000)
  afterEach(async () => {
    await kube?.close()
    kube = undefined
  })

  it('walks the canary to promotion with the replicas method and cleans up', async () => {
    kube = await kubeTest('least-canary')
    await deployStable(kube)
    const kubeconfig = await roleKubeconfig(kube, 'deployer', documentedRules('canary-deploy'))
    const result = await runAction('canary-deploy', { inputs: { kubeconfig, deployment: 'web', image: v2, steps: '50:1s,100' } })
    expect([result.exitCode, errorOf(result)]).toEqual([0, ''])
    expect(result.outputs).toMatchObject({ result: 'promoted', weight: '100' })
    expect(await imageOf(kube)).toBe(v2)
    expect(result.post?.exitCode).toBe(0)
  })

  it('releases a manifest with a ConfigMap (its versioned copy created and kept) with nothing more', async () => {
    kube = await kubeTest('least-canary')
    await deployStable(kube)
    const workspace = mkdtempSync(path.join(tmpdir(), 'least-canary-'))
    const release = webDeployment(v2, { replicas: 4, container: { envFrom: [{ configMapRef: { name: 'web-config' } }] } })
    writeFileSync(path.join(workspace, 'release.yaml'), `${JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config' }, data: { VERSION: 'two' } })}\n---\n${JSON.stringify(release)}\n`)
    const kubeconfig = await roleKubeconfig(kube, 'deployer', documentedRules('canary-deploy'))
    const result = await runAction('canary-deploy', { workspace, inputs: { kubeconfig, deployment: 'web', manifest: 'release.yaml', steps: '50:1s,100' } })
    expect([result.exitCode, errorOf(result)]).toEqual([0, ''])
    expect(result.outputs).toMatchObject({ result: 'promoted' })
    const copy = (await kube.deployment('web'))!.spec!.template.spec!.containers[0]!.envFrom![0]!.configMapRef!.name!
    expect(copy).toMatch(/^web-config-[a-z0-9]{10}$/)
    expect(await kube.get('v1', 'ConfigMap', copy)).toBeDefined()
  })

  it('without list on autoscalers (optional): goes on with a warning saying what it could not check', async () => {
    kube = await kubeTest('least-canary')
    await deployStable(kube)
    const kubeconfig = await roleKubeconfig(kube, 'deployer', without(documentedRules('canary-deploy'), 'horizontalpodautoscalers', 'list'))
    const result = await runAction('canary-deploy', { inputs: { kubeconfig, deployment: 'web', image: v2, steps: '50:1s,100' } })
    expect([result.exitCode, errorOf(result)]).toEqual([0, ''])
    expect(result.annotations.filter((a) => a.level === 'warning').map((a) => a.message)).toContainEqual(
      expect.stringMatching(/^Cannot tell whether a HorizontalPodAutoscaler scales web \(.*list.*horizontalpodautoscalers.*\) Going on as if none does/s)
    )
    expect(await imageOf(kube)).toBe(v2)
  })

  it('without create on deployments: refused before any change, naming verb, resource, namespace and what to grant', async () => {
    kube = await kubeTest('least-canary')
    await deployStable(kube)
    const kubeconfig = await roleKubeconfig(kube, 'deployer', without(documentedRules('canary-deploy'), 'deployments', 'create'))
    const result = await runAction('canary-deploy', { inputs: { kubeconfig, deployment: 'web', image: v2, steps: '50:1s,100' } })
    expect(result.exitCode).toBe(1)
    expect(errorOf(result)).toMatch(new RegExp(`create.*deployments.*${kube.namespace}`, 's'))
    expect(errorOf(result)).toMatch(/Grant that user this permission/)
    expect(errorOf(result)).not.toMatch(/This is a bug/)
    expect(await imageOf(kube)).not.toBe(v2)
  })
})

describe('health-rollback with only its documented Role', () => {
  let web: Web | undefined
  afterEach(async () => {
    await web?.close()
    web = undefined
  })

  it('sees a crashing version and rolls it back', async () => {
    web = await startWeb()
    await deploy(web, [web.image('1'), web.image('crash')])
    const kubeconfig = await roleKubeconfig(web.kube, 'deployer', documentedRules('health-rollback'))
    const result = await runAction('health-rollback', { inputs: { kubeconfig, deployment: 'web', 'rollout-timeout': '60s' } })
    expect(result.outputs).toMatchObject({ healthy: 'false', 'rolled-back': 'true' })
    expect(await templateImage(web)).toBe(web.image('1'))
  })

  it('without patch on deployments: the rollback is refused once, naming verb, resource, namespace and what to grant', async () => {
    web = await startWeb()
    await deploy(web, [web.image('1'), web.image('crash')])
    const kubeconfig = await roleKubeconfig(web.kube, 'deployer', without(documentedRules('health-rollback'), 'deployments', 'patch'))
    const result = await runAction('health-rollback', { inputs: { kubeconfig, deployment: 'web', 'rollout-timeout': '60s' } })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ 'rolled-back': 'false' })
    expect(errorOf(result)).toMatch(new RegExp(`patch.*deployments.*${web.kube.namespace}`, 's'))
    expect(errorOf(result)).toMatch(/Grant that user this permission/)
    expect(errorOf(result)).not.toMatch(/This is a bug/)
    expect(await templateImage(web)).toBe(web.image('crash'))
  })
})
