/** Scratch workspaces for contract tests: a copy of a fixture project, optionally a git repository with history. */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from './harness.js'

/**
 * Workspaces live under the project's .tmp/ so that fixture projects resolve tools and configs (eslint's
 * @eslint/js, jest) from the project's node_modules, as a real checkout resolves them from its own.
 */
export function makeWorkspace(fixture?: string): string {
  const base = path.join(ROOT, '.tmp', 'workspaces')
  mkdirSync(base, { recursive: true })
  const dir = mkdtempSync(path.join(base, 'ws-'))
  if (fixture) cpSync(path.join(ROOT, 'test', 'fixtures', fixture), dir, { recursive: true })
  return dir
}

export function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_NOSYSTEM: '1' }
  })
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`)
  return result.stdout.trim()
}

/** `git init` (once) and commit everything; returns the commit sha. */
export function commitAll(cwd: string, message: string): string {
  // Workspaces sit inside this project's checkout: test for a repository of their own, never use the enclosing one.
  if (!existsSync(path.join(cwd, '.git'))) git(cwd, 'init', '-q', '-b', 'main')
  git(cwd, 'add', '-A')
  git(cwd, 'commit', '-q', '-m', message)
  return git(cwd, 'rev-parse', 'HEAD')
}

export function edit(file: string, change: (text: string) => string): void {
  writeFileSync(file, change(readFileSync(file, 'utf8')))
}
