import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
// @ts-expect-error plain JavaScript module without type declarations
import { movableNestedReferences, pinNestedReferences } from '../../scripts/pin-nested.mjs'

const caller = `on:
  workflow_call:
jobs:
  build:
    # uses: acme/delivery/.github/workflows/reusable-build-push.yml@v1 (a comment stays as it is)
    uses: acme/delivery/.github/workflows/reusable-build-push.yml@v1 # zizmor: ignore[unpinned-uses] pinned at release
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
      - uses: 'acme/delivery/actions/canary-deploy@main'
      - uses: ./actions/health-rollback
`
const starter = `jobs:
  pipeline:
    uses: acme/delivery/.github/workflows/pipeline.yml@v1
`

/** A copy of a repository's .github with one caller workflow and one starter. */
function repository(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'pin-'))
  mkdirSync(path.join(root, '.github/workflows'), { recursive: true })
  mkdirSync(path.join(root, '.github/workflow-templates'), { recursive: true })
  writeFileSync(path.join(root, '.github/workflows/pipeline.yml'), caller)
  writeFileSync(path.join(root, '.github/workflow-templates/full.yml'), starter)
  return root
}

describe('pin-nested', () => {
  it("lists this bundle's movable references under .github/workflows, with file and line", () => {
    expect(movableNestedReferences(repository())).toEqual([
      { file: '.github/workflows/pipeline.yml', line: 6, ref: 'acme/delivery/.github/workflows/reusable-build-push.yml@v1' },
      { file: '.github/workflows/pipeline.yml', line: 11, ref: 'acme/delivery/actions/canary-deploy@main' }
    ])
  })

  it("pins them to the version and leaves comments, third-party actions, ./ paths and the starters (the caller's own reference) alone", () => {
    const root = repository()
    expect(pinNestedReferences(root, 'v1.4.0')).toEqual(['.github/workflows/pipeline.yml'])
    expect(readFileSync(path.join(root, '.github/workflows/pipeline.yml'), 'utf8')).toBe(
      caller
        .replace('    uses: acme/delivery/.github/workflows/reusable-build-push.yml@v1 #', '    uses: acme/delivery/.github/workflows/reusable-build-push.yml@v1.4.0 #')
        .replace("'acme/delivery/actions/canary-deploy@main'", "'acme/delivery/actions/canary-deploy@v1.4.0'")
    )
    expect(readFileSync(path.join(root, '.github/workflow-templates/full.yml'), 'utf8')).toBe(starter)
    expect(movableNestedReferences(root)).toEqual([])
    expect(pinNestedReferences(root, 'v1.4.0')).toEqual([])
  })

  it('accepts a pre-release or a commit SHA, and refuses a movable ref', () => {
    expect(pinNestedReferences(repository(), 'v2.0.0-rc.1')).toHaveLength(1)
    expect(pinNestedReferences(repository(), 'a'.repeat(40))).toHaveLength(1)
    for (const ref of ['v1', 'v1.4', 'main']) expect(() => pinNestedReferences(repository(), ref)).toThrow(/not a release version/)
  })

  it('--check fails naming each movable reference, and passes once pinned', () => {
    const root = repository()
    mkdirSync(path.join(root, 'scripts'))
    for (const script of ['pin-nested.mjs', 'set-slug.mjs']) cpSync(path.join(import.meta.dirname, '../../scripts', script), path.join(root, 'scripts', script))
    const check = () => spawnSync(process.execPath, ['scripts/pin-nested.mjs', '--check'], { cwd: root, encoding: 'utf8' })
    const before = check()
    expect(before.status).toBe(1)
    expect(before.stderr).toContain('.github/workflows/pipeline.yml:11: acme/delivery/actions/canary-deploy@main can move')
    expect(spawnSync(process.execPath, ['scripts/pin-nested.mjs', 'v1.4.0'], { cwd: root }).status).toBe(0)
    expect(check().status).toBe(0)
  })
})
