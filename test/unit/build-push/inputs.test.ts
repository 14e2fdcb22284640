import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { InputErrors } from '../../../src/lib/action/errors.js'
import { isPlatform, readInputs } from '../../../src/build-push/inputs.js'

const workspace = mkdtempSync(path.join(tmpdir(), 'bp-inputs-'))
writeFileSync(path.join(workspace, 'Dockerfile'), 'FROM scratch\n')

function read(values: Record<string, string>) {
  return readInputs((name) => values[name] ?? '', { GITHUB_WORKSPACE: workspace })
}

function problems(values: Record<string, string>): string[] {
  try {
    read(values)
  } catch (error) {
    if (error instanceof InputErrors) return error.errors.map((e) => e.input)
    throw error
  }
  return []
}

describe('build-push inputs', () => {
  it('defaults: context ., its Dockerfile, default rules, registry cache next to the first image', () => {
    const config = read({ image: 'GHCR.io/Acme/Web\nghcr.io/acme/mirror' })
    expect(config.images.map((i) => `${i.registry}/${i.repository}`)).toEqual(['ghcr.io/acme/web', 'ghcr.io/acme/mirror'])
    expect(config.context).toBe(workspace)
    expect(config.file).toBe(path.join(workspace, 'Dockerfile'))
    expect(config.rules.map((r) => r.kind)).toEqual(['sha', 'branch', 'semver', 'pr'])
    expect(config.cacheRepository).toEqual({ registry: 'ghcr.io', repository: 'acme/web-cache' })
    expect([config.push, config.reuseExisting, config.immutableTags, config.builder, config.cache]).toEqual([true, true, true, 'auto', 'registry'])
  })

  it('multi-runner builds: push-by-digest with one platform; merge-digests without a Dockerfile, as digests or image-refs', () => {
    const digest = `sha256:${'a'.repeat(64)}`
    expect(read({ image: 'r.io/a', 'push-by-digest': 'true', platforms: 'linux/arm64' }).pushByDigest).toBe(true)
    const merge = readInputs((name) => ({ image: 'r.io/a', 'merge-digests': `${digest}\nr.io/a@sha256:${'b'.repeat(64)}` })[name] ?? '', { GITHUB_WORKSPACE: mkdtempSync(path.join(tmpdir(), 'no-checkout-')) })
    expect(merge.mergeDigests).toEqual([digest, `sha256:${'b'.repeat(64)}`])
    expect(problems({ image: 'r.io/a', 'push-by-digest': 'true', platforms: 'linux/amd64,linux/arm64' })).toEqual(['platforms'])
    expect(problems({ image: 'r.io/a', 'push-by-digest': 'true', push: 'false' })).toEqual(['push-by-digest'])
    expect(problems({ image: 'r.io/a', 'push-by-digest': 'true', 'merge-digests': digest })).toEqual(['push-by-digest'])
    expect(problems({ image: 'r.io/a', 'merge-digests': 'sha256:abc' })).toEqual(['merge-digests'])
    expect(problems({ image: 'r.io/a', 'merge-digests': `${digest}\n${digest}` })).toEqual(['merge-digests'])
    expect(problems({ image: 'r.io/a', 'merge-digests': digest, platforms: 'linux/amd64' })).toEqual(['platforms'])
  })

  it('insecure-registries are host[:port], as for promote-artifact: anything else is refused, naming the input', () => {
    expect(read({ image: 'r.io/a', 'insecure-registries': 'http://registry.lan:5000/, 10.0.0.7:5000' }).insecureRegistries).toEqual(['registry.lan:5000', '10.0.0.7:5000'])
    expect(problems({ image: 'r.io/a', 'insecure-registries': '::::' })).toEqual(['insecure-registries'])
    expect(problems({ image: 'r.io/a', 'insecure-registries': 'registry.lan:99999' })).toEqual(['insecure-registries'])
  })

  it('build args keep everything after the first =, verbatim', () => {
    expect(read({ image: 'r.io/a', 'build-args': 'A=1\nB=x=y z' }).buildArgs).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'x=y z' }
    ])
  })

  it.each([
    [{}, ['image']],
    [{ image: 'r.io/a:tag' }, ['image']],
    [{ image: 'r.io/a', platforms: 'linux/amd64,linux/x86' }, ['platforms']],
    [{ image: 'r.io/a', platforms: 'amd64' }, ['platforms']],
    [{ image: 'r.io/a', tags: 'sha\ntype=semver' }, ['tags']],
    [{ image: 'r.io/a', file: 'missing/Dockerfile' }, ['file']],
    [{ image: 'r.io/a', context: 'nowhere' }, ['context']],
    [{ image: 'r.io/a', builder: 'kaniko' }, ['builder']],
    [{ image: 'r.io/a', builder: 'buildah', cache: 'gha' }, ['cache']],
    [{ image: 'r.io/a', username: 'u' }, ['password']],
    [{ image: 'r.io/a', 'build-args': 'NOVALUE' }, ['build-args']],
    [{ image: 'r.io/a', push: 'yes' }, ['push']],
    [{ image: 'r.io/a', tags: 'sha\nraw:bad tag!' }, ['tags']],
    [{ image: 'r.io/a', tags: 'raw:feature/x' }, ['tags']],
    [{ image: 'r.io/a', target: 'build' }, ['target']]
  ])('%j fails naming %j', (values, inputs) => {
    expect(problems(values)).toEqual(inputs)
  })

  it('reports every bad input at once', () => {
    expect(problems({ platforms: 'bad', tags: 'nope', file: 'missing' })).toEqual(['image', 'file', 'platforms', 'tags'])
  })

  it('masks the password and never echoes it', () => {
    const config = read({ image: 'r.io/a', username: 'u', password: 's3cret-token' })
    expect(config.credentials).toEqual({ username: 'u', password: 's3cret-token' })
  })

  it('knows platforms', () => {
    expect(['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'windows/amd64'].every(isPlatform)).toBe(true)
    expect(['linux', 'linux/amd64/v7/x', 'linux/arm/7', 'Linux/amd64'].some(isPlatform)).toBe(false)
  })
})

