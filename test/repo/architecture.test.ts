/**
 * The layout rules of the sources, checked on the files themselves: an action imports only its own folder and
 * src/lib; src/lib imports no action; no source runs a shell; no import cycles in src/; no dynamic import() in src/
 * but the lazy loads LAZY_IMPORTS lists with their reasons;
 * every source file opens with a comment saying what it is for; nothing outside test/ imports test/; src/ imports
 * nothing outside src/; test/unit mirrors src/ file for file.
 * Known exceptions are listed by name with the change that removes them; one that no longer occurs fails the test
 * too, so a list only shrinks (delete the entry the message names).
 */
import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '../../local/harness.js'

function sources(dir: string, extensions = ['.ts']): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name)
    return statSync(file).isDirectory() ? sources(file, extensions) : extensions.some((e) => name.endsWith(e)) ? [file] : []
  })
}

const src = path.join(ROOT, 'src')
const actionFolders = readdirSync(src).filter((name) => name !== 'lib' && statSync(path.join(src, name)).isDirectory())
const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/')

/** Static imports and re-exports, side-effect imports and dynamic import() of relative paths, resolved. */
const RELATIVE_IMPORT = /(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g
function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT)].map((m) => path.resolve(path.dirname(file), m[1]!))
}

/** The source file an import of `./x.js` means: `./x.ts` (TypeScript's NodeNext resolution), else the path itself. */
function resolveSource(target: string): string {
  const ts = target.replace(/\.js$/, '.ts')
  return existsSync(ts) ? ts : target
}

/**
 * Fails for each of `found` that `known` lacks (a broken rule) and each of `known` that `found` lacks (a stale
 * exception); an entry listed twice stands for two occurrences.
 */
function expectOnlyKnown(found: string[], known: string[], listName: string): void {
  const unmatched = [...known]
  const unexpected = found.filter((f) => {
    const at = unmatched.indexOf(f)
    if (at < 0) return true
    unmatched.splice(at, 1)
    return false
  })
  expect([...unexpected, ...unmatched.map((k) => `${k} no longer happens: remove it from ${listName}`)]).toEqual([])
}

/**
 * Unit test files that do not (yet) mirror one src file: each covers several modules or is named for a theme. Split
 * or rename one and delete its entry.
 */
const KNOWN_UNMIRRORED_UNIT_TESTS: string[] = []

/**
 * The only dynamic imports src/ may have, each a string literal (the import cycles rule sees them) with the reason:
 * what a run may not need is loaded when it is needed, so a bundle starts fast (bench/startup.bench.ts). Each
 * action's entry validates the inputs before it loads the rest of the action (ncc puts it in a chunk file of its own).
 */
const LAZY_IMPORTS: [string, string][] = [
  ["src/build-push/index.ts: import('./main.js')", 'the action, once the inputs are valid'],
  ["src/canary-deploy/index.ts: import('./main.js')", 'the action with the Kubernetes client, once the inputs are valid'],
  ["src/canary-deploy/index.ts: import('./main.js')", 'the post step, only when main left a canary to undo'],
  ["src/health-rollback/index.ts: import('./main.js')", 'the action with the Kubernetes client, once the inputs are valid'],
  ["src/promote-artifact/index.ts: import('./main.js')", 'the action with the registry client, once the inputs are valid'],
  ["src/quality-gate/index.ts: import('./main.js')", 'the action, once the inputs are valid'],
  ["src/quality-gate/index.ts: import('./main.js')", 'the post step, only when main left a package cache to save'],
  ["src/quality-gate/package-cache-steps.ts: import('../lib/cache/actions-cache.js')", '@actions/cache and the Azure SDK, only with input cache (restore)'],
  ["src/quality-gate/package-cache-steps.ts: import('../lib/cache/actions-cache.js')", '@actions/cache in the post step (save)'],
  ["src/quality-gate/pull-request-comment.ts: import('@actions/github')", 'Octokit, only for a run that comments'],
  ["src/promote-artifact/main.ts: import('./verify-signed.js')", 'the Sigstore verifier, only when verify names a check'],
  ["src/promote-artifact/write-targets.ts: import('../lib/signing/sign-in-repositories.js')", 'the Sigstore signer, only when sign is key or keyless'],
  ["src/lib/signing/trusted-root.ts: import('@sigstore/tuf')", "the TUF client (make-fetch-happen), only to fetch the public Sigstore trust root for keyless verification"],
  ["src/lib/oci/stream-http.ts: import('undici')", 'undici, only when blob bytes move (a promotion within one registry mounts instead)'],
  ["src/lib/files/match.ts: import('@actions/glob')", "@actions/glob brings @actions/core and its HTTP client: not loaded before quality-gate's inputs are valid"]
]

