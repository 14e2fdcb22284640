/**
 * The "user's repository" of the demo: a git repository made from examples/service, with real commits whose shas
 * and times feed the event payloads (and the lead time), as a push or a tag push on GitHub would.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export interface Commit {
  sha: string
  /** ISO time of the commit. */
  timestamp: string
  message: string
}

export class DemoRepo {
  readonly dir: string

  constructor(source: string) {
    this.dir = mkdtempSync(path.join(tmpdir(), 'demo-repo-'))
    cpSync(source, this.dir, { recursive: true, filter: (file) => !/\/(node_modules|coverage)(\/|$)/.test(file) })
    this.git('init', '-q', '-b', 'main')
  }

  private git(...args: string[]): string {
    return execFileSync('git', ['-c', 'user.name=Demo', '-c', 'user.email=demo@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: this.dir, encoding: 'utf8' }).trim()
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }

  /** Applies `edit` (file -> new content function) and commits everything. */
  commit(message: string, edit: Record<string, (content: string) => string> = {}): Commit {
    for (const [file, change] of Object.entries(edit)) {
      const target = path.join(this.dir, file)
      writeFileSync(target, change(readFileSync(target, 'utf8')))
    }
    this.git('add', '-A')
    this.git('commit', '-q', '--allow-empty', '-m', message)
    return { sha: this.git('rev-parse', 'HEAD'), timestamp: new Date().toISOString(), message }
  }
}

/** The `push` event payload of a branch push or a tag push (the fields build-push reads). */
export function pushEvent(commit: Commit, ref: string): { env: Record<string, string>; event: Record<string, unknown> } {
  return {
    env: { GITHUB_SHA: commit.sha, GITHUB_REF: ref, GITHUB_REF_NAME: ref.replace(/^refs\/(heads|tags)\//, ''), GITHUB_REF_TYPE: ref.startsWith('refs/tags/') ? 'tag' : 'branch' },
    event: {
      ref,
      after: commit.sha,
      head_commit: { id: commit.sha, timestamp: commit.timestamp, message: commit.message },
      repository: { full_name: 'acme/web', default_branch: 'main', html_url: 'https://github.com/acme/web' }
    }
  }
}
