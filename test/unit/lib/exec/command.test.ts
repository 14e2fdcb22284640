import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { splitCommandLine } from '../../../../src/lib/exec/argv.js'
import { runCommand } from '../../../../src/lib/exec/command.js'

describe('splitCommandLine', () => {
  it.each([
    ['npm test -- --coverage', ['npm', 'test', '--', '--coverage']],
    [`eslint "src dir" 'a b' c\\ d`, ['eslint', 'src dir', 'a b', 'c d']],
    ['echo $HOME ~ *.ts', ['echo', '$HOME', '~', '*.ts']],
    ["sh -c 'npm ci && npm test'", ['sh', '-c', 'npm ci && npm test']],
    ['npm test # comment', ['npm', 'test']]
  ])('splits %s without expanding anything', (line, argv) => {
    expect(splitCommandLine(line)).toEqual({ ok: true, argv })
  })

  it.each(['a | b', 'a && b', 'a > out', 'a; b', '(a)'])('refuses the shell operator in %s', (line) => {
    const result = splitCommandLine(line)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.problem).toMatch(/shell operator/)
  })
})

describe('runCommand', () => {
  it('passes arguments verbatim, with no shell to interpret them', async () => {
    const result = await runCommand(['node', '-e', 'console.log(JSON.stringify(process.argv.slice(1)))', '$(id)', '; rm -rf /', '"q"'], { echo: false })
    expect(JSON.parse(result.stdout)).toEqual(['$(id)', '; rm -rf /', '"q"'])
    expect(result.exitCode).toBe(0)
  })

  it('reports an exit code, a missing program and a timeout as results', async () => {
    expect((await runCommand(['node', '-e', 'process.exit(3)'], { echo: false })).exitCode).toBe(3)
    const missing = await runCommand(['definitely-not-a-program-xyz'], { echo: false })
    expect(missing.startError).toMatch(/ENOENT/)
    const started = Date.now()
    const slow = await runCommand(['sh', '-c', 'sleep 20 & sleep 20; wait'], { echo: false, timeoutMs: 300 })
    expect(slow.timedOut).toBe(true)
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('stops the whole process group when cancelled', async () => {
    const stop = new AbortController()
    const pending = runCommand(['sh', '-c', 'sleep 30 & echo $!; wait'], { echo: false, signal: stop.signal })
    await new Promise((r) => setTimeout(r, 300))
    stop.abort()
    const result = await pending
    expect(result.cancelled).toBe(true)
    const grandchild = Number(result.stdout.trim())
    await new Promise((r) => setTimeout(r, 100))
    // Gone, or a zombie waiting to be reaped (a container's init may not reap): either way no longer running.
    const state = existsSync(`/proc/${grandchild}/stat`) ? readFileSync(`/proc/${grandchild}/stat`, 'utf8').split(') ')[1]![0] : 'gone'
    expect(['gone', 'Z', 'X']).toContain(state)
  })
})
