import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { it } from 'node:test'

it('starts on a free port, says where, and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, '../src/server.ts')], {
    env: { ...process.env, PORT: '0', APP_VERSION: '9.9.9', FAULT_ERROR_RATE: '0' },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve))
  const { listening } = JSON.parse(line) as { listening: string }
  assert.match(listening, /^http:\/\/127\.0\.0\.1:\d+$/)
  assert.equal(((await (await fetch(listening)).json()) as { version: string }).version, '9.9.9')
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  assert.equal(await exited, 0)
})
