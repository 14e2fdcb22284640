/** Every committed bundle starts on Node 24 and fails cleanly on missing inputs (a mis-bundled one crashes instead). */
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { ROOT, runAction } from '../../local/harness.js'

const bundles = readdirSync(path.join(ROOT, 'actions')).filter((name) => existsSync(path.join(ROOT, 'dist', name, 'index.js')))

describe.each(bundles)('dist/%s/index.js', (name) => {
  it('starts and fails cleanly when given nothing to do (a user error, not a crash)', async () => {
    const result = await runAction(name, { inputs: {}, post: false })
    expect(result.stderr).not.toMatch(/Cannot find module|ERR_REQUIRE_ESM|SyntaxError/)
    expect(result.exitCode).toBe(1)
    const failure = result.annotations.find((a) => a.level === 'error')
    expect(failure?.message.length).toBeGreaterThan(10)
    expect(failure?.message).not.toMatch(/This is a bug/)
  })
})
