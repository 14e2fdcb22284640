import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { extractProblems } from '../../../../src/quality-gate/checks/problems.js'
import { ROOT } from '../../../../local/harness.js'

const root = '/work/app'
const output = (name: string) => readFileSync(path.join(ROOT, 'test/fixtures/quality-gate/tool-output', name), 'utf8').replaceAll('<ROOT>', root)

describe('extractProblems from real tool output', () => {
  it('reads ESLint stylish output with absolute paths', () => {
    expect(extractProblems(output('eslint-stylish.txt'), root)).toEqual([
      { file: 'src/price.js', line: 21, column: 7, severity: 'error', message: "'unused' is assigned a value but never used (no-unused-vars)", tool: 'eslint' }
    ])
  })

  it('reads tsc output, plain and --pretty (with colours)', () => {
    const expected = { file: 'src/price.js', line: 8, column: 3, severity: 'error', message: "TS2322: Type 'number' is not assignable to type 'string'.", tool: 'tsc' }
    expect(extractProblems(output('tsc.txt'), root)).toEqual([expected])
    expect(extractProblems(output('tsc-pretty.txt'), root)).toEqual([expected])
  })

  it('reads a jest failure at the first stack frame in the project', () => {
    const [problem, ...rest] = extractProblems(output('jest.txt'), root)
    expect(rest).toEqual([])
    expect(problem).toMatchObject({ file: 'test/price.test.js', line: 8, column: 31, tool: 'jest' })
    expect(problem!.message).toMatch(/^formats euros\nexpect\(received\)\.toBe\(expected\)/)
    expect(problem!.message).toContain('Expected: "12.5 €"')
  })

  it('reads compiler-style lines and ignores paths outside the project or in node_modules', () => {
    const text = ['src/a.c:3:5: error: expected ;', '/elsewhere/b.c:1:1: error: outside', 'node_modules/x/y.js:1:1: error: vendored', 'note: plain text'].join('\n')
    expect(extractProblems(text, root)).toEqual([{ file: 'src/a.c', line: 3, column: 5, severity: 'error', message: 'expected ;', tool: 'compiler' }])
  })
})
