import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parse } from 'yaml'
import { DEFAULT_STEP_PAUSE, DEFAULT_STEPS, readInputs } from '../../../src/canary-deploy/inputs.js'
import { InputErrors } from '../../../src/lib/action/errors.js'
import { ROOT } from '../../../local/harness.js'

describe('readInputs', () => {
  const source = (values: Record<string, string>) => (name: string) => values[name] ?? ''
  it('reports every bad input together, each by name', () => {
    let error: unknown
    try {
      readInputs(source({ deployment: 'web', image: 'web:2', steps: '5,25,10,100', traffic: 'linkerd', metrics: 'errors: sum(rate(x[1m]))', 'no-data': 'maybe' }))
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(InputErrors)
    const message = (error as Error).message
    expect(message).toMatch(/Input 'steps'.*25 follows|Input 'steps'.*10 follows 25/)
    expect(message).toMatch(/Input 'traffic': got 'linkerd'/)
    expect(message).toMatch(/Input 'metrics': got 'line 1: errors: sum\(rate\(x\[1m\]\)\)'/)
    expect(message).toMatch(/Input 'no-data'/)
  })

  it('reads header-route as a header name and its exact value, and lets the schedule begin at 0 with it', () => {
    const given = { deployment: 'web', image: 'web:2', traffic: 'gateway-api', 'http-route': 'web', steps: '0:10m, 25, 100', 'header-route': ' X-Canary :  always on ' }
    const inputs = readInputs(source(given))
    expect(inputs.headerRoute).toEqual({ name: 'X-Canary', value: 'always on' })
    expect(inputs.steps.map((s) => s.weight)).toEqual([0, 25, 100])
    expect(readInputs(source({ ...given, 'header-route': '', steps: '' })).headerRoute).toBeUndefined()
    expect(() => readInputs(source({ ...given, traffic: 'istio', 'virtual-service': 'web' }))).toThrow(/Input 'header-route'.*traffic: gateway-api \(given strategy: canary, traffic: istio\)/)
  })

  it('refuses an image that is no reference (a digest without its repository) before any write', () => {
    const digest = `sha256:${'5e'.repeat(32)}`
    expect(() => readInputs(source({ deployment: 'web', image: digest }))).toThrow(/Input 'image': got 'sha256:5e5e.*'; expected one image reference.*a digest with no repository/)
    expect(() => readInputs(source({ deployment: 'web', image: 'ghcr.io/Acme/web:2' }))).toThrow(/Input 'image'.*not a repository name/)
  })

  it('refuses a schedule whose pauses cannot finish within a 6 h job', () => {
    expect(() => readInputs(source({ deployment: 'web', image: 'web:2', steps: '5:3h, 50:3h30m, 100' }))).toThrow(/Input 'steps'.*add up to 390m; a job may run 6h/)
    expect(readInputs(source({ deployment: 'web', image: 'web:2', steps: '5:3h, 50:3h30m, 100', action: 'start', 'hold-at': '5' })).holdAt).toBe(5)
  })

  it('refuses hold-at with any action but start, naming both inputs, instead of promoting past it', () => {
    expect(() => readInputs(source({ deployment: 'web', image: 'web:2', 'hold-at': '25' }))).toThrow(
      "Input 'hold-at': got '25'; expected no value with 'action: run' (only 'action: start' holds; 'run' walks every step to 100 %): set 'action: start' to stop at 25, or remove 'hold-at'."
    )
    expect(() => readInputs(source({ deployment: 'web', action: 'promote', 'hold-at': '25' }))).toThrow(/Input 'hold-at': got '25'; expected no value with 'action: promote'/)
    expect(readInputs(source({ deployment: 'web', image: 'web:2', action: 'start', 'hold-at': '25' })).holdAt).toBe(25)
  })

  it('refuses a namespace that is not a namespace name, naming namespace (not deployment)', () => {
    let message = ''
    try {
      readInputs(source({ namespace: 'Demo_NS', deployment: 'web', image: 'web:2' }))
    } catch (e) {
      message = (e as Error).message
    }
    expect(message).toMatch(/^Input 'namespace': got 'Demo_NS'; expected a Kubernetes namespace name/)
    expect(message).not.toContain("'deployment'")
    expect(() => readInputs(source({ namespace: 'x'.repeat(64), deployment: 'web', image: 'web:2' }))).toThrow(/Input 'namespace'/)
    expect(readInputs(source({ namespace: 'demo-ns', deployment: 'web', image: 'web:2' })).namespace).toBe('demo-ns')
  })

  it('refuses container, service and router names the API server would refuse, naming each input, and accepts valid ones', () => {
    const base = { deployment: 'web', image: 'web:2' }
    expect(() => readInputs(source({ ...base, container: 'Web_App' }))).toThrow(/^Input 'container': got 'Web_App'; expected a container name/)
    expect(() => readInputs(source({ ...base, service: 'Web_Svc' }))).toThrow(/^Input 'service': got 'Web_Svc'; expected a Service name/)
    expect(() => readInputs(source({ ...base, service: '1web' }))).toThrow(/^Input 'service'/)
    expect(() => readInputs(source({ ...base, traffic: 'istio', 'virtual-service': 'Web_VS' }))).toThrow(/^Input 'virtual-service': got 'Web_VS'/)
    expect(() => readInputs(source({ ...base, traffic: 'nginx', ingress: 'web ingress' }))).toThrow(/^Input 'ingress'/)
    const valid = readInputs(source({ ...base, container: 'app', service: 'web-svc', traffic: 'gateway-api', 'http-route': 'web.routes' }))
    expect([valid.images, valid.service, valid.router]).toEqual([[{ container: 'app', image: 'web:2', namedBy: 'container' }], 'web-svc', 'web.routes'])
  })

  it('reads several containers (commas or new lines) and container=reference images, refusing a bad item naming its input', () => {
    const two = readInputs(source({ deployment: 'web', image: 'app=web:2\nproxy=proxy:1.27' }))
    expect(two.images).toEqual([
      { container: 'app', image: 'web:2', namedBy: 'image' },
      { container: 'proxy', image: 'proxy:1.27', namedBy: 'image' }
    ])
    expect(two.image).toBe('app=web:2, proxy=proxy:1.27')
    expect(readInputs(source({ deployment: 'web', image: 'web:2', container: 'app,\nworker' })).images.map((i) => i.container)).toEqual(['app', 'worker'])
    expect(() => readInputs(source({ deployment: 'web', image: 'app=web:2, web:3' }))).toThrow(/^Input 'image': got 'app=web:2, web:3'; expected either one image reference or 'container=reference' items, not both/)
    expect(() => readInputs(source({ deployment: 'web', image: 'App=web:2' }))).toThrow(/^Input 'image': got 'App=web:2'; expected 'container=reference' with a container name/)
    expect(() => readInputs(source({ deployment: 'web', image: 'app=web:2', container: 'proxy' }))).toThrow(/^Input 'container': got 'proxy'; expected nothing .* \('app'\)/)
    expect(() => readInputs(source({ deployment: 'web', image: 'web:2', container: 'app, app' }))).toThrow(/^Input 'container': got 'app, app'; expected each container named once/)
    // Without image, with action abort: nothing asked for, nothing refused.
    expect(readInputs(source({ deployment: 'web', action: 'abort', container: 'app' })).images).toEqual([])
  })

  it('requires the router object of a router method and a Prometheus URL for metrics', () => {
    expect(() => readInputs(source({ deployment: 'web', image: 'web:2', traffic: 'istio' }))).toThrow(/Input 'virtual-service'/)
    expect(() => readInputs(source({ deployment: 'web', image: 'web:2', metrics: 'error-rate' }))).toThrow(/Input 'prometheus-url'/)
  })

  it('defaults: 5,25,50,100 with 1m pauses, replicas, no-data inconclusive, start holds at the last weight below 100', () => {
    const inputs = readInputs(source({ deployment: 'web', image: 'web:2', action: 'start' }))
    expect(inputs.steps.map((s) => s.weight)).toEqual([5, 25, 50, 100])
    expect(inputs.steps[0]!.pauseMs).toBe(60_000)
    expect(inputs).toMatchObject({ traffic: 'replicas', noData: 'inconclusive', holdAt: 50, analysisIntervalMs: 30_000, failureLimit: 0 })
  })
})

describe('readInputs: the runner variables', () => {
  const source = (values: Record<string, string>) => (name: string) => values[name] ?? ''
  const given = { deployment: 'web', image: 'web:2' }

  it('come from env: the run and attempt that start a claim owner, and where the report file goes', () => {
    const env = { GITHUB_RUN_ID: '7', GITHUB_RUN_ATTEMPT: '2', GITHUB_WORKSPACE: '/work/repo', RUNNER_TEMP: '/runner/tmp' }
    expect(readInputs(source(given), env)).toMatchObject({ run: '7/2', reportFile: '/runner/tmp/canary-deploy-report.json' })
    expect(readInputs(source({ ...given, 'report-file': 'out/canary.json' }), env).reportFile).toBe('/work/repo/out/canary.json')
  })

  it('off a runner: run local/1, the report in the working directory', () => {
    expect(readInputs(source(given), {})).toMatchObject({ run: 'local/1', reportFile: path.resolve('canary-deploy-report.json') })
  })

  it('the schedule defaults are the ones action.yml states', () => {
    const declared = (parse(readFileSync(path.join(ROOT, 'actions/canary-deploy/action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> }).inputs
    expect([declared.steps?.default, declared['step-pause']?.default]).toEqual([DEFAULT_STEPS, DEFAULT_STEP_PAUSE])
  })
})

describe('readInputs: manifest and template-patch', () => {
  const source = (values: Record<string, string>) => (name: string) => values[name] ?? ''
  const workspace = mkdtempSync(path.join(tmpdir(), 'canary-inputs-'))
  const env = { GITHUB_WORKSPACE: workspace }
  writeFileSync(path.join(workspace, 'release.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec: {containers: [{name: app, image: web:2}]}\n')

  it('a manifest in the workspace stands in for image; the Deployment is read from it', () => {
    const inputs = readInputs(source({ deployment: 'web', manifest: 'release.yaml' }), env)
    expect(inputs.manifest?.file).toBe('release.yaml')
    expect(inputs.manifest?.content.template).toEqual({ spec: { containers: [{ name: 'app', image: 'web:2' }] } })
    expect(inputs.images).toEqual([])
  })

  it('refuses a manifest without the Deployment, one that is not there, and one outside the workspace, naming the input', () => {
    expect(() => readInputs(source({ deployment: 'api', manifest: 'release.yaml' }), env)).toThrow("Input 'manifest': got 'release.yaml'; expected a file with the Deployment 'api' (the 'deployment' input); it has the Deployments 'web'.")
    expect(() => readInputs(source({ deployment: 'web', manifest: 'missing.yaml' }), env)).toThrow(/Input 'manifest': got 'missing.yaml'; expected the path of a YAML file in the workspace .*there is no file at/)
    expect(() => readInputs(source({ deployment: 'web', manifest: '/etc/passwd' }), env)).toThrow(/Input 'manifest': got '\/etc\/passwd'/)
  })

  it('a template patch in YAML or JSON stands in for image', () => {
    const patch = 'spec:\n  containers:\n  - name: app\n    env: [{name: FAULT, value: crash}]\n'
    expect(readInputs(source({ deployment: 'web', 'template-patch': patch }), env).templatePatch).toEqual({ spec: { containers: [{ name: 'app', env: [{ name: 'FAULT', value: 'crash' }] }] } })
    expect(readInputs(source({ deployment: 'web', 'template-patch': '{"metadata": {"labels": {"tier": "web"}}}' }), env).templatePatch).toEqual({ metadata: { labels: { tier: 'web' } } })
  })

  it('refuses a patch of the Deployment, other keys, no YAML; both inputs together; either with blue-green', () => {
    expect(() => readInputs(source({ deployment: 'web', 'template-patch': 'spec: {template: {spec: {}}}' }), env)).toThrow(/Input 'template-patch'.*this one patches the Deployment: give what is under spec.template/)
    expect(() => readInputs(source({ deployment: 'web', 'template-patch': 'containers: []' }), env)).toThrow(/Input 'template-patch'.*it has 'containers'/)
    expect(() => readInputs(source({ deployment: 'web', 'template-patch': 'spec: [' }), env)).toThrow(/Input 'template-patch'.*it does not parse as YAML at line 1, column 8/)
    expect(() => readInputs(source({ deployment: 'web', manifest: 'release.yaml', 'template-patch': 'spec: {}' }), env)).toThrow(/Input 'template-patch'.*nothing when 'manifest' is given/)
    expect(() => readInputs(source({ deployment: 'web', manifest: 'release.yaml', strategy: 'blue-green' }), env)).toThrow(/Input 'manifest'.*nothing with 'strategy: blue-green'/)
  })

  it('promote and abort act on the recorded canary: a manifest that is not there is not read', () => {
    expect(readInputs(source({ deployment: 'web', manifest: 'gone.yaml', action: 'abort' }), env).manifest).toBeUndefined()
    expect(readInputs(source({ deployment: 'web', 'template-patch': 'spec: [', action: 'promote' }), env).templatePatch).toBeUndefined()
  })

  it("still requires image, manifest or template-patch with 'action: run'", () => {
    expect(() => readInputs(source({ deployment: 'web' }), env)).toThrow(/Input 'image'.*unless 'manifest' or 'template-patch' gives the new pod template/)
  })
})