/** The strongly connected components of more than one file (Tarjan): each a set of files that import each other. */
function cycles(files: string[]): string[][] {
  const edges = new Map(files.map((file) => [file, importsOf(file).map(resolveSource).filter((target) => target !== file && target.startsWith(src + path.sep))]))
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (file: string): void => {
    index.set(file, index.size)
    low.set(file, index.get(file)!)
    stack.push(file)
    onStack.add(file)
    for (const target of edges.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target)
        low.set(file, Math.min(low.get(file)!, low.get(target)!))
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!))
    }
    if (low.get(file) !== index.get(file)) return
    const component: string[] = []
    let member: string
    do {
      member = stack.pop()!
      onStack.delete(member)
      component.push(member)
    } while (member !== file)
    if (component.length > 1) found.push(component)
  }
  for (const file of files) if (!index.has(file)) visit(file)
  return found
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

  it('src/ has no import cycles', () => {
    const found = cycles(sources(src)).map((component) => component.map(rel).sort().join(' <-> '))
    expect(found).toEqual([])
  })

  it('src/ has no dynamic import() but the lazy loads of LAZY_IMPORTS', () => {
    const found = sources(src).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\bimport\s*\(\s*([^)]*)\)/g)].map((m) => `${rel(file)}: import(${m[1]})`))
    expectOnlyKnown(found, LAZY_IMPORTS.map(([entry]) => entry), 'LAZY_IMPORTS')
  })

  it('every source file opens with a comment saying what it is for', () => {
    const found = sources(src).filter((file) => !/^\s*(?:\/\*|\/\/)/.test(readFileSync(file, 'utf8'))).map(rel)
    expect(found).toEqual([])
  })

  it('nothing outside test/ imports test/ (the local infrastructure lives in local/, shared by tests, demo and bench)', () => {
    const tests = path.join(ROOT, 'test') + path.sep
    const found = ['src', 'local', 'demo', 'bench', 'scripts']
      .flatMap((dir) => sources(path.join(ROOT, dir), ['.ts', '.mts', '.js', '.mjs']))
      .flatMap((file) => importsOf(file).map(resolveSource).filter((target) => target.startsWith(tests)).map((target) => `${rel(file)} -> ${rel(target)}`))
    expect(found).toEqual([])
  })

  it('src/ and src/lib import nothing from local/, demo/, bench/ or scripts/', () => {
    const outside = ['local', 'demo', 'bench', 'scripts', 'test'].map((dir) => path.join(ROOT, dir) + path.sep)
    const found = sources(src).flatMap((file) =>
      importsOf(file)
        .map(resolveSource)
        .filter((target) => outside.some((dir) => target.startsWith(dir)))
        .map((target) => `${rel(file)} -> ${rel(target)}`)
    )
    expect(found).toEqual([])
  })

  it('test/unit mirrors src/ file for file: test/unit/<path>.test.ts tests src/<path>.ts', () => {
    const unit = path.join(ROOT, 'test', 'unit')
    const found = sources(unit)
      .filter((file) => file.endsWith('.test.ts'))
      .filter((file) => !existsSync(path.join(src, path.relative(unit, file).replace(/\.test\.ts$/, '.ts'))))
      .map(rel)
    expectOnlyKnown(found, KNOWN_UNMIRRORED_UNIT_TESTS, 'KNOWN_UNMIRRORED_UNIT_TESTS')
  })

  it('test/ holds tests, their fixtures and the jest wiring only: shared helpers live in local/', () => {
    const support = path.join(ROOT, 'test', 'support')
    const found = sources(support).map(rel).sort()
    expect(found).toEqual(['test/support/demo-run.ts', 'test/support/global-setup.ts', 'test/support/recorded-http.ts'])
  })
})
