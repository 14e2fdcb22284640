/** build-push run as the runner runs it (dist bundle, INPUT_* variables with action.yml defaults, post step). */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import YAML from 'yaml'
import { ROOT, runAction } from '../../local/harness.js'
import { haveTools } from '../../local/process.js'
import { startFaultProxy, type FaultProxy, type FaultRule } from '../../local/registry/fault-proxy.js'
import { listTags } from '../../local/registry/raw.js'
import { startRegistry, type Registry } from '../../local/registry/registry.js'
import { eventPath, runEnv } from '../unit/build-push/events.js'
import { leftovers, workspaceWith } from '../../local/scenarios/build-push.js'

const action = YAML.parse(readFileSync(path.join(ROOT, 'actions/build-push/action.yml'), 'utf8')) as {
  inputs: Record<string, { required?: boolean; default?: string }>
  outputs: Record<string, unknown>
  runs: { using: string; main: string; post?: string }
}

describe('action.yml', () => {
  it('declares the contract inputs and outputs, with a post step that cleans up', () => {
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining(['image', 'context', 'file', 'target', 'build-args', 'labels', 'platforms', 'push', 'username', 'password', 'insecure-registries', 'tags', 'builder', 'cache', 'reuse-existing', 'immutable-tags', 'sign', 'signing-key', 'signing-key-password'])
    )
    expect(Object.keys(action.outputs)).toEqual(['digest', 'image-ref', 'tags', 'labels', 'version', 'metadata'])
    expect(action.inputs.tags?.default?.trim().split('\n')).toEqual(['sha', 'branch', 'semver', 'pr'])
    expect([action.inputs.context?.default, action.inputs.push?.default, action.inputs.builder?.default, action.inputs.cache?.default]).toEqual(['.', 'true', 'auto', 'registry'])
    expect([action.inputs['reuse-existing']?.default, action.inputs['immutable-tags']?.default]).toEqual(['true', 'true'])
    expect(action.inputs.sign?.default).toBe('none')
    expect(action.runs).toEqual({ using: 'node24', main: '../../dist/build-push/index.js', post: '../../dist/build-push/index.js' })
  })

  it('every input it declares is read by the action', () => {
    const source = ['src/build-push/inputs.ts', 'src/lib/oci/insecure-registries.ts', 'src/build-push/signing-inputs.ts', 'src/lib/signing/signing-inputs.ts', 'src/build-push/secret-inputs.ts'].map((file) => readFileSync(path.join(ROOT, file), 'utf8')).join('\n')
    for (const name of Object.keys(action.inputs)) expect(source).toContain(`'${name}'`)
  })
})

const event = JSON.parse(readFileSync(eventPath('push-main'), 'utf8')) as Record<string, unknown>
const dockerfile = { Dockerfile: 'FROM scratch\nCOPY a.txt /\n', 'a.txt': 'a\n' }

async function run(inputs: Record<string, string>, workspace = workspaceWith(dockerfile)) {
  const temp = mkdtempSync(path.join(tmpdir(), 'bp-contract-'))
  const result = await runAction('build-push', { inputs, eventName: 'push', event, workspace, env: { ...runEnv('push-main'), RUNNER_TEMP: temp } })
  return { result, temp, error: result.annotations.filter((a) => a.level === 'error').map((a) => a.message).join('\n') }
}

