import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { UserError } from '../../../../src/lib/action/errors.js'
import { readCoverageFile } from '../../../../src/quality-gate/coverage/index.js'

let root: string

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'coverage-errors-'))
})

afterAll(() => {
  rmSync(root, { recursive: true, force: true })
})

async function failure(name: string, content: string | undefined): Promise<UserError> {
  if (content !== undefined) writeFileSync(join(root, name), content)
  try {
    await readCoverageFile(join(root, name), root)
  } catch (error) {
    expect(error).toBeInstanceOf(UserError)
    return error as UserError
  }
  throw new Error(`${name} was accepted`)
}

test.each([
  ['missing.info', undefined, /^Coverage report missing\.info cannot be read: ENOENT/],
  ['empty.info', '', /^Coverage report empty\.info is empty\.$/],
  ['notes.txt', 'just some notes\n', /^Coverage report notes\.txt is not in a supported format \(lcov, Cobertura XML/],
  ['bad-da.info', 'TN:\nSF:/a.c\nDA:1,1\nDA:two,1\nend_of_record\n', /^Coverage report bad-da\.info \(lcov\) is malformed: line 4: expected DA:<line>,<hits>, got 'DA:two,1'$/],
  ['orphan.info', 'TN:\nDA:1,1\n', /^Coverage report orphan\.info \(lcov\) is malformed: line 2: DA record before any SF \(source file\) record/],
  ['short-brda.info', 'SF:/a.c\nBRDA:3,0\n', /line 2: BRDA expects <line>,<block>,<branch>,<taken>/],
  ['broken.xml', '<?xml version="1.0"?>\n<coverage line-rate="1">\n<packages><package>\n</coverage>', /^Coverage report broken\.xml \(cobertura\) is malformed: line 4: <\/coverage> closes <package>$/],
  ['truncated.xml', '<coverage line-rate="1"><packages><package><classes><class filename="a.py"><lines><line number="1" hits="1"/>', /\(cobertura\) is malformed: line 1: the document ends before <lines> is closed$/],
  ['no-filename.xml', '<coverage line-rate="1"><packages><package><classes>\n<class name="x">', /\(cobertura\) is malformed: line 2: <class> has no filename attribute/],
  ['bad-hits.xml', '<coverage line-rate="1"><packages><package><classes><class filename="a.py"><lines>\n<line number="1" hits="many"/>', /line 2: <line> hits="many" is not a non-negative number/],
  ['bad-condition.xml', '<coverage line-rate="1"><packages><package><classes><class filename="a.py"><lines><line number="1" hits="1" branch="true" condition-coverage="half"/>', /condition-coverage="half" is not "P% \(covered\/total\)"/],
  ['jacoco.xml', '<!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd"><report name="x"><package name="a"><sourcefile name="A.java"><line nr="x"/>', /\(jacoco\) is malformed: line 1: <line> nr="x" is not a non-negative number/],
  ['final.json', '{"/a.js": {"path": "/a.js", "statementMap": {}, "s": {}, "fnMap": {}, "f": {}, "branchMap": {"0": {"loc": {"start": {"line": 1}}}}, "b": {"0": 1}}}', /\(istanbul-final\) is malformed: '\/a\.js' b\[0\] is not an array of counts/],
  ['final-bad.json', '{"/a.js": {"path": "/a.js", "statementMap": {}', /\(istanbul-final\) is malformed: invalid JSON/],
  ['final-shape.json', '{"/a.js": {"path": "/a.js", "statementMap": {"0": {"start": {}}}, "s": {"0": 1}, "fnMap": {}, "f": {}, "branchMap": {}, "b": {}}}', /'\/a\.js' statementMap\[0\] has no start line/],
  ['summary.json', '{"total": {}, "/a.js": {"lines": {"total": 2, "covered": 3}, "branches": {"total": 0, "covered": 0}, "functions": {"total": 0, "covered": 0}}}', /\(istanbul-summary\) is malformed: '\/a\.js' lines covers 3 of 2/]
])('%s is refused with a message naming the file', async (name, content, message) => {
  expect((await failure(name, content)).message).toMatch(message)
})

test('a directory given as a report is refused, naming it', async () => {
  mkdirSync(join(root, 'reports-dir'))
  expect((await failure('reports-dir', undefined)).message).toMatch(/^Coverage report reports-dir cannot be read: EISDIR/)
})

test('a report outside the root is named by its absolute path', async () => {
  const outside = mkdtempSync(join(tmpdir(), 'coverage-outside-'))
  try {
    writeFileSync(join(outside, 'lcov.info'), 'SF:/a.c\nDA:x\n')
    await expect(readCoverageFile(join(outside, 'lcov.info'), root)).rejects.toThrow(`Coverage report ${join(outside, 'lcov.info')} (lcov)`)
  } finally {
    rmSync(outside, { recursive: true, force: true })
  }
})
