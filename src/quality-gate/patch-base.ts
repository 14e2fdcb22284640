/** The commit a change is compared with (pull request base, push's before, merge group base) and the diff. */
import { runCommand } from '../lib/exec/command.js'
import type { RunContext } from '../lib/github/event.js'

export type DiffBase = { sha: string; describe: string } | { unavailable: string }

/** The commit a change is compared with: the pull request's base, the push's `before`, the merge group's base. */
export function diffBase(context: RunContext): DiffBase {
  const e = context.event
  switch (context.eventName) {
    case 'pull_request':
    case 'pull_request_target':
      return e.pull_request?.base?.sha ? { sha: e.pull_request.base.sha, describe: `the pull request's base ${short(e.pull_request.base.sha)}` } : { unavailable: 'the pull_request event has no base commit' }
    case 'merge_group':
      return e.merge_group?.base_sha ? { sha: e.merge_group.base_sha, describe: `the merge group's base ${short(e.merge_group.base_sha)}` } : { unavailable: 'the merge_group event has no base commit' }
    case 'push':
      if (typeof e.before !== 'string' || /^0+$/.test(e.before)) return { unavailable: 'this push created the branch, so there is no previous commit to compare with' }
      return { sha: e.before, describe: `the commit before the push, ${short(e.before)}` }
    default:
      return { unavailable: `a ${context.eventName || 'local'} run has no base commit to compare with (patch coverage is judged on pull_request, push and merge_group)` }
  }
}

const short = (sha: string): string => sha.slice(0, 7)

export type ChangedLinesResult = { diff: string; root: string } | { unavailable: string }

/** `git diff --unified=0` from the base to HEAD, run at the repository's top directory `root`. */
export async function diffFromBase(base: { sha: string; describe: string }, root: string): Promise<ChangedLinesResult> {
  const present = await runCommand(['git', 'cat-file', '-e', `${base.sha}^{commit}`], { cwd: root, echo: false })
  if (present.exitCode !== 0) {
    const shallow = (await runCommand(['git', 'rev-parse', '--is-shallow-repository'], { cwd: root, echo: false })).stdout.trim() === 'true'
    return {
      unavailable: `${base.describe} is not in the local history${shallow ? ' (this is a shallow clone)' : ''}: fetch more history, e.g. actions/checkout with fetch-depth: 0, or git fetch --deepen`
    }
  }
  const diff = await runCommand(['git', 'diff', '--unified=0', '--no-color', '--no-ext-diff', '--find-renames', base.sha, 'HEAD', '--'], { cwd: root, echo: false })
  if (diff.exitCode !== 0) return { unavailable: `git diff against ${base.describe} failed: ${diff.stderr.trim()}` }
  return { diff: diff.stdout, root }
}
