/**
 * canary-deploy of a whole pod template on the real local cluster: a manifest built with the pinned `kubectl
 * kustomize` whose only change is an environment variable that makes the app fail (the canary aborts, the stable
 * pods and template untouched, no config object made); a manifest with a changed ConfigMap and Secret (canary pods
 * see the versioned copies, stable pods the old objects; abort deletes the copies, promotion keeps them and the
 * promoted template refers to them); a template patch held, then promoted in one write; a template the API server
 * refuses, refused before any write. kustomize's generated names are checked against the copies' names.
 * health-rollback's undo of a promoted manifest brings the previous configuration back with the previous template.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import type { KubernetesObject, V1ConfigMap, V1Deployment, V1Pod } from '@kubernetes/client-node'
import { dump } from 'js-yaml'
import { ROLE_LABEL } from '../../../src/canary-deploy/cluster.js'
import { versionConfigs } from '../../../src/canary-deploy/config-copies.js'
import { readManifest } from '../../../src/canary-deploy/manifest.js'
import { renderSummary } from '../../../src/canary-deploy/summary.js'
import { kubeTest, type KubeTest } from '../../../local/kube/client.js'
import { localCluster } from '../../../local/kube/cluster.js'
import { webDeployment, webService } from '../../../local/kube/manifests.js'
import type { FaultProxy } from '../../../local/kube-fault-proxy/index.js'
import { runAction } from '../../../local/harness.js'
import { startHttpServer } from '../../../local/http-server.js'
import { faultProxy, image, installRouterCrds, rolledOut, runWith, stateOf, writes } from '../../../local/scenarios/canary-deploy.js'

const run = promisify(execFile)

let kube: KubeTest
let proxy: FaultProxy | undefined
let v1: string, v2: string
let workspace: string

beforeAll(async () => {
  await installRouterCrds()
  ;[v1, v2] = await Promise.all([image('1'), image('2')])
}, 180_000)
beforeEach(async () => {
  kube = await kubeTest('canary-template')
  workspace = mkdtempSync(path.join(tmpdir(), 'canary-template-'))
})
afterEach(async () => {
  await proxy?.stop()
  proxy = undefined
  await kube?.close()
})

/** `kubectl kustomize <dir>` with the pinned kubectl, its output written to `release.yaml` in the workspace. */
async function kustomize(files: Record<string, string>): Promise<string> {
  const dir = path.join(workspace, 'deploy')
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    writeFileSync(path.join(dir, file), content)
  }
  const { stdout } = await run((await localCluster()).kubectl, ['kustomize', path.join(dir, 'overlay')])
  writeFileSync(path.join(workspace, 'release.yaml'), stdout)
  return stdout
}

/** The stable pods as they are: name, uid, images, restarts, readiness, and what they answer on / (their config). */
async function stablePods(k: KubeTest): Promise<unknown[]> {
  const pods = (await k.pods('app=web')).filter((p) => p.metadata?.labels?.[ROLE_LABEL] === undefined && !p.metadata?.deletionTimestamp)
  const described = await Promise.all(
    pods.map(async (p) => ({
      name: p.metadata?.name,
      uid: p.metadata?.uid,
      env: p.spec?.containers.map((c) => c.env),
      restarts: (p.status?.containerStatuses ?? []).map((s) => s.restartCount),
      ready: ready(p),
      answer: await answer(k, p)
    }))
  )
  return described.sort((a, b) => String(a.name).localeCompare(String(b.name)))
}

const ready = (pod: V1Pod): boolean => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false

/** What the pod answers on / (`ok <VERSION>`), through the API server's pod proxy. */
async function answer(k: KubeTest, pod: V1Pod): Promise<string> {
  if (!ready(pod)) return '(not ready)'
  return String(await k.core.connectGetNamespacedPodProxy({ name: `${pod.metadata!.name}:8080`, namespace: k.namespace })).trim()
}

const canaryPods = async (k: KubeTest): Promise<V1Pod[]> => (await k.pods(`${ROLE_LABEL}=canary`)).filter((p) => !p.metadata?.deletionTimestamp)

const configMapNames = async (k: KubeTest): Promise<string[]> =>
  (await k.core.listNamespacedConfigMap({ namespace: k.namespace })).items.map((c) => c.metadata!.name!).filter((n) => n !== 'kube-root-ca.crt').sort()

