import { expect, test } from '@jest/globals'
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { findProgram } from '../../../../src/lib/exec/find-program.js'

test('finds an executable file on PATH in order, skipping directories and files that cannot run', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'find-program-'))
  const [a, b, c] = ['a', 'b', 'c'].map((d) => path.join(root, d))
  for (const dir of [a, b, c]) mkdirSync(dir!)
  mkdirSync(path.join(a!, 'tool'))
  writeFileSync(path.join(b!, 'tool'), '#!/bin/sh\n')
  chmodSync(path.join(b!, 'tool'), 0o644)
  writeFileSync(path.join(c!, 'tool'), '#!/bin/sh\n')
  chmodSync(path.join(c!, 'tool'), 0o755)
  expect(findProgram('tool', [a, b, c].join(path.delimiter))).toBe(path.join(c!, 'tool'))
  expect(findProgram('tool', [a, b].join(path.delimiter))).toBeUndefined()
  expect(findProgram('tool', undefined)).toBeUndefined()
})