describe('refused up front with the value and the rule, never rewritten', () => {
  const message = (values: Record<string, string>, env = { GITHUB_WORKSPACE: workspace }): string => {
    try {
      readInputs((name) => values[name] ?? '', env)
    } catch (error) {
      return (error as Error).message
    }
    return ''
  }

  it('a raw tag outside the OCI tag grammar', () => {
    expect(message({ image: 'r.io/a', tags: 'raw:bad tag!' })).toBe(
      "Input 'tags': got 'raw:bad tag!'; expected a raw tag the registry accepts, taken verbatim: the OCI tag grammar [A-Za-z0-9_][A-Za-z0-9._-]{0,127} (it contains a space, '!')."
    )
    expect(read({ image: 'r.io/a', tags: 'raw:v1.2.3_rc-1' }).rules).toEqual([{ kind: 'raw', value: 'v1.2.3_rc-1' }])
  })

  it("a target that is not one of the Dockerfile's stages, naming the stages there are", () => {
    const staged = mkdtempSync(path.join(tmpdir(), 'bp-inputs-'))
    writeFileSync(path.join(staged, 'Dockerfile'), 'FROM scratch AS build\nFROM build AS Test\nFROM build\n')
    const env = { GITHUB_WORKSPACE: staged }
    expect(message({ image: 'r.io/a', target: 'no-such-stage' }, env)).toBe("Input 'target': got 'no-such-stage'; expected one of the stages of Dockerfile: build, Test.")
    expect(message({ image: 'r.io/a', target: 'build' })).toBe("Input 'target': got 'build'; expected a stage of Dockerfile, which names none (stages are named with FROM <image> AS <name>).")
    expect(readInputs((name) => ({ image: 'r.io/a', target: 'test' })[name] ?? '', env).target).toBe('test')
  })

  it('a stage named from an ARG is left to the builder', () => {
    const argStage = mkdtempSync(path.join(tmpdir(), 'bp-inputs-'))
    writeFileSync(path.join(argStage, 'Dockerfile'), 'ARG NAME=x\nFROM scratch AS ${NAME}\n')
    expect(readInputs((name) => ({ image: 'r.io/a', target: 'x' })[name] ?? '', { GITHUB_WORKSPACE: argStage }).target).toBe('x')
  })
})
