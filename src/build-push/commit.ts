/**
 * Which commit a run builds. For pull requests GITHUB_SHA is the merge commit GitHub made for the check; the image is
 * named and labelled after the pull request's head commit, the one the author pushed (metadata-action#206, #414).
 */
import type { RunContext } from '../lib/github/event.js'

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target'])

export function isPullRequestEvent(context: RunContext): boolean {
  return PULL_REQUEST_EVENTS.has(context.eventName)
}

/** The commit the image is built from: the PR head for pull requests, else GITHUB_SHA. */
export function buildCommit(context: RunContext): string {
  const head = context.event.pull_request?.head?.sha
  if (isPullRequestEvent(context) && typeof head === 'string' && head !== '') return head
  return context.sha
}

/** The commit time when the event carries it (push events: `head_commit.timestamp`), as an ISO string. */
export function commitTimeFromEvent(context: RunContext): string | undefined {
  const head = context.event.head_commit
  if (head && head.id === buildCommit(context) && typeof head.timestamp === 'string' && !Number.isNaN(Date.parse(head.timestamp))) {
    return new Date(head.timestamp).toISOString()
  }
  return undefined
}
