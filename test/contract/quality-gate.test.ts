/** quality-gate run as the runner runs it, on a small project with real eslint, tsc and jest. */
import { describe, expect, it } from '@jest/globals'
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs'
import path from 'node:path'
import { ROOT, TEST_GITHUB_TOKEN, runAction } from '../../local/harness.js'
import { commitAll, edit, makeWorkspace } from '../../local/workspace.js'

const CHECKS = ['lint: eslint src test', 'typecheck: tsc -p .', 'test: jest --coverage --coverageReporters=lcov --coverageReporters=clover'].join('\n')

function app(): string {
  return makeWorkspace('quality-gate/app')
}

function breakEverything(ws: string): void {
  // The same three breakages as test/fixtures/quality-gate/tool-output/regenerate.sh.
  edit(path.join(ws, 'src/price.js'), (t) => t.replace('module.exports', 'const unused = 1\n\nmodule.exports'))
  edit(path.join(ws, 'src/price.js'), (t) => t.replace('@returns {number}', '@returns {string}'))
  edit(path.join(ws, 'test/price.test.js'), (t) => t.replace("toBe('12.50 €')", "toBe('12.5 €')"))
}

describe('quality-gate', () => {
  it('passes a healthy project and reports every measurement', async () => {
    const ws = app()
    const result = await runAction('quality-gate', {
      workspace: ws,
      inputs: { checks: CHECKS, 'coverage-files': 'coverage/lcov.info', 'min-line-coverage': '70', 'min-function-coverage': '100', audit: 'none' }
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.passed).toBe('true')
    expect(JSON.parse(result.outputs['failed-checks']!)).toEqual([])
    const coverage = JSON.parse(result.outputs.coverage!)
    expect(coverage.lines).toEqual({ covered: 3, total: 4, percent: 75 })
    expect(coverage.functions.percent).toBe(100)
    expect(result.summary).toContain('Quality gate: passed')
    expect(result.summary).toMatch(/\| ✅ lint \| passed \|/)
    expect(result.summary).toMatch(/\| lines \| 75\.00% \| 3\/4 \| ≥ 70% \| ✅ \|/)
    const report = JSON.parse(readFileSync(result.outputs['report-file']!, 'utf8'))
    expect(report.passed).toBe(true)
    expect(report.checks.map((c: { name: string }) => c.name)).toEqual(['lint', 'typecheck', 'test'])
    expect(result.stdout).toMatch(/::group::lint: eslint src test/)
    expect(result.masks).toContain(TEST_GITHUB_TOKEN)
  })

  it('fails on a real lint error, type error and failing test, annotating each at its line', async () => {
    const ws = app()
    breakEverything(ws)
    const result = await runAction('quality-gate', { workspace: ws, inputs: { checks: CHECKS, 'fail-fast': 'false', audit: 'none' } })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.passed).toBe('false')
    expect(JSON.parse(result.outputs['failed-checks']!)).toEqual(['lint', 'typecheck', 'test'])
    const byTitle = (tool: string) => result.annotations.filter((a) => a.properties.title?.endsWith(tool))
    expect(byTitle('eslint')[0]).toMatchObject({ level: 'error', properties: { file: 'src/price.js', line: '21' } })
    expect(byTitle('eslint')[0]!.message).toMatch(/'unused' is assigned a value but never used/)
    expect(byTitle('tsc')[0]).toMatchObject({ properties: { file: 'src/price.js', line: '8' } })
    expect(byTitle('tsc')[0]!.message).toMatch(/TS2322/)
    expect(byTitle('jest')[0]).toMatchObject({ properties: { file: 'test/price.test.js', line: '8' } })
    expect(byTitle('jest')[0]!.message).toMatch(/formats euros/)
    const failure = result.annotations.at(-1)!
    expect(failure.message).toMatch(/^Quality gate failed: lint \(exit code 1\); typecheck \(exit code \d\); test \(exit code 1\)/)
    expect(result.summary).toMatch(/3 of 3 gates failed/)
  })

  it('stops at the first failure with fail-fast, and says what did not run', async () => {
    const ws = app()
    breakEverything(ws)
    const result = await runAction('quality-gate', { workspace: ws, inputs: { checks: CHECKS, audit: 'none' } })
    expect(result.exitCode).toBe(1)
    expect(JSON.parse(result.outputs['failed-checks']!)).toEqual(['lint'])
    expect(result.summary).toMatch(/\| ⏭️ typecheck \| not-started: an earlier check failed and fail-fast is on \|/)
    expect(existsSync(path.join(ws, 'coverage'))).toBe(false)
  })

  it('runs checks in parallel with output grouped per check', async () => {
    const ws = app()
    const result = await runAction('quality-gate', {
      workspace: ws,
      inputs: { checks: ['first: node -e "setTimeout(()=>console.log(\'first done\'),600)"', 'second: node -e "console.log(\'second done\')"'].join('\n'), parallel: 'true', audit: 'none' }
    })
    expect(result.exitCode).toBe(0)
    const groups = [...result.stdout.matchAll(/::group::(\w+):[^\n]*\n([^]*?)::endgroup::/g)].map((m) => [m[1], m[2]!.trim().split('\n')[0]])
    expect(groups).toEqual([
      ['second', 'second done'],
      ['first', 'first done']
    ])
  })

  it('stops a check that outlives check-timeout, with its child processes', async () => {
    const ws = app()
    const result = await runAction('quality-gate', {
      workspace: ws,
      inputs: { checks: 'slow: sh -c "sleep 30 & wait"', 'check-timeout': '1s', audit: 'none' }
    })
    expect(result.exitCode).toBe(1)
    expect(result.summary).toMatch(/timed-out: stopped after the check-timeout of 1(\.0)?s/)
  })

  it('fails a coverage minimum with the measured value and the threshold', async () => {
    const ws = app()
    const result = await runAction('quality-gate', {
      workspace: ws,
      inputs: { checks: 'test: jest --coverage --coverageReporters=cobertura', 'coverage-files': 'coverage/*.xml', 'min-line-coverage': '90', 'min-branch-coverage': '50', audit: 'none' }
    })
    expect(result.exitCode).toBe(1)
    expect(result.annotations.at(-1)!.message).toBe('Quality gate failed: lines coverage (75.00% is below the minimum of 90% (1 not covered))')
    expect(result.summary).toMatch(/\| branches \| 50\.00% \| 1\/2 \| ≥ 50% \| ✅ \|/)
  })

  it('judges patch coverage on the lines a push changed', async () => {
    const ws = app()
    const before = commitAll(ws, 'base')
    edit(path.join(ws, 'src/price.js'), (t) => t.replace('module.exports = { withVat, format }', "/** @param {number} n */\nfunction double(n) {\n  return n * 2\n}\n\nmodule.exports = { withVat, format, double }"))
    commitAll(ws, 'add double')
    const result = await runAction('quality-gate', {
      workspace: ws,
      eventName: 'push',
      event: { before, after: 'HEAD', repository: { default_branch: 'main' } },
      inputs: { checks: 'test: jest --coverage --coverageReporters=lcov', 'coverage-files': 'coverage/lcov.info', 'min-patch-coverage': '80', audit: 'none' }
    })
    expect(result.exitCode).toBe(1)
    expect(JSON.parse(result.outputs.coverage!).patch).toEqual({ covered: 1, total: 2, percent: 50 })
    expect(result.summary).toMatch(/\| `src\/price\.js` \| 23 \|/)
  })

  it('says to fetch more history when the base commit is missing (shallow clone)', async () => {
    const ws = app()
    commitAll(ws, 'only commit')
    const result = await runAction('quality-gate', {
      workspace: ws,
      eventName: 'pull_request',
      event: { pull_request: { number: 5, base: { sha: 'a'.repeat(40) }, head: { sha: 'b'.repeat(40) } } },
      inputs: { checks: 'test: jest --coverage --coverageReporters=lcov', 'coverage-files': 'coverage/lcov.info', 'min-patch-coverage': '80', audit: 'none' }
    })
    expect(result.exitCode).toBe(1)
    expect(result.annotations.at(-1)!.message).toMatch(/patch coverage \(the pull request's base aaaaaaa is not in the local history: fetch more history, e\.g\. actions\/checkout with fetch-depth: 0/)
  })

  it('rejects bad inputs before running anything, naming each input', async () => {
    const ws = app()
    const result = await runAction('quality-gate', {
      workspace: ws,
      inputs: {
        checks: 'marker: touch ran.txt\nnot a check line\npipe: npm test | tee out.txt',
        'min-line-coverage': '120',
        'fail-on-severity': 'severe',
        'coverage-files': 'coverage/lcov.info',
        'audit-allowlist': 'GHSA-1234 until 2026-13-45 bad date'
      }
    })
    expect(result.exitCode).toBe(1)
    expect(existsSync(path.join(ws, 'ran.txt'))).toBe(false)
    const message = result.annotations.at(-1)!.message
    expect(message).toMatch(/Input 'checks': got 'line 2: not a check line'; expected lines of the form 'name: command'/)
    expect(message).toMatch(/Input 'checks': got 'line 3: pipe: npm test \| tee out.txt'; expected a command line, but it uses the shell operator '\|'/)
    expect(message).toMatch(/Input 'min-line-coverage': got '120'; expected a percentage from 0 to 100/)
    expect(message).toMatch(/Input 'fail-on-severity': got 'severe'; expected one of 'low', 'moderate', 'high', 'critical'/)
    expect(result.outputs).toEqual({})
  })

  it('works in a package of a monorepo through working-directory, with paths relative to the repository', async () => {
    const ws = makeWorkspace()
    cpSync(path.join(ROOT, 'test/fixtures/quality-gate/app'), path.join(ws, 'packages/app'), { recursive: true })
    commitAll(ws, 'monorepo')
    const result = await runAction('quality-gate', {
      workspace: ws,
      inputs: { 'working-directory': 'packages/app', checks: CHECKS, 'fail-fast': 'false', 'coverage-files': 'coverage/lcov.info\ncoverage/clover.xml', 'min-line-coverage': '75', audit: 'none' }
    })
    expect(result.exitCode).toBe(0)
    // lcov and Clover of the same run merge by file: the same 3 of 4 lines, not 6 of 8.
    expect(JSON.parse(result.outputs.coverage!).lines).toEqual({ covered: 3, total: 4, percent: 75 })
    const report = JSON.parse(readFileSync(result.outputs['report-file']!, 'utf8'))
    expect(report.coverage.totals.lines.total).toBe(4)
  })
})

describe('quality-gate: files stay inside the workspace', () => {
  // The file the campaign read through '../../../../etc/passwd' and quoted in the error.
  const passwdFirstLine = readFileSync('/etc/passwd', 'utf8').split('\n')[0]!

  it('refuses coverage-files and audit-reports globs that leave the workspace, before any check runs, naming each', async () => {
    const ws = app()
    const result = await runAction('quality-gate', {
      workspace: ws,
      inputs: { checks: 'marker: touch ran.txt', 'coverage-files': '../../../../etc/passwd', 'min-line-coverage': '80', audit: 'none', 'audit-reports': 'reports/*.json\n/etc/passwd\n~/.npmrc' }
    })
    expect(result.exitCode).toBe(1)
    expect(existsSync(path.join(ws, 'ran.txt'))).toBe(false)
    const message = result.annotations.at(-1)!.message
    expect(message).toMatch(/^3 inputs are invalid/)
    expect(message).toContain(`Input 'coverage-files': got '../../../../etc/passwd'; expected a glob without '..' segments, inside the workspace (${ws})`)
    expect(message).toContain(`Input 'audit-reports': got '/etc/passwd'; expected a glob inside the workspace (${ws}); /etc/passwd is outside`)
    expect(message).toContain("Input 'audit-reports': got '~/.npmrc'")
    expect(result.stdout).not.toContain(passwdFirstLine)
    expect(result.outputs).toEqual({})
  })

  it('refuses a coverage report or audit report that is a symbolic link out of the workspace, without quoting it', async () => {
    for (const input of ['coverage-files', 'audit-reports']) {
      const ws = makeWorkspace()
      mkdirSync(path.join(ws, 'reports'))
      symlinkSync('/etc/passwd', path.join(ws, 'reports', 'report.json'))
      const gate: Record<string, string> = input === 'coverage-files' ? { 'coverage-files': 'reports/*.json', 'min-line-coverage': '80' } : { 'audit-reports': 'reports/*.json' }
      const result = await runAction('quality-gate', { workspace: ws, inputs: { audit: 'none', ...gate } })
      expect(result.exitCode).toBe(1)
      expect(result.annotations.at(-1)!.message).toBe(
        `Input '${input}': got 'reports/*.json'; expected files inside the workspace (${ws}): a symbolic link leads out of it (reports/report.json -> /etc/passwd).`
      )
      expect(result.stdout).not.toContain(passwdFirstLine)
    }
  })

  it("gives checks the step's environment without the action's inputs, its token or the Actions runtime token", async () => {
    const ws = makeWorkspace()
    const result = await runAction('quality-gate', {
      workspace: ws,
      inputs: { checks: `env: node -e "require('fs').writeFileSync('env.json', JSON.stringify(process.env))"`, audit: 'none', comment: 'always' },
      env: { ACTIONS_RUNTIME_TOKEN: 'runtime-Token-4711', TEAM_SETTING: 'from-the-step-env' }
    })
    expect(result.exitCode).toBe(0)
    const seen = JSON.parse(readFileSync(path.join(ws, 'env.json'), 'utf8')) as Record<string, string>
    expect(Object.keys(seen).filter((name) => /^(INPUT_|STATE_|ACTIONS_RUNTIME_TOKEN$)/i.test(name))).toEqual([])
    expect(JSON.stringify(seen)).not.toContain(TEST_GITHUB_TOKEN)
    expect(JSON.stringify(seen)).not.toContain('runtime-Token-4711')
    expect(seen).toMatchObject({ TEAM_SETTING: 'from-the-step-env', GITHUB_WORKSPACE: ws, GITHUB_REPOSITORY: 'acme/web', PATH: process.env.PATH })
  })

  it('refuses a working-directory that is a symbolic link out of the workspace', async () => {
    const ws = app()
    symlinkSync('/', path.join(ws, 'root'))
    const marker = `ran-${path.basename(ws)}.txt`
    const result = await runAction('quality-gate', { workspace: ws, inputs: { 'working-directory': 'root/tmp', checks: `marker: touch ${marker}`, audit: 'none' } })
    expect(result.exitCode).toBe(1)
    expect(result.annotations.at(-1)!.message).toBe(
      `Input 'working-directory': got 'root/tmp'; expected a path inside the workspace (${ws}); a symbolic link on the way leads to /tmp, outside it.`
    )
    expect(existsSync(path.join('/tmp', marker))).toBe(false)
  })
})
