/**
 * The light runner protocol against @actions/core itself: the same calls give the same bytes on stdout and in the
 * GITHUB_STATE file (save for the random heredoc delimiters), the same inputs and state read back, the same exit code.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import * as core from '@actions/core'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as runner from '../../../../src/lib/action/runner.js'

type Api = Pick<typeof core, 'getInput' | 'getState' | 'saveState' | 'setOutput' | 'setSecret' | 'info' | 'debug' | 'warning' | 'setFailed' | 'startGroup' | 'endGroup' | 'group'> & { summary: (markdown: string) => Promise<void> }

const TRICKY = 'a%b\r\nc:d,e ::error::f\n%0A'

async function recorded(api: Api): Promise<{ stdout: string; state: string; output: string; summary: string; exitCode: unknown; read: unknown[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'runner-'))
  const stateFile = path.join(dir, 'state')
  const outputFile = path.join(dir, 'output')
  const summaryFile = path.join(dir, 'summary')
  writeFileSync(stateFile, '')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '# before\n')
  const saved = { ...process.env }
  const write = process.stdout.write
  let stdout = ''
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write
  process.exitCode = undefined
  try {
    Object.assign(process.env, { GITHUB_STATE: stateFile, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, 'INPUT_MY_INPUT': '  spaced value \n', INPUT_EMPTY: '', STATE_saved: 'from main' })
    const read: unknown[] = [api.getInput('my input'), api.getInput('My_Input'), api.getInput('empty'), api.getInput('unset'), api.getState('saved'), api.getState('unset')]
    api.saveState('key', TRICKY)
    api.saveState('empty', '')
    api.setOutput('digest', TRICKY)
    api.setOutput('empty', '')
    await api.summary('| a | b |\n| --- | --- |\n| 1 | 2 |')
    await api.summary(TRICKY)
    api.setSecret(TRICKY)
    api.info(TRICKY)
    api.debug(TRICKY)
    api.warning(TRICKY)
    read.push(await api.group(TRICKY, async () => 42))
    api.setFailed(TRICKY)
    delete process.env.GITHUB_STATE
    api.saveState('no:file,here', TRICKY)
    delete process.env.GITHUB_OUTPUT
    api.setOutput('no:file,here', TRICKY)
    const delimited = (file: string): string => readFileSync(file, 'utf8').replace(/ghadelimiter_[0-9a-f-]{36}/g, 'DELIMITER')
    return { stdout, state: delimited(stateFile), output: delimited(outputFile), summary: readFileSync(summaryFile, 'utf8'), exitCode: process.exitCode, read }
  } finally {
    process.stdout.write = write
    process.env = saved
    process.exitCode = undefined
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('the light runner protocol', () => {
  let theirs: Awaited<ReturnType<typeof recorded>>
  let ours: Awaited<ReturnType<typeof recorded>>
  beforeEach(async () => {
    // @actions/core's summary keeps the first file path it found; each recording has its own file.
    ;(core.summary as unknown as { _filePath?: string })._filePath = undefined
    theirs = await recorded({ ...core, summary: async (markdown) => void (await core.summary.addRaw(markdown, true).write()) })
    ours = await recorded({ ...(runner as unknown as Api), summary: async (markdown) => runner.appendStepSummary(markdown) })
  })
  afterEach(() => {
    process.exitCode = undefined
  })

  it('writes to stdout exactly what @actions/core writes', () => {
    expect(ours.stdout).toBe(theirs.stdout)
    // The commands a message could forge stay escaped.
    expect(ours.stdout).toContain('::error::a%25b%0D%0Ac:d,e ::error::f%0A%250A')
  })

  it('writes outputs and the job summary exactly as @actions/core does', () => {
    expect(ours.output).toBe(theirs.output)
    expect(ours.output).toBe(`digest<<DELIMITER\n${TRICKY}\nDELIMITER\nempty<<DELIMITER\n\nDELIMITER\n`)
    expect(ours.summary).toBe(theirs.summary)
    expect(ours.summary).toBe(`# before\n| a | b |\n| --- | --- |\n| 1 | 2 |\n${TRICKY}\n`)
  })

  it('saves state to the GITHUB_STATE file exactly as @actions/core does', () => {
    expect(ours.state).toBe(theirs.state)
    expect(ours.state).toBe(`key<<DELIMITER\n${TRICKY}\nDELIMITER\nempty<<DELIMITER\n\nDELIMITER\n`)
  })

  it('reads inputs and state, and fails the step, as @actions/core does', () => {
    expect(ours.read).toEqual(theirs.read)
    expect(ours.read.slice(0, 6)).toEqual(['spaced value', 'spaced value', '', '', 'from main', ''])
    expect([ours.exitCode, theirs.exitCode]).toEqual([1, 1])
  })
})