/** `web` whose app reads VERSION from the ConfigMap `web-config` and TOKEN from the Secret `web-token`. */
function configuredWeb(replicas: number): V1Deployment & KubernetesObject {
  return webDeployment(v1, {
    replicas,
    container: {
      envFrom: [{ configMapRef: { name: 'web-config' } }],
      env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'web-token', key: 'token' } } }]
    }
  })
}

const configMap = (version: string): KubernetesObject & V1ConfigMap => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config' }, data: { VERSION: version } })
const tokenSecret = (token: string): KubernetesObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web-token' }, type: 'Opaque', stringData: { token } } as KubernetesObject)

describe('canary-deploy of a whole pod template', () => {
  it('a kustomize-built manifest whose only change is an environment variable that makes the app fail: aborted, stable pods, template and config untouched', async () => {
    const stable = webDeployment(v1, { replicas: 2 })
    await kube.create(stable, webService('web'))
    await rolledOut(kube)
    const base = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: stable.metadata, spec: stable.spec }
    await kustomize({
      'base/kustomization.yaml': 'resources: [deployment.yaml, service.yaml]\n',
      'base/deployment.yaml': dump(base),
      'base/service.yaml': dump(webService('web')),
      'overlay/kustomization.yaml': dump({
        resources: ['../base'],
        patches: [{ target: { kind: 'Deployment', name: 'web' }, patch: dump([{ op: 'add', path: '/spec/template/spec/containers/0/env/-', value: { name: 'FAULT', value: 'crash' } }]) }]
      })
    })
    const template = (await kube.deployment('web'))!.spec!.template
    const before = await stablePods(kube)
    const configsBefore = await configMapNames(kube)

    const result = await runAction('canary-deploy', {
      workspace,
      inputs: { kubeconfig: kube.kubeconfig, deployment: 'web', manifest: 'release.yaml', steps: '50,100', 'step-pause': '1s', 'rollout-timeout': '40s' },
      timeoutMs: 240_000
    })
    expect(result.exitCode).toBe(1)
    expect(result.summary).toContain('aborted')
    expect(result.summary).toMatch(/Deployment web-canary (cannot become ready|was not ready within 40s)/)
    expect(result.summary).toContain('| container `app` | env added: `FAULT` |')
    expect(result.summary).toContain('Not applied from release.yaml: Service web')
    expect(result.summary).not.toContain('crash')

    expect((await kube.deployment('web'))!.spec!.template).toEqual(template)
    await kube.until(async () => (await canaryPods(kube)).length === 0, 'canary pods gone', 60_000)
    expect(await stablePods(kube)).toEqual(before)
    expect(before).toEqual(Array(2).fill(expect.objectContaining({ restarts: [0], ready: true, answer: 'ok 1' })))
    expect(await configMapNames(kube)).toEqual(configsBefore)
    expect(await kube.deployment('web-canary')).toBeUndefined()
    expect(await stateOf(kube)).toBeUndefined()
  }, 300_000)

  it('a manifest with a changed ConfigMap and Secret: canary pods see the versioned copies and stable pods the old ones; abort deletes the copies, promotion keeps them', async () => {
    await kube.create(configMap('one'), tokenSecret('old-s3cret'), configuredWeb(2), webService('web'))
    await rolledOut(kube)
    writeFileSync(path.join(workspace, 'release.yaml'), [configMap('two'), tokenSecret('new-s3cret'), configuredWeb(2)].map((o) => dump(o)).join('---\n'))
    const template = (await kube.deployment('web'))!.spec!.template
    const before = await stablePods(kube)
    expect(before).toEqual(Array(2).fill(expect.objectContaining({ answer: 'ok one' })))

    const held = await runWith(kube, { manifest: 'release.yaml', traffic: 'smi', steps: '50,100', 'step-pause': '1s', action: 'start' }, { workspace })
    expect(held.report.result).toBe('holding')
    const copies = held.report.configs!
    expect(copies.map((c) => [c.kind, c.name])).toEqual([
      ['Secret', 'web-token'],
      ['ConfigMap', 'web-config']
    ])
    const [secretCopy, configCopy] = copies.map((c) => c.copy)
    expect(configCopy).toMatch(/^web-config-[a-z0-9]{10}$/)
    expect(held.report.changes).toEqual([
      { subject: 'container `app`', change: `env changed: \`TOKEN\`` },
      { subject: 'container `app`', change: `envFrom: ConfigMap ${configCopy} (was ConfigMap web-config)` }
    ])
    const summary = renderSummary(held.report)
    expect(summary).toContain(`| ConfigMap \`web-config\` | \`${configCopy}\`: versioned copy created for the canary; stable pods keep \`web-config\` |`)
    expect(summary).not.toMatch(/s3cret|bmV3LXMzY3JldA/)
    await kube.until(async () => (await canaryPods(kube)).every(ready) && (await canaryPods(kube)).length === 1, 'canary pod ready', 60_000)
    expect(await Promise.all((await canaryPods(kube)).map((p) => answer(kube, p)))).toEqual(['ok two'])
    expect(await stablePods(kube)).toEqual(before)
    expect((await kube.get<V1ConfigMap & KubernetesObject>('v1', 'ConfigMap', 'web-config'))?.data).toEqual({ VERSION: 'one' })
    expect((await kube.get<V1ConfigMap & KubernetesObject>('v1', 'ConfigMap', configCopy!))?.data).toEqual({ VERSION: 'two' })

    const aborted = await runWith(kube, { action: 'abort', traffic: 'smi' }, { runId: '101', workspace })
    expect(aborted.report.restored).toEqual(expect.arrayContaining([`ConfigMap ${configCopy} deleted`, `Secret ${secretCopy} deleted`]))
    expect(aborted.report.changes).toEqual(held.report.changes)
    expect(await kube.get('v1', 'ConfigMap', configCopy!)).toBeUndefined()
    expect(await kube.get('v1', 'Secret', secretCopy!)).toBeUndefined()
    expect((await kube.deployment('web'))!.spec!.template).toEqual(template)
    await kube.until(async () => (await canaryPods(kube)).length === 0, 'canary pods gone', 60_000)
    expect(await stablePods(kube)).toEqual(before)

    // As the README's kustomize workflow does it: the manifest from the overlay, the image from the build.
    const promoted = await runWith(kube, { manifest: 'release.yaml', image: `app=${v2}`, steps: '50,100', 'step-pause': '1s' }, { runId: '102', workspace })
    expect(promoted.report.result).toBe('promoted')
    expect(promoted.report.image).toBe(v2)
    expect((await kube.deployment('web'))!.spec!.template.spec!.containers[0]!.image).toBe(v2)
    expect(promoted.report.configs?.map((c) => c.copy)).toEqual([secretCopy, configCopy])
    const promotedSpec = (await kube.deployment('web'))!.spec!.template.spec!.containers[0]!
    expect(promotedSpec.envFrom).toEqual([{ configMapRef: { name: configCopy } }])
    expect(promotedSpec.env).toEqual([{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: secretCopy, key: 'token' } } }])
    await rolledOut(kube)
    expect(await stablePods(kube)).toEqual(Array(2).fill(expect.objectContaining({ answer: 'ok two', ready: true })))
    expect((await kube.get<V1ConfigMap & KubernetesObject>('v1', 'ConfigMap', configCopy!))?.data).toEqual({ VERSION: 'two' })
    expect((await kube.get<V1ConfigMap & KubernetesObject>('v1', 'ConfigMap', 'web-config'))?.data).toEqual({ VERSION: 'one' })
    expect(await kube.get('v1', 'Secret', secretCopy!)).toBeDefined()
    expect(await kube.deployment('web-canary')).toBeUndefined()
  }, 300_000)

  it("health-rollback's undo of a promoted manifest brings its configuration back too: the previous template names the ConfigMap it had, which was never changed", async () => {
    await kube.create(configMap('one'), tokenSecret('s3cret'), configuredWeb(2), webService('web'))
    await rolledOut(kube)
    writeFileSync(path.join(workspace, 'release.yaml'), [configMap('two'), configuredWeb(2)].map((o) => dump(o)).join('---\n'))
    const promoted = await runWith(kube, { manifest: 'release.yaml', traffic: 'smi', steps: '50,100', 'step-pause': '1s' }, { workspace })
    expect(promoted.report.result).toBe('promoted')
    const configCopy = promoted.report.configs![0]!.copy
    await rolledOut(kube)
    expect(await stablePods(kube)).toEqual(Array(2).fill(expect.objectContaining({ answer: 'ok two', ready: true })))

    // The release is judged unhealthy after the deploy (its health endpoint fails), as health-rollback runs in a workflow.
    const health = await startHttpServer((_req, res) => res.writeHead(500).end('down'))
    try {
      const rollback = await runAction('health-rollback', {
        inputs: { kubeconfig: kube.kubeconfig, deployment: 'web', 'health-urls': `${health.url}/healthz`, probes: '2', 'probe-interval': '200ms', 'failure-threshold': '2', 'rollout-timeout': '2m' },
        timeoutMs: 180_000
      })
      expect({ exitCode: rollback.exitCode, rolledBack: rollback.outputs['rolled-back'] }).toEqual({ exitCode: 1, rolledBack: 'true' })
    } finally {
      await health.close()
    }
    await rolledOut(kube)
    const restored = (await kube.deployment('web'))!.spec!.template.spec!.containers[0]!
    expect(restored.envFrom).toEqual([{ configMapRef: { name: 'web-config' } }])
    expect(await stablePods(kube)).toEqual(Array(2).fill(expect.objectContaining({ answer: 'ok one', ready: true })))
    // Both versions' config stay: a later undo of the undo would find the copy too.
    expect((await kube.get<V1ConfigMap & KubernetesObject>('v1', 'ConfigMap', 'web-config'))?.data).toEqual({ VERSION: 'one' })
    expect((await kube.get<V1ConfigMap & KubernetesObject>('v1', 'ConfigMap', configCopy))?.data).toEqual({ VERSION: 'two' })
  }, 300_000)

  it('a first deploy (no stable pod available) of a manifest rolls its template out directly, with the config copy it refers to', async () => {
    await kube.create(configMap('one'), tokenSecret('old'), configuredWeb(0), webService('web'))
    writeFileSync(path.join(workspace, 'release.yaml'), [configMap('two'), configuredWeb(2)].map((o) => dump(o)).join('---\n'))
    const { report } = await runWith(kube, { manifest: 'release.yaml', 'step-pause': '1s' }, { workspace })
    expect(report.result).toBe('promoted')
    expect(report.notes.join(' ')).toMatch(/^First deploy/)
    const copy = report.configs![0]!.copy
    expect((await kube.deployment('web'))!.spec!.template.spec!.containers[0]!.envFrom).toEqual([{ configMapRef: { name: copy } }])
    expect((await kube.get<V1ConfigMap & KubernetesObject>('v1', 'ConfigMap', copy))?.data).toEqual({ VERSION: 'two' })
  }, 120_000)

  it('a job killed mid-canary of a manifest release: the post step removes the canary and the config copy it created', async () => {
    await kube.create(configMap('one'), tokenSecret('old'), configuredWeb(2), webService('web'))
    await rolledOut(kube)
    writeFileSync(path.join(workspace, 'release.yaml'), [configMap('two'), configuredWeb(2)].map((o) => dump(o)).join('---\n'))
    const template = (await kube.deployment('web'))!.spec!.template
    const configsBefore = await configMapNames(kube)
    const result = await runAction('canary-deploy', {
      workspace,
      inputs: { kubeconfig: kube.kubeconfig, deployment: 'web', manifest: 'release.yaml', traffic: 'smi', steps: '50:5m,100' },
      killMainWhen: (stdout) => stdout.includes('Weight 50%'),
      timeoutMs: 240_000
    })
    expect(result.exitCode).not.toBe(0)
    expect(result.post?.exitCode).toBe(0)
    expect(result.post?.summary).toMatch(/- ConfigMap web-config-[a-z0-9]{10} deleted/)
    expect(await configMapNames(kube)).toEqual(configsBefore)
    expect((await kube.deployment('web'))!.spec!.template).toEqual(template)
    expect(await kube.deployment('web-canary')).toBeUndefined()
    expect(await stateOf(kube)).toBeUndefined()
  }, 300_000)

  it('a template patch (env, resources, a probe, a volume, a second container) held, then promoted with the whole template in one write', async () => {
    await kube.create(webDeployment(v1, { replicas: 2 }), webService('web'))
    await rolledOut(kube)
    const patch = dump({
      spec: {
        containers: [
          {
            name: 'app',
            env: [{ name: 'VERSION', value: 'patched' }],
            resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
            livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 5 },
            volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }]
          },
          { name: 'sidecar', image: v1, env: [{ name: 'PORT', value: '8081' }] }
        ],
        volumes: [{ name: 'scratch', emptyDir: {} }]
      }
    })
    const held = await runWith(kube, { 'template-patch': patch, traffic: 'smi', steps: '50,100', 'step-pause': '1s', action: 'start' })
    expect(held.report.result).toBe('holding')
    expect(held.report.changes).toEqual([
      { subject: 'container `app`', change: 'env added: `VERSION`' },
      { subject: 'container `app`', change: 'resources: requests cpu=10m memory=16Mi, limits memory=64Mi (was none)' },
      { subject: 'container `app`', change: 'livenessProbe added' },
      { subject: 'container `app`', change: 'mounts added: `scratch:/scratch`' },
      { subject: 'container `sidecar`', change: `added (${v1})` },
      { subject: 'volumes', change: 'added `scratch`' }
    ])
    await kube.until(async () => (await canaryPods(kube)).some(ready), 'canary pod ready', 60_000)
    expect(await Promise.all((await canaryPods(kube)).map((p) => answer(kube, p)))).toEqual(['ok patched'])
    expect((await canaryPods(kube))[0]!.spec!.containers.map((c) => c.name)).toEqual(['app', 'sidecar'])

    proxy = await faultProxy()
    const promoted = await runWith(kube, { action: 'promote', traffic: 'smi', steps: '50,100' }, { runId: '101', kubeconfig: proxy.kubeconfig })
    expect(promoted.report.result).toBe('promoted')
    const stableWrites = writes(proxy).filter((r) => r.path.endsWith('/deployments/web'))
    expect(stableWrites.map((r) => [r.method, r.query.dryRun])).toEqual([['PATCH', undefined]])
    const containers = (await kube.deployment('web'))!.spec!.template.spec!.containers
    expect(containers.map((c) => [c.name, c.env?.map((e) => e.name), c.resources?.limits, c.livenessProbe?.httpGet?.path, c.volumeMounts?.map((m) => m.mountPath)])).toEqual([
      ['app', ['VERSION'], { memory: '64Mi' }, '/healthz', ['/scratch']],
      ['sidecar', ['PORT'], undefined, undefined, undefined]
    ])
    expect((await kube.deployment('web'))!.spec!.template.spec!.volumes).toEqual([{ name: 'scratch', emptyDir: {} }])
    await rolledOut(kube)
    expect(((await stablePods(kube)) as { answer: string }[]).map((p) => p.answer)).toEqual(['ok patched', 'ok patched'])
  }, 300_000)

  it('a template the API server refuses (labels that do not match the selector) is refused before any write, naming the input', async () => {
    await kube.create(webDeployment(v1, { replicas: 1 }), webService('web'))
    await rolledOut(kube)
    proxy = await faultProxy()
    await expect(runWith(kube, { 'template-patch': 'metadata: {labels: {app: other}}' }, { kubeconfig: proxy.kubeconfig })).rejects.toThrow(
      /^Input 'template-patch': the API server refuses the pod template it makes for Deployment web: .*selector.*does not match template.*labels/
    )
    expect(writes(proxy).map((r) => [r.method, r.path, r.query.dryRun])).toEqual([['PATCH', `/apis/apps/v1/namespaces/${kube.namespace}/deployments/web`, 'All']])
  }, 120_000)

  it("names its copies as kustomize's generators name the same content (checked against the pinned kubectl kustomize)", async () => {
    const generated = await kustomize({
      'overlay/kustomization.yaml': dump({
        resources: ['deployment.yaml'],
        configMapGenerator: [{ name: 'web-config', literals: ['VERSION=two', 'HTML=<b>&amp;</b>'] }, { name: 'empty' }],
        secretGenerator: [{ name: 'web-token', literals: ['token=s3cret'] }, { name: 'tls', type: 'kubernetes.io/tls', literals: ['tls.crt=c', 'tls.key=k'] }]
      }),
      'overlay/deployment.yaml': dump({
        ...configuredWeb(1),
        spec: {
          ...configuredWeb(1).spec,
          template: {
            ...configuredWeb(1).spec!.template,
            spec: {
              ...configuredWeb(1).spec!.template.spec!,
              volumes: [{ name: 'empty', configMap: { name: 'empty' } }, { name: 'tls', secret: { secretName: 'tls' } }]
            }
          }
        }
      })
    })
    const read = readManifest(generated, 'web')
    if (!read.ok) throw new Error(read.problem)
    const names = read.manifest.configs.map((c) => c.name).sort()
    expect(names).toEqual([expect.stringMatching(/^empty-\w{10}$/), expect.stringMatching(/^tls-\w{10}$/), expect.stringMatching(/^web-config-\w{10}$/), expect.stringMatching(/^web-token-\w{10}$/)])
    const { copies } = versionConfigs(read.manifest.template, read.manifest.configs)
    expect(copies.map((c) => c.copy).sort()).toEqual(names)
  }, 60_000)
})
