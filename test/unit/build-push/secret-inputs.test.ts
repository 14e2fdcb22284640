import { describe, expect, it, jest } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { InputErrors } from '../../../src/lib/action/errors.js'
import { Inputs } from '../../../src/lib/action/inputs.js'
import { actionRoots } from '../../../src/lib/action/paths.js'
import { readBuildSecrets } from '../../../src/build-push/secret-inputs.js'

const workspace = mkdtempSync(path.join(tmpdir(), 'bp-secrets-'))
const temp = mkdtempSync(path.join(tmpdir(), 'bp-secrets-temp-'))
writeFileSync(path.join(workspace, '.netrc'), 'machine example.com password x\n')
writeFileSync(path.join(temp, 'npmrc'), '//registry.npmjs.org/:_authToken=x\n')
mkdirSync(path.join(workspace, 'dir'))
const key = path.join(mkdtempSync(path.join(tmpdir(), 'ssh-')), 'id_ed25519')
writeFileSync(key, 'not really a key')

function read(values: Record<string, string>, env: { SSH_AUTH_SOCK?: string } = {}) {
  const inputs = new Inputs((name) => values[name] ?? '')
  const roots = actionRoots({ GITHUB_WORKSPACE: workspace, RUNNER_TEMP: temp }, { temp: true })
  const written: string[] = []
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true))
  try {
    const result = readBuildSecrets(inputs, workspace, roots, env)
    inputs.done()
    return { result, written: written.join(''), errors: [] as string[] }
  } catch (error) {
    if (!(error instanceof InputErrors)) throw error
    return { result: undefined, written: written.join(''), errors: error.errors.map((e) => e.message) }
  } finally {
    spy.mockRestore()
  }
}

describe('build secret inputs', () => {
  it('secrets: id=value lines, every value masked (a short one too); secret-files inside the workspace or RUNNER_TEMP', () => {
    const { result, written, errors } = read({ secrets: 'NPM_TOKEN=npm_0123456789abcdef\n# a comment\nshort=abc=d', 'secret-files': `netrc=.netrc\nnpmrc=${path.join(temp, 'npmrc')}` })
    expect(errors).toEqual([])
    expect(result!.secrets).toEqual([
      { id: 'NPM_TOKEN', value: 'npm_0123456789abcdef' },
      { id: 'short', value: 'abc=d' },
      { id: 'netrc', file: path.join(workspace, '.netrc') },
      { id: 'npmrc', file: path.join(temp, 'npmrc') }
    ])
    expect(written).toContain('::add-mask::npm_0123456789abcdef')
    expect(written).toContain('::add-mask::abc=d')
  })

  it('a bad secrets line is refused by its number, never its value; ids are unique across both inputs', () => {
    const { errors, written } = read({ secrets: 'TOKEN=ok-value\nno-equals-hunter2\nTOKEN=again-hunter3', 'secret-files': 'TOKEN=.netrc' })
    expect(errors.join('\n')).toContain("Input 'secrets': got 'line 2 (value hidden)'; expected lines of the form `id=value` (it has no =)")
    expect(errors.join('\n')).toContain("Input 'secrets': got 'line 3 (id 'TOKEN')'; expected each secret id once across secrets and secret-files")
    expect(errors.join('\n')).toContain("Input 'secret-files': got 'TOKEN=.netrc'")
    expect(errors.join('\n')).not.toMatch(/hunter/)
    expect(written).toContain('::add-mask::no-equals-hunter2')
  })

  it('secret-files: a path outside, a missing file or a directory is refused, naming the line', () => {
    expect(read({ 'secret-files': 'x=/etc/passwd' }).errors).toEqual([expect.stringMatching(/^Input 'secret-files': got 'x=\/etc\/passwd'; expected a path inside the workspace .* or RUNNER_TEMP .*; it leads to \/etc\/passwd, outside them/)])
    expect(read({ 'secret-files': 'x=missing.txt' }).errors).toEqual([expect.stringContaining('expected a file that exists')])
    expect(read({ 'secret-files': 'x=dir' }).errors).toEqual([expect.stringContaining('expected a file that exists')])
  })

  it('ssh: default needs an agent (SSH_AUTH_SOCK); id=path needs paths that exist', () => {
    expect(read({ ssh: 'default' }, { SSH_AUTH_SOCK: '/tmp/agent.sock' }).result!.ssh).toEqual([{ id: 'default', paths: [] }])
    expect(read({ ssh: `default\ndeploy=${key}` }, { SSH_AUTH_SOCK: '/a' }).result!.ssh).toEqual([{ id: 'default', paths: [] }, { id: 'deploy', paths: [key] }])
    expect(read({ ssh: 'default' }).errors).toEqual([expect.stringContaining('SSH_AUTH_SOCK is not set')])
    expect(read({ ssh: 'deploy' }, { SSH_AUTH_SOCK: '/a' }).errors).toEqual([expect.stringContaining('`deploy=path`')])
    expect(read({ ssh: 'deploy=/no/such/key' }).errors).toEqual([expect.stringContaining('/no/such/key does not')])
    expect(read({ ssh: 'bad id=x' }).errors).toEqual([expect.stringContaining("Input 'ssh': got 'bad id=x'")])
  })
})
