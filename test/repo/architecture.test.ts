/** The layout rules that keep the bundle livable (DEVELOPERS.md, design.md). */
import { describe, expect, it } from '@jest/globals'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '../support/harness.js'

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name)
    return statSync(file).isDirectory() ? sources(file) : name.endsWith('.ts') ? [file] : []
  })
}

const src = path.join(ROOT, 'src')
const actionFolders = readdirSync(src).filter((name) => name !== 'lib' && statSync(path.join(src, name)).isDirectory())

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => path.resolve(path.dirname(file), m[1]!))
}

describe('architecture', () => {
  it.each(actionFolders)('src/%s imports no other action folder', (action) => {
    for (const file of sources(path.join(src, action))) {
      for (const target of importsOf(file)) {
        const top = path.relative(src, target).split(path.sep)[0]
        if (top !== action && top !== 'lib') throw new Error(`${path.relative(ROOT, file)} imports ${path.relative(ROOT, target)}`)
      }
    }
  })

  it('src/lib imports no action folder', () => {
    for (const file of sources(path.join(src, 'lib'))) {
      for (const target of importsOf(file)) expect(path.relative(src, target).split(path.sep)[0]).toBe('lib')
    }
  })

  it('no source runs a shell or interpolates into one', () => {
    for (const file of sources(src)) {
      const text = readFileSync(file, 'utf8')
      expect([file, /shell:\s*true|execSync\(|exec\(`/.test(text)]).toEqual([file, false])
    }
  })
})
