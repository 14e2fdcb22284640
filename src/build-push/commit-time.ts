/** The commit time, for `org.opencontainers.image.created` and the image timestamps: event, else git, else now. */
import { runCommand } from '../lib/exec/command.js'
import type { RunContext } from '../lib/github/event.js'
import { commitTimeFromEvent } from './commit.js'

export async function commitTime(context: RunContext, commit: string, cwd: string): Promise<{ iso: string; source: 'event' | 'git' | 'clock' }> {
  const fromEvent = commitTimeFromEvent(context)
  if (fromEvent) return { iso: fromEvent, source: 'event' }
  if (/^[0-9a-f]{40}$/.test(commit)) {
    const git = await runCommand(['git', 'show', '-s', '--format=%cI', commit], { cwd, echo: false, timeoutMs: 10_000 })
    const text = git.stdout.trim()
    if (git.exitCode === 0 && !Number.isNaN(Date.parse(text))) return { iso: new Date(text).toISOString(), source: 'git' }
  }
  return { iso: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString(), source: 'clock' }
}
