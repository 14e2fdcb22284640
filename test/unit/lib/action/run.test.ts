/** The run wrapper with the real @actions/core, reading what it writes as the runner would. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runAction } from '../../../../src/lib/action/run.js'
import { UserError } from '../../../../src/lib/action/errors.js'

let printed = ''
const write = process.stdout.write.bind(process.stdout)
let stateFile = ''

beforeEach(() => {
  printed = ''
  process.stdout.write = ((chunk: string) => ((printed += chunk), true)) as typeof process.stdout.write
  stateFile = path.join(mkdtempSync(path.join(tmpdir(), 'state-')), 'state')
  writeFileSync(stateFile, '')
  process.env.GITHUB_STATE = stateFile
  delete process.env.STATE_isPost
  process.exitCode = undefined
})
afterEach(() => {
  process.stdout.write = write
  process.exitCode = undefined
  delete process.env.STATE_isPost
})

describe('runAction', () => {
  it('runs main, marks the state so the same bundle runs post next time, and succeeds', async () => {
    const calls: string[] = []
    await runAction('demo', { main: async () => void calls.push('main'), post: async () => void calls.push('post') })
    expect(calls).toEqual(['main'])
    expect(readFileSync(stateFile, 'utf8')).toMatch(/^isPost<<ghadelimiter_[\w-]+\ntrue\n/)
    expect(process.exitCode).toBeUndefined()
  })

  it('runs post when the runner hands back the state', async () => {
    process.env.STATE_isPost = 'true'
    const calls: string[] = []
    await runAction('demo', { main: async () => void calls.push('main'), post: async () => void calls.push('post') })
    expect(calls).toEqual(['post'])
  })

  it('fails a user error with its message alone', async () => {
    await runAction('demo', { main: async () => { throw new UserError("Input 'x': got 'y'; expected z.") } })
    expect(process.exitCode).toBe(1)
    expect(printed).toContain("::error::Input 'x': got 'y'; expected z.")
    expect(printed).not.toContain('This is a bug')
  })

  it('reports anything else as a bug, with the stack in the log', async () => {
    await runAction('demo', { main: async () => { throw new TypeError("Cannot read properties of undefined (reading 'digest')") } })
    expect(process.exitCode).toBe(1)
    expect(printed).toMatch(/::error::demo failed unexpectedly: Cannot read properties of undefined \(reading 'digest'\)\. This is a bug in pipeline-actions/)
    expect(printed).toMatch(/TypeError: Cannot read properties[^\n]*\n\s+at /)
  })
})
