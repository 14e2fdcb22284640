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
    [{ image: 'r.io/a', push: 'yes' }, ['push']]
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