describe('bad inputs fail before any build, naming the input', () => {
  it.each([
    ['no image', {}, /Input 'image'/],
    ['a bad platform', { image: '127.0.0.1:5000/acme/web', platforms: 'linux/amd64,windows/sparc' }, /Input 'platforms': got 'windows\/sparc'/],
    ['an unknown tag rule', { image: '127.0.0.1:5000/acme/web', tags: 'sha\ntype=ref,event=branch' }, /Input 'tags': got 'type=ref,event=branch'; expected tag rules/],
    ['a missing Dockerfile', { image: '127.0.0.1:5000/acme/web', file: 'docker/Dockerfile.prod' }, /Input 'file'.*Dockerfile.prod does not/],
    ['gha cache with buildah', { image: '127.0.0.1:5000/acme/web', builder: 'buildah', cache: 'gha' }, /Input 'cache': got 'gha'/],
    ['a raw tag outside the OCI tag grammar', { image: '127.0.0.1:5000/acme/web', tags: 'raw:bad tag!' }, /Input 'tags': got 'raw:bad tag!'; expected .*OCI tag grammar \[A-Za-z0-9_\]\[A-Za-z0-9._-\]\{0,127\}/],
    ['a target the Dockerfile does not have', { image: '127.0.0.1:5000/acme/web', target: 'no-such-stage' }, /Input 'target': got 'no-such-stage'; expected a stage of Dockerfile, which names none/]
  ])('%s', async (_name, inputs, message) => {
    const { result, temp, error } = await run(inputs as Record<string, string>)
    expect(result.exitCode).toBe(1)
    expect(error).toMatch(message)
    expect(error).not.toMatch(/This is a bug/)
    expect(result.stdout).not.toMatch(/\$ (buildah|docker) /)
    expect(leftovers(temp)).toEqual([])
  })

  it('reports several bad inputs in one run', async () => {
    const { error } = await run({ platforms: 'x', tags: 'nope' })
    expect(error).toMatch(/3 inputs are invalid[\s\S]*'image'[\s\S]*'platforms'[\s\S]*'tags'/)
  })
})

describe('context and file stay inside the workspace (or RUNNER_TEMP), before any build', () => {
  // Enough '..' to reach / from the scratch workspace, wherever it lies.
  it.each([
    ['a context that climbs out', { context: '../../../../../../../..' }, /^Input 'context': got '(\.\.\/){7}\.\.'; expected a path inside the workspace \(\S+\) or RUNNER_TEMP \(\S+\); it leads to \/, outside them\.$/],
    ['a Dockerfile outside', { file: '../../../../../../../../etc/passwd', target: 'x' }, /^Input 'file': got '(\.\.\/){8}etc\/passwd'; expected a path inside the workspace .*; it leads to \/etc\/passwd, outside them\.$/],
    ['a context that is a symbolic link out', { context: 'linked-root' }, /^Input 'context': got 'linked-root'; expected a path inside the workspace .*; a symbolic link on the way leads to \/, outside them\.$/],
    ['a default Dockerfile that is a symbolic link out', { context: 'app' }, /^Input 'file': got 'app\/Dockerfile \(the default\)'; expected a path inside .*; a symbolic link on the way leads to \/etc\/passwd, outside them\.$/]
  ])('%s', async (_name, given, message) => {
    const workspace = workspaceWith(dockerfile)
    symlinkSync('/', path.join(workspace, 'linked-root'))
    mkdirSync(path.join(workspace, 'app'))
    symlinkSync('/etc/passwd', path.join(workspace, 'app', 'Dockerfile'))
    const { result, temp, error } = await run({ image: '127.0.0.1:5000/acme/web', ...given }, workspace)
    expect(result.exitCode).toBe(1)
    expect(error).toMatch(message)
    expect(error).not.toContain(readFileSync('/etc/passwd', 'utf8').split('\n')[0]!)
    expect(result.stdout).not.toMatch(/\$ (buildah|docker) /)
    expect(leftovers(temp)).toEqual([])
  })
})

const enabled = haveTools('buildah', 'docker-registry', 'htpasswd')
let registry: Registry
beforeAll(async () => {
  if (enabled) registry = await startRegistry({ kind: 'htpasswd', users: { ci: 'pa55-w0rd-for-tests' } })
})
afterAll(async () => {
  await registry?.stop()
})

