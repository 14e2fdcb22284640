/** quality-gate with the Actions cache: the coverage ratchet across runs, and the package cache saved in the post step. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runAction } from '../../local/harness.js'
import { startCacheService, type CacheService } from '../../local/cache-server.js'
import { edit, makeWorkspace } from '../../local/workspace.js'

let cache: CacheService
beforeAll(async () => {
  cache = await startCacheService()
})
afterAll(() => cache.stop())

// Hosted runners keep RUNNER_TEMP at one path (/home/runner/work/_temp); the cache matches entries by path too.
const runnerTemp = mkdtempSync(path.join(tmpdir(), 'runner-temp-'))
const gate = { checks: 'test: jest --coverage --coverageReporters=lcov', 'coverage-files': 'coverage/lcov.info', audit: 'none' }

describe('coverage ratchet', () => {
  it('saves the baseline on the default branch and fails a pull request that drops coverage', async () => {
    const main = await runAction('quality-gate', {
      workspace: makeWorkspace('quality-gate/app'),
      eventName: 'push',
      event: { before: '0'.repeat(40), repository: { default_branch: 'main' } },
      env: { ...cache.env, RUNNER_TEMP: runnerTemp, GITHUB_REF: 'refs/heads/main', GITHUB_SHA: '1'.repeat(40) },
      inputs: { ...gate, 'max-coverage-drop': '1' }
    })
    expect(main.exitCode).toBe(0)
    expect(main.summary).toContain(`coverage baseline saved for 1111111`)
    expect(cache.entries().map((e) => e.key)).toEqual([expect.stringMatching(/^pipeline-actions-coverage-v1-[0-9a-f]{12}-1{40}-4242-1$/)])

    const ws = makeWorkspace('quality-gate/app')
    edit(path.join(ws, 'src/price.js'), (t) => t.replace('module.exports = { withVat, format }', 'function untested(a) {\n  if (a) return 1\n  return 2\n}\n\nmodule.exports = { withVat, format, untested }'))
    const pr = await runAction('quality-gate', {
      workspace: ws,
      eventName: 'pull_request',
      event: { pull_request: { number: 3, base: { sha: '1'.repeat(40) } }, repository: { default_branch: 'main' } },
      env: { ...cache.env, RUNNER_TEMP: runnerTemp, GITHUB_REF: 'refs/pull/3/merge' },
      inputs: { ...gate, 'max-coverage-drop': '1' }
    })
    expect(pr.exitCode).toBe(1)
    expect(pr.summary).toContain('Against the default branch (baseline: 1111111)')
    expect(pr.annotations.at(-1)!.message).toMatch(/lines coverage drop \(fell 25\.00 points from the default branch's 75\.00%, more than the allowed 1\)/)
  })

  it('passes with a plain note when no baseline exists yet', async () => {
    const result = await runAction('quality-gate', {
      workspace: makeWorkspace('quality-gate/app'),
      eventName: 'pull_request',
      event: { pull_request: { number: 4, base: { sha: '2'.repeat(40) } } },
      env: { GITHUB_REF: 'refs/pull/4/merge' },
      inputs: { ...gate, 'max-coverage-drop': '0' }
    })
    expect(result.exitCode).toBe(0)
    expect(result.summary).toMatch(/the Actions cache service is not available to this job/)
  })
})

describe('package cache', () => {
  it('restores nothing the first time, saves in the post step, and restores exactly next time without saving again', async () => {
    const npmCache = mkdtempSync(path.join(makeWorkspace(), 'npm-cache-'))
    mkdirSync(path.join(npmCache, '_cacache'), { recursive: true })
    writeFileSync(path.join(npmCache, '_cacache', 'entry'), 'cached tarball')
    const env = { ...cache.env, npm_config_cache: npmCache }
    const before = cache.entries().length

    const first = await runAction('quality-gate', { workspace: makeWorkspace('quality-gate/app'), env, inputs: { checks: 'noop: node -e 0', cache: 'npm', audit: 'none' } })
    expect(first.exitCode).toBe(0)
    expect(first.summary).toMatch(/no package cache for pipeline-actions-npm-Linux-X64-[0-9a-f]{32} yet; it is saved after the job/)
    expect(first.post?.exitCode).toBe(0)
    expect(first.post?.stdout).toMatch(/Saved the package cache as pipeline-actions-npm-Linux-X64-/)
    expect(cache.entries().length).toBe(before + 1)

    const second = await runAction('quality-gate', { workspace: makeWorkspace('quality-gate/app'), env, inputs: { checks: 'noop: node -e 0', cache: 'npm', audit: 'none' } })
    expect(second.summary).toMatch(/package cache restored \(pipeline-actions-npm-Linux-X64-/)
    expect(second.post?.stdout).not.toMatch(/Saved the package cache/)
    expect(cache.entries().length).toBe(before + 1)
  })
})
