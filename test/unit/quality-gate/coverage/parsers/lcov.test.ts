import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { createParser } from '../../../../../src/quality-gate/coverage/parse.js'
import { PathResolver } from '../../../../../src/quality-gate/coverage/paths.js'
import { fileTotals, metric, type CoverageFormat, type FileCoverage } from '../../../../../src/quality-gate/coverage/index.js'
import { allContents, JEST_REPORTS, PROJECT_ROOT, report } from '../fixtures.js'

const paths = new PathResolver({ root: '/repo', reportDir: '/repo', exists: () => false })

/** Parses content fed in chunks of `size` bytes, the way a stream can cut it anywhere (inside a UTF-8 character too). */
function parseInChunks(content: string | Buffer, format: CoverageFormat, size: number, resolver = paths): Map<string, FileCoverage> {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content
  const parser = createParser(format, resolver)
  for (let at = 0; at < bytes.length; at += size) parser.write(bytes.subarray(at, at + size))
  return parser.end()
}

describe.each(['lcov', 'cobertura', 'clover', 'istanbul-final'] as const)('%s streamed in small chunks', (format) => {
  test('gives the same files as one chunk, whatever the chunk size', () => {
    const content = readFileSync(report('project', JEST_REPORTS[format]))
    const resolver = new PathResolver({ root: PROJECT_ROOT, reportDir: PROJECT_ROOT, exists: () => false })
    const whole = allContents(parseInChunks(content, format, content.length, resolver))
    expect(whole).toHaveLength(3)
    for (const size of [1, 7, 4096]) expect(allContents(parseInChunks(content, format, size, resolver))).toEqual(whole)
  })
})

test('a UTF-8 path cut between chunks survives', () => {
  const files = parseInChunks('SF:/repo/src/café/ünïcode.ts\nDA:1,1\nend_of_record\n', 'lcov', 1)
  expect([...files.keys()]).toEqual(['src/café/ünïcode.ts'])
})

describe('lcov records', () => {
  test('CRLF line ends, a missing final end_of_record and no final newline are accepted', () => {
    const files = parseInChunks('TN:\r\nSF:/repo/a.ts\r\nDA:1,1\r\nDA:2,0', 'lcov', 5)
    expect(Array.from(files.get('a.ts')!.lines)).toEqual([1, 1, 2, 0])
  })

  test('BRDA "-" (block never reached) is an uncovered branch; exception blocks ("e") are branches too', () => {
    const files = parseInChunks('SF:/repo/a.c\nBRDA:4,0,0,-\nBRDA:4,0,1,3\nBRDA:4,e1,0,0\nend_of_record\n', 'lcov', 64)
    expect(Array.from(files.get('a.c')!.branches)).toEqual([4, 0, 0, 4, 1, 3, 4, 2, 0])
    expect(fileTotals(files.get('a.c')!).branches).toEqual(metric(1, 3))
  })

  test('branches of one line are positioned by block and branch number, whatever order they are listed in', () => {
    const files = parseInChunks('SF:/repo/a.c\nBRDA:9,10,1,0\nBRDA:9,2,0,5\nBRDA:9,10,0,1\nend_of_record\n', 'lcov', 64)
    expect(Array.from(files.get('a.c')!.branches)).toEqual([9, 0, 5, 9, 1, 1, 9, 2, 0])
  })

  test('two functions with one name (two classes constructors) stay two functions', () => {
    const lcov = 'SF:/repo/a.js\nFN:2,constructor\nFN:9,constructor\nFNDA:4,constructor\nFNDA:0,constructor\nend_of_record\n'
    const file = parseInChunks(lcov, 'lcov', 64).get('a.js')!
    expect(Array.from(file.functions)).toEqual([2, 0, 4, 9, 0, 0])
  })

  test("lcov 2's FN with an end line, FNL/FNA, and DA checksums", () => {
    const lcov = [
      'VER:2.0',
      'SF:/repo/b.cpp',
      'FN:3,8,main',
      'FNDA:1,main',
      'FNL:0,12,20',
      'FNA:0,0,helper(int, char)',
      'DA:3,1,abcdef',
      'DA:12,0,012345',
      'end_of_record',
      ''
    ].join('\n')
    const file = parseInChunks(lcov, 'lcov', 3).get('b.cpp')!
    expect(Array.from(file.functions)).toEqual([3, 0, 1, 12, 0, 0])
    expect(Array.from(file.lines)).toEqual([3, 1, 12, 0])
  })

  test('a file listed twice in one tracefile is one file; a repeated line keeps its highest count', () => {
    const lcov = 'SF:/repo/a.ts\nFN:1,f\nFNDA:2,f\nDA:1,2\nDA:2,0\nend_of_record\nSF:/repo/a.ts\nFN:1,f\nFNDA:1,f\nDA:1,1\nDA:2,5\nend_of_record\n'
    const file = parseInChunks(lcov, 'lcov', 64).get('a.ts')!
    expect(Array.from(file.lines)).toEqual([1, 2, 2, 5])
    expect(Array.from(file.functions)).toEqual([1, 0, 2])
  })

  test('lines listed out of order are sorted', () => {
    const file = parseInChunks('SF:/repo/a.ts\nDA:9,1\nDA:2,0\nDA:5,3\n', 'lcov', 64).get('a.ts')!
    expect(Array.from(file.lines)).toEqual([2, 0, 5, 3, 9, 1])
  })

  test('hit counts beyond 32 bits and in exponent notation are read', () => {
    const file = parseInChunks('SF:/repo/a.c\nDA:1,12345678901234\nDA:2,1.5e+10\n', 'lcov', 64).get('a.c')!
    expect(Array.from(file.lines)).toEqual([1, 12345678901234, 2, 1.5e10])
  })
})