;(enabled ? describe : describe.skip)('running the bundle against a registry with credentials', () => {
  it('logs in through an auth file that the post step removes; the password is masked', async () => {
    const password = 'pa55-w0rd-for-tests'
    const { result, temp, error } = await run({ image: `${registry.host}/acme/web`, username: 'ci', password, tags: 'sha\nbranch' })
    expect([result.exitCode, error]).toEqual([0, ''])
    expect(result.masks).toContain(password)
    expect(result.stdout.replace(/^::add-mask::.*$/gm, '')).not.toContain(password)
    expect(result.stdout).toContain('--authfile')
    const auth = `Basic ${Buffer.from(`ci:${password}`).toString('base64')}`
    expect(await listTags(registry.host, 'acme/web', { authorization: auth })).toEqual(['main', 'sha-6113728'])
    expect(result.post?.exitCode).toBe(0)
    expect(leftovers(temp)).toEqual([])
    // builder auto: no Docker daemon answers here.
    expect(result.summary).toContain('buildah (no Docker daemon answers')
  })

  it('fails with the registry named when the credentials are wrong, and still cleans up', async () => {
    const { result, temp, error } = await run({ image: `${registry.host}/acme/web`, username: 'ci', password: 'wrong-password-123', tags: 'sha' })
    expect(result.exitCode).toBe(1)
    expect(error).toMatch(new RegExp(`${registry.host}.*authentication failed`))
    expect(result.summary).toContain('build-push failed')
    expect(leftovers(temp)).toEqual([])
  })

  it('push: false builds and pushes nothing', async () => {
    const { result, error } = await run({ image: `${registry.host}/acme/local`, username: 'ci', password: 'pa55-w0rd-for-tests', push: 'false', cache: 'none' })
    expect([result.exitCode, error]).toEqual([0, ''])
    expect(result.outputs.digest).toBe('')
    expect(result.stdout).toMatch(/buildah .* bud /)
    expect(result.stdout).not.toMatch(/buildah .* push /)
    const auth = `Basic ${Buffer.from('ci:pa55-w0rd-for-tests').toString('base64')}`
    expect(await listTags(registry.host, 'acme/local', { authorization: auth })).toEqual([])
    expect(JSON.parse(result.outputs.metadata!)).toMatchObject({ references: [], reused: false })
  })
})

/** A rule that answers `fault` to the requests `match` picks, the first `times` of them (every one without `times`). */
function faultOn(match: (method: string, path: string) => boolean, fault: { status: number; headers?: Record<string, string> }, times = Infinity): FaultRule {
  let left = times
  return ({ method, path }) => (match(method, path) && left-- > 0 ? fault : undefined)
}

const blobPost = (method: string, path: string): boolean => method === 'POST' && path.includes('/blobs/uploads/')
const manifestPut = (tag: string) => (method: string, path: string): boolean => method === 'PUT' && path.endsWith(`/manifests/${tag}`)

