import { describe, expect, it } from '@jest/globals'
import type { V1PodTemplateSpec } from '@kubernetes/client-node'
import { imageChangesOf, templateChanges } from '../../../src/canary-deploy/template-diff.js'

const stable = (): V1PodTemplateSpec => ({
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [
      {
        name: 'app',
        image: 'web:1',
        env: [{ name: 'LEVEL', value: 'info' }, { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 't' } } }],
        resources: { limits: { memory: '128Mi' } },
        readinessProbe: { httpGet: { path: '/healthz', port: 8080 } }
      }
    ],
    volumes: [{ name: 'conf', configMap: { name: 'web-config' } }]
  }
})

describe('templateChanges', () => {
  it('names a changed environment variable but never its value', () => {
    const next = stable()
    next.spec!.containers[0]!.env![0]!.value = 'debug-s3cret'
    next.spec!.containers[0]!.env!.push({ name: 'FAULT', value: 'crash' })
    const changes = templateChanges(stable(), next)
    expect(changes).toEqual([
      { subject: 'container `app`', change: 'env added: `FAULT`' },
      { subject: 'container `app`', change: 'env changed: `LEVEL`' }
    ])
    expect(JSON.stringify(changes)).not.toMatch(/s3cret|crash/)
  })

  it('reports images, resources, probes, volumes, a second container and pod settings', () => {
    const next = stable()
    const app = next.spec!.containers[0]!
    app.image = 'web:2'
    app.resources = { limits: { memory: '256Mi' }, requests: { cpu: '100m' } }
    delete app.readinessProbe
    app.livenessProbe = { httpGet: { path: '/healthz', port: 8080 } }
    next.spec!.containers.push({ name: 'proxy', image: 'proxy:1' })
    next.spec!.volumes = [{ name: 'conf', configMap: { name: 'web-config-9267k7dk58' } }, { name: 'tmp', emptyDir: {} }]
    next.spec!.serviceAccountName = 'web'
    expect(templateChanges(stable(), next)).toEqual([
      { subject: 'container `app`', change: 'image web:1 → web:2' },
      { subject: 'container `app`', change: 'resources: requests cpu=100m, limits memory=256Mi (was limits memory=128Mi)' },
      { subject: 'container `app`', change: 'readinessProbe removed' },
      { subject: 'container `app`', change: 'livenessProbe added' },
      { subject: 'container `proxy`', change: 'added (proxy:1)' },
      { subject: 'volumes', change: 'changed `conf` (ConfigMap web-config) → `conf` (ConfigMap web-config-9267k7dk58)' },
      { subject: 'volumes', change: 'added `tmp`' },
      { subject: 'pod', change: '`serviceAccountName` changed' }
    ])
  })

  it("lists template annotations the release drops (kubectl rollout restart's) and labels it adds", () => {
    const restarted = stable()
    restarted.metadata!.annotations = { 'kubectl.kubernetes.io/restartedAt': '2026-12-03T03:00:00Z' }
    const next = stable()
    next.metadata!.labels = { app: 'web', tier: 'front' }
    expect(templateChanges(restarted, next)).toEqual([
      { subject: 'pod metadata', change: 'labels added: `tier`' },
      { subject: 'pod metadata', change: 'annotations removed: `kubectl.kubernetes.io/restartedAt`' }
    ])
  })

  it('finds nothing between a template and itself, and a removed container', () => {
    expect(templateChanges(stable(), stable())).toEqual([])
    const two = stable()
    two.spec!.containers.push({ name: 'proxy', image: 'proxy:1' })
    expect(templateChanges(two, stable())).toEqual([{ subject: 'container `proxy`', change: 'removed' }])
  })
})

describe('imageChangesOf', () => {
  it('lists the containers whose image changes or that are added', () => {
    const next = stable()
    next.spec!.containers[0]!.image = 'web:2'
    next.spec!.containers.push({ name: 'proxy', image: 'proxy:1' })
    expect(imageChangesOf(stable(), next)).toEqual([
      { container: 'app', image: 'web:2', previousImage: 'web:1' },
      { container: 'proxy', image: 'proxy:1', previousImage: '' }
    ])
  })

  it('lists every container, unchanged, when only other settings change (the report still names what runs)', () => {
    const next = stable()
    next.spec!.containers[0]!.env = []
    expect(imageChangesOf(stable(), next)).toEqual([{ container: 'app', image: 'web:1', previousImage: 'web:1' }])
  })
})
