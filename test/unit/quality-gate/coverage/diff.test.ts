import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseUnifiedDiff } from '../../../../src/quality-gate/coverage/index.js'

const asObject = (changed: Map<string, Set<number>>): Record<string, number[]> =>
  Object.fromEntries([...changed].map(([path, lines]) => [path, [...lines].sort((a, b) => a - b)]))

describe('the diff git itself prints', () => {
  let repo: string
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'core.quotePath=true', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' })
  const file = (name: string, content: string): void => writeFileSync(join(repo, name), content)

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'coverage-diff-'))
    git('init', '-q')
    git('config', 'user.email', 'test@example.com')
    git('config', 'user.name', 'test')
    file('edited.ts', ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', ''].join('\n'))
    file('with space.ts', 'a\nb\nc\n')
    file('é.ts', 'x\n')
    file('old-name.ts', 'keep 1\nkeep 2\nkeep 3\nkeep 4\nkeep 5\n')
    file('moved-only.ts', 'same\n')
    file('deleted.ts', 'bye\n')
    file('no-newline.ts', 'first\nlast')
    git('add', '-A')
    git('commit', '-qm', 'base')
    // two hunks: line 2 modified, lines 8-9 replaced by three lines, line 10 removed
    file('edited.ts', ['one', 'TWO', 'three', 'four', 'five', 'six', 'seven', 'EIGHT', 'NINE', 'nine and a half', ''].join('\n'))
    file('with space.ts', 'a\nB\nc\nd')
    file('é.ts', 'x\ny\n')
    file('q"uote.ts', 'n1\nn2\n')
    file('new file.ts', '1\n2\n3\n')
    file('no-newline.ts', 'first\nlast changed')
    git('mv', 'old-name.ts', 'new-name.ts')
    file('new-name.ts', 'keep 1\nkeep 2\nkeep 3\nkeep 4\nkeep 5\nadded 6\n')
    mkdirSync(join(repo, 'moved'))
    git('mv', 'moved-only.ts', 'moved/only.ts')
    git('rm', '-q', 'deleted.ts')
    git('add', '-A')
  })

  afterAll(() => {
    rmSync(repo, { recursive: true, force: true })
  })

  const expected = {
    'edited.ts': [2, 8, 9, 10],
    'with space.ts': [2, 4],
    'é.ts': [2],
    'q"uote.ts': [1, 2],
    'new file.ts': [1, 2, 3],
    'no-newline.ts': [2],
    'new-name.ts': [6]
  }

  test('--unified=0: added and modified lines of the new files, renames under the new name, deleted files left out', () => {
    const diff = git('diff', '--cached', '--unified=0', '-M')
    expect(diff).toContain('"b/q\\"uote.ts"') // git quoted it
    expect(diff).toContain('"b/\\303\\251.ts"')
    expect(diff).toContain('\\ No newline at end of file')
    expect(asObject(parseUnifiedDiff(diff))).toEqual(expected)
  })

  test('the default three lines of context give the same lines', () => {
    expect(asObject(parseUnifiedDiff(git('diff', '--cached', '-M')))).toEqual(expected)
  })
})

describe('diff text', () => {
  test('an added line whose text starts with "++" is a line, not a file header', () => {
    const diff = ['diff --git a/a.c b/a.c', '--- a/a.c', '+++ b/a.c', '@@ -1,0 +2,2 @@', '+++i;', '+--- x', ''].join('\n')
    expect(asObject(parseUnifiedDiff(diff))).toEqual({ 'a.c': [2, 3] })
  })

  test('a hunk header without counts means one line', () => {
    const diff = ['--- a/a.c', '+++ b/a.c', '@@ -3 +3 @@ int main()', '-old', '+new', ''].join('\n')
    expect(asObject(parseUnifiedDiff(diff))).toEqual({ 'a.c': [3] })
  })

  test('a pure deletion hunk changes no line of the new file', () => {
    const diff = ['--- a/a.c', '+++ b/a.c', '@@ -3,2 +2,0 @@', '-x', '-y', ''].join('\n')
    expect(asObject(parseUnifiedDiff(diff))).toEqual({ 'a.c': [] })
  })

  test('CRLF diffs and an empty diff', () => {
    expect(asObject(parseUnifiedDiff('--- a/a.c\r\n+++ b/a.c\r\n@@ -0,0 +1 @@\r\n+x\r\n'))).toEqual({ 'a.c': [1] })
    expect(parseUnifiedDiff('').size).toBe(0)
  })
})
