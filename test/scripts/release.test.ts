/**
 * scripts/release.mjs on a copy of this repository's workflows and scripts in a git repository of its own, pushing to a
 * bare repository as origin: the release commit, the tags and the atomic push, with real git.
 */
import { describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ROOT } from '../../local/harness.js'
// @ts-expect-error plain JavaScript module without type declarations
import { slugsInUse } from '../../scripts/set-slug.mjs'

const SLUG: string = slugsInUse(ROOT)[0]
const env = {
  PATH: process.env.PATH ?? '',
  HOME: mkdtempSync(path.join(tmpdir(), 'release-home-')),
  GIT_AUTHOR_NAME: 'Releaser',
  GIT_AUTHOR_EMAIL: 'releaser@example.com',
  GIT_COMMITTER_NAME: 'Releaser',
  GIT_COMMITTER_EMAIL: 'releaser@example.com',
  GITHUB_REPOSITORY: SLUG
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim()
}

/** A clone with the workflows and release scripts (check:generated is a no-op here), origin a bare repository holding v1.0.0 and v1. */
function repositories(): { work: string; remote: string } {
  const base = mkdtempSync(path.join(tmpdir(), 'release-'))
  const work = path.join(base, 'work')
  const remote = path.join(base, 'remote.git')
  mkdirSync(path.join(work, 'scripts'), { recursive: true })
  cpSync(path.join(ROOT, '.github'), path.join(work, '.github'), { recursive: true })
  for (const script of ['release.mjs', 'release-plan.mjs', 'set-slug.mjs', 'pin-nested.mjs']) cpSync(path.join(ROOT, 'scripts', script), path.join(work, 'scripts', script))
  writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'fixture', private: true, scripts: { 'check:generated': 'true' } }))
  git(base, 'init', '--quiet', '--bare', remote)
  git(base, 'init', '--quiet', '--initial-branch=main', work)
  git(work, 'add', '.')
  git(work, 'commit', '--quiet', '-m', 'first')
  git(work, 'tag', '--annotate', 'v1.0.0', '-m', 'v1.0.0')
  git(work, 'tag', '--annotate', 'v1', '-m', 'v1')
  writeFileSync(path.join(work, 'CHANGES'), 'second\n')
  git(work, 'add', 'CHANGES')
  git(work, 'commit', '--quiet', '-m', 'second')
  git(work, 'remote', 'add', 'origin', remote)
  git(work, 'push', '--quiet', 'origin', 'main', 'v1.0.0', 'v1')
  return { work, remote }
}

function release(work: string, ...args: string[]) {
  const run = spawnSync(process.execPath, ['scripts/release.mjs', ...args], { cwd: work, env, encoding: 'utf8' })
  return { code: run.status, output: `${run.stdout}${run.stderr}` }
}
const commitOf = (repo: string, ref: string) => git(repo, 'rev-parse', `${ref}^{commit}`)

describe('scripts/release.mjs', () => {
  it('tags a release commit whose nested references name the version, moves v1 to it, and moves no branch', () => {
    const { work, remote } = repositories()
    const head = commitOf(work, 'HEAD')
    const run = release(work, 'v1.1.0', '--push')
    expect([run.code, run.output]).toEqual([0, expect.stringContaining('pushed refs/tags/v1.1.0 +refs/tags/v1')])
    const tagged = commitOf(remote, 'v1.1.0')
    expect(commitOf(remote, 'v1')).toBe(tagged)
    expect(git(remote, 'rev-parse', `${tagged}^`)).toBe(head)
    expect([commitOf(remote, 'main'), commitOf(work, 'HEAD'), git(work, 'symbolic-ref', '--short', 'HEAD')]).toEqual([head, head, 'main'])
    const pipeline = git(remote, 'show', `${tagged}:.github/workflows/pipeline.yml`)
    expect(pipeline).toContain(`uses: ${SLUG}/.github/workflows/reusable-deploy.yml@v1.1.0`)
    expect(pipeline).not.toMatch(/^\s*uses:[^#\n]*@v1\s/m)
    expect(git(remote, 'show', `${tagged}:.github/workflows/reusable-deploy.yml`)).toContain(`uses: ${SLUG}/actions/canary-deploy@v1.1.0`)
    // The starters keep the caller's @v1.
    expect(git(remote, 'show', `${tagged}:.github/workflow-templates/full-pipeline.yml`)).toContain('/pipeline.yml@v1')
  })

  it('never forces the version tag: when the remote already has it, the push fails and neither tag moves', () => {
    const { work, remote } = repositories()
    // Someone released v1.1.0 from another commit meanwhile; this clone does not know it.
    git(remote, 'tag', 'v1.1.0', commitOf(remote, 'v1.0.0'))
    const before = [commitOf(remote, 'v1.1.0'), commitOf(remote, 'v1')]
    const run = release(work, 'v1.1.0', '--push')
    expect(run.code).not.toBe(0)
    expect(run.output).toMatch(/rejected|already exists/)
    expect([commitOf(remote, 'v1.1.0'), commitOf(remote, 'v1')]).toEqual(before)
  })

  it('without --push writes the refspecs as the step output, the major tag alone forced; a pre-release moves no major tag', () => {
    const { work } = repositories()
    const output = path.join(work, '..', 'github-output')
    writeFileSync(output, '')
    const run = spawnSync(process.execPath, ['scripts/release.mjs', 'v1.1.0'], { cwd: work, env: { ...env, GITHUB_OUTPUT: output }, encoding: 'utf8' })
    expect(run.status).toBe(0)
    expect(readFileSync(output, 'utf8')).toBe('refspecs=refs/tags/v1.1.0 +refs/tags/v1\n')
    writeFileSync(output, '')
    expect(spawnSync(process.execPath, ['scripts/release.mjs', 'v1.2.0-rc.1'], { cwd: work, env: { ...env, GITHUB_OUTPUT: output } }).status).toBe(0)
    expect(readFileSync(output, 'utf8')).toBe('refspecs=refs/tags/v1.2.0-rc.1\n')
    expect(git(work, 'show', 'v1.2.0-rc.1:.github/workflows/reusable-promote.yml')).toContain('/actions/promote-artifact@v1.2.0-rc.1')
  })
})
