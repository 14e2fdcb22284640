import { describe, expect, it } from '@jest/globals'
import { readManifest } from '../../../src/canary-deploy/manifest.js'

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: app
        image: ghcr.io/acme/web:2
        envFrom: [{configMapRef: {name: web-config}}]
`

// What `kustomize build` prints: documents sorted by kind, separated by ---.
const KUSTOMIZED = `apiVersion: v1
data:
  VERSION: two
kind: ConfigMap
metadata:
  name: web-config
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports: [{port: 80}]
---
${DEPLOYMENT}`

describe('readManifest', () => {
  it("takes the named Deployment's pod template and the file's ConfigMaps and Secrets from kustomize build output", () => {
    const read = readManifest(KUSTOMIZED, 'web')
    expect(read.ok).toBe(true)
    if (!read.ok) return
    expect(read.manifest.template).toEqual({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'ghcr.io/acme/web:2', envFrom: [{ configMapRef: { name: 'web-config' } }] }] } })
    expect(read.manifest.configs.map((c) => [c.kind, c.name])).toEqual([['ConfigMap', 'web-config']])
    expect(read.manifest.others).toEqual(['Service web'])
    expect(read.manifest.namespaces).toEqual([])
  })

  it('reads helm template output (comments, empty documents) and a kind: List', () => {
    const helm = `---\n# Source: web/templates/deployment.yaml\n${DEPLOYMENT.replace('name: web\n', 'name: web\n  namespace: prod\n')}---\n`
    const fromHelm = readManifest(helm, 'web')
    expect(fromHelm.ok && fromHelm.manifest.namespaces).toEqual(['prod'])
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { spec: { containers: [] } } } }] })
    expect(readManifest(list, 'web').ok).toBe(true)
  })

  it('says what it expected when the Deployment is missing, doubled, of another API or has no template', () => {
    expect(readManifest(KUSTOMIZED, 'api')).toEqual({ ok: false, problem: "a file with the Deployment 'api' (the 'deployment' input); it has the Deployments 'web'" })
    expect(readManifest('kind: Service\nmetadata: {name: web}\n', 'web')).toEqual({ ok: false, problem: "a file with the Deployment 'web' (the 'deployment' input); it has no Deployment (Service web)" })
    expect(readManifest(`${DEPLOYMENT}---\n${DEPLOYMENT}`, 'web')).toEqual({ ok: false, problem: "a file with one Deployment 'web'; it has 2" })
    expect(readManifest(DEPLOYMENT.replace('apps/v1', 'extensions/v1beta1'), 'web')).toEqual({ ok: false, problem: "a Deployment of apps/v1; 'web' is extensions/v1beta1" })
    expect(readManifest('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {}\n', 'web')).toEqual({ ok: false, problem: "a Deployment with a pod template; 'web' has no spec.template" })
  })

  it('refuses text that is no YAML of objects', () => {
    expect(readManifest('kind: [unclosed', 'web')).toEqual({ ok: false, problem: 'a YAML file of Kubernetes objects (it does not parse as YAML at line 1, column 16: end of the stream within a flow collection)' })
    expect(readManifest('- a\n- b\n', 'web')).toEqual({ ok: false, problem: 'Kubernetes objects, but document 1 is no mapping' })
  })
})