;(enabled ? describe : describe.skip)('through a registry fault proxy', () => {
  let plain: Registry
  let proxy: FaultProxy
  beforeAll(async () => {
    plain = await startRegistry()
    proxy = await startFaultProxy(plain.port)
  })
  afterAll(async () => {
    await proxy?.stop()
    await plain?.stop()
  })

  it('an invalid raw tag or an unknown target is refused before any build and any registry request, naming the input, the value and the rule', async () => {
    proxy.reset()
    const staged = workspaceWith({ Dockerfile: 'FROM scratch AS build\nCOPY a.txt /\nFROM build AS test\n', 'a.txt': 'a\n' })
    const { result, temp, error } = await run({ image: `${proxy.host}/acme/refused`, builder: 'buildah', tags: 'sha\nraw:bad tag!', target: 'no-such-stage' }, staged)
    expect(result.exitCode).toBe(1)
    expect(error).toContain("Input 'tags': got 'raw:bad tag!'; expected a raw tag the registry accepts, taken verbatim: the OCI tag grammar [A-Za-z0-9_][A-Za-z0-9._-]{0,127} (it contains a space, '!')")
    expect(error).toContain("Input 'target': got 'no-such-stage'; expected one of the stages of Dockerfile: build, test")
    expect(error).not.toMatch(/This is a bug/)
    expect(result.stdout).not.toMatch(/\$ (buildah|docker) /)
    expect(proxy.requests).toEqual([])
    expect(result.outputs.tags).toBeUndefined()
    expect(leftovers(temp)).toEqual([])
  })

  it('one 503 on a blob POST and one on a manifest PUT (with Retry-After) are retried: every tag is pushed', async () => {
    proxy.reset()
    const post = faultOn(blobPost, { status: 503 }, 1)
    const put = faultOn(manifestPut('sha-6113728'), { status: 503, headers: { 'retry-after': '1' } }, 1)
    proxy.rule = (request) => post(request) ?? put(request)
    const { result, error } = await run({ image: `${proxy.host}/acme/flaky`, builder: 'buildah', cache: 'none', tags: 'sha\nbranch' })
    expect([result.exitCode, error]).toEqual([0, ''])
    const injected = proxy.requests.filter((r) => r.status === 503).map((r) => `${r.method} ${r.path.replace(/\?.*$/, '')}`)
    expect(injected).toEqual(['POST /v2/acme/flaky/blobs/uploads/', 'PUT /v2/acme/flaky/manifests/sha-6113728'])
    // The Retry-After of the PUT decides its wait; the POST waits a backoff of its own.
    expect(result.stdout).toMatch(/retrying: PUT \/v2\/acme\/flaky\/manifests\/sha-6113728: .*HTTP 503.*; try 2 in 1000 ms/)
    expect(result.stdout).toMatch(/retrying: POST \/v2\/acme\/flaky\/blobs\/uploads\/: .*HTTP 503.*; try 2 in \d+ ms/)
    expect(await listTags(plain.host, 'acme/flaky')).toEqual(['main', 'sha-6113728'])
    expect(result.outputs.tags!.split('\n')).toEqual([`${proxy.host}/acme/flaky:main`, `${proxy.host}/acme/flaky:sha-6113728`])
    expect(result.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(JSON.parse(result.outputs.metadata!)).toMatchObject({ notPushed: [], failure: null, pushed: [{ outcome: 'pushed' }, { outcome: 'created' }] })
  })

  it("a later tag's PUT that keeps failing fails the step; the outputs and the summary say which tags were pushed and which not", async () => {
    proxy.reset()
    proxy.rule = faultOn(manifestPut('edge'), { status: 503 })
    const { result, error } = await run({ image: `${proxy.host}/acme/partial`, builder: 'buildah', cache: 'none', tags: 'sha\nbranch\nraw:edge\nraw:stable' })
    expect(result.exitCode).toBe(1)
    expect(error).toMatch(/PUT \/v2\/acme\/partial\/manifests\/edge kept failing: HTTP 503/)
    const repo = `${proxy.host}/acme/partial`
    expect(await listTags(plain.host, 'acme/partial')).toEqual(['main', 'sha-6113728'])
    expect(result.outputs.tags!.split('\n')).toEqual([`${repo}:sha-6113728`, `${repo}:main`])
    const metadata = JSON.parse(result.outputs.metadata!)
    expect(metadata.pushed).toEqual([{ reference: `${repo}:sha-6113728`, outcome: 'pushed' }, { reference: `${repo}:main`, outcome: 'created' }])
    expect(metadata.notPushed).toEqual([`${repo}:edge`, `${repo}:stable`])
    expect(metadata.failure).toMatch(/manifests\/edge kept failing/)
    expect(result.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(result.outputs['image-ref']).toBe(`${repo}@${result.outputs.digest}`)
    expect(result.summary).toContain(`| \`${repo}:sha-6113728\` | pushed |`)
    expect(result.summary).toContain(`| \`${repo}:main\` | created |`)
    expect(result.summary).toContain(`| \`${repo}:edge\` | ❌ not pushed (its push failed) |`)
    expect(result.summary).toContain(`| \`${repo}:stable\` | ❌ not pushed |`)
    expect(proxy.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/manifests/stable'))).toEqual([])
  })
})
