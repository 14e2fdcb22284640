import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { InputError } from '../../../../src/lib/action/errors.js'
import { matchFiles } from '../../../../src/lib/files/match.js'

const dir = mkdtempSync(path.join(tmpdir(), 'match-'))
const workspace = path.join(dir, 'workspace')
mkdirSync(path.join(workspace, 'coverage'), { recursive: true })
writeFileSync(path.join(workspace, 'coverage', 'lcov.info'), 'TN:\n')
writeFileSync(path.join(dir, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n')
const roots = [{ name: 'the workspace', dir: workspace }]

describe('matchFiles', () => {
  it('matches globs relative to the directory given, sorted', async () => {
    expect(await matchFiles(['coverage/*.info'], workspace, { input: 'coverage-files', roots })).toEqual([path.join(workspace, 'coverage', 'lcov.info')])
  })

  it('refuses a match that is a symbolic link out of the workspace, naming the input, before reading it', async () => {
    const linked = mkdtempSync(path.join(tmpdir(), 'match-linked-'))
    mkdirSync(path.join(linked, 'coverage'))
    symlinkSync(path.join(dir, 'passwd'), path.join(linked, 'coverage', 'lcov.info'))
    const refusal = matchFiles(['coverage/*.info'], linked, { input: 'coverage-files', roots: [{ name: 'the workspace', dir: linked }] })
    await expect(refusal).rejects.toThrow(InputError)
    await expect(refusal).rejects.toThrow(`Input 'coverage-files': got 'coverage/*.info'; expected files inside the workspace (${linked}): a symbolic link leads out of it (coverage/lcov.info -> ${path.join(dir, 'passwd')}).`)
  })
})
