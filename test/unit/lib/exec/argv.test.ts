import { describe, expect, it } from '@jest/globals'
import { splitCommandLine } from '../../../../src/lib/exec/argv.js'

describe('splitCommandLine: quoting left open', () => {
  it.each([
    ['kubectl "undo', 'the double quote at character 9 is never closed'],
    ["kubectl rollout undo 'deploy/web", 'the single quote at character 22 is never closed'],
    ['kubectl "a\\" b', 'the double quote at character 9 is never closed'],
    ['kubectl undo \\', 'it ends with a backslash that escapes nothing']
  ])('refuses %s instead of closing it silently', (line, problem) => {
    expect(splitCommandLine(line)).toEqual({ ok: false, problem })
  })

  it.each([
    [`kubectl "it's" 'say "hi"'`, ['kubectl', "it's", 'say "hi"']],
    ['kubectl "a\\"b" c\\"d', ['kubectl', 'a"b', 'c"d']],
    ["kubectl undo # it's done", ['kubectl', 'undo']]
  ])('accepts balanced or escaped quotes and quotes in a comment: %s', (line, argv) => {
    expect(splitCommandLine(line)).toEqual({ ok: true, argv })
  })
})
