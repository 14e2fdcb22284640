import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { actionRoots, globProblem, isInside, placePath, realPath } from '../../../../src/lib/action/paths.js'

const dir = mkdtempSync(path.join(tmpdir(), 'paths-'))
const workspace = path.join(dir, 'workspace')
const temp = path.join(dir, 'temp')
mkdirSync(path.join(workspace, 'reports'), { recursive: true })
mkdirSync(temp)
writeFileSync(path.join(dir, 'secret.txt'), 'root:x:0:0\n')
symlinkSync(path.join(dir, 'secret.txt'), path.join(workspace, 'reports', 'leak.json'))
symlinkSync(dir, path.join(workspace, 'up'))
const roots = actionRoots({ GITHUB_WORKSPACE: workspace, RUNNER_TEMP: temp }, { temp: true })
const workspaceOnly = actionRoots({ GITHUB_WORKSPACE: workspace, RUNNER_TEMP: temp })

describe('paths', () => {
  it('roots: the workspace, and RUNNER_TEMP only when asked for', () => {
    expect(roots).toEqual([{ name: 'the workspace', dir: workspace }, { name: 'RUNNER_TEMP', dir: temp }])
    expect(workspaceOnly).toEqual([{ name: 'the workspace', dir: workspace }])
  })

  it('isInside is about path segments, not string prefixes', () => {
    expect(isInside('/w/a', '/w')).toBe(true)
    expect(isInside('/w', '/w')).toBe(true)
    expect(isInside('/work', '/w')).toBe(false)
    expect(isInside('/w/..x', '/w')).toBe(true)
    expect(isInside('/', '/w')).toBe(false)
  })

  it('places a path inside a root, also one that does not exist yet', () => {
    expect(placePath('reports/out.json', workspace, roots)).toEqual({ path: path.join(workspace, 'reports/out.json') })
    expect(placePath('new/dir/out.json', workspace, roots)).toEqual({ path: path.join(workspace, 'new/dir/out.json') })
    expect(placePath(path.join(temp, 'r.json'), workspace, roots)).toEqual({ path: path.join(temp, 'r.json') })
    expect(placePath('.', workspace, roots)).toEqual({ path: workspace })
  })

  it('refuses a path that leads out, by name or through a symbolic link, saying where it leads and the rule', () => {
    expect(placePath('../../../../etc/passwd', workspace, roots)).toEqual({ problem: `a path inside the workspace (${workspace}) or RUNNER_TEMP (${temp}); it leads to /etc/passwd, outside them` })
    expect(placePath(path.join(temp, 'r.json'), workspace, workspaceOnly)).toEqual({ problem: `a path inside the workspace (${workspace}); it leads to ${path.join(temp, 'r.json')}, outside it` })
    expect(placePath('reports/leak.json', workspace, roots)).toEqual({ problem: expect.stringContaining(`a symbolic link on the way leads to ${realPath(path.join(dir, 'secret.txt'))}`) })
    // A file to write behind a linked directory: the link is followed although the file does not exist yet.
    expect(placePath('up/new.json', workspace, roots)).toEqual({ problem: expect.stringContaining('a symbolic link on the way leads to') })
  })

  it('refuses globs with .. segments however written, a home directory, and absolute globs outside', () => {
    for (const pattern of ['../../../../etc/passwd', 'coverage/../../x', '!../x', 'a/\\.\\./b', 'a/[.][.]/b', '**/..']) {
      expect(globProblem(pattern, workspaceOnly)).toBe(`a glob without '..' segments, inside the workspace (${workspace})`)
    }
    expect(globProblem('~/.ssh/id_rsa', workspaceOnly)).toMatch(/'~' is the home directory/)
    expect(globProblem('/etc/*', workspaceOnly)).toBe(`a glob inside the workspace (${workspace}); /etc is outside`)
    expect(globProblem('/etc/passwd', workspaceOnly)).toBe(`a glob inside the workspace (${workspace}); /etc/passwd is outside`)
    for (const pattern of ['coverage/lcov.info', '**/*.sarif', '!coverage/tmp/**', `${workspace}/reports/*.json`, 'a..b/x', '..foo/x']) {
      expect(globProblem(pattern, workspaceOnly)).toBeUndefined()
    }
  })
})
