/** The fixture payloads with the GITHUB_* variables the runner sets alongside each, read as the action reads them. */
import path from 'node:path'
import { readRunContext, type RunContext } from '../../../src/lib/github/event.js'
import { ROOT } from '../../../local/harness.js'

export const MAIN_SHA = '6113728f27ae82c7b1a177c8d03f9e96e0adf246'
export const PR_HEAD_SHA = '9fceb02d0ae598e95dc970b74767f19372d61af8'
export const PR_MERGE_SHA = 'e5bd3914e2e596debea16f433f57875b5b90bcd6'
export const RC_SHA = '0beec7b5ea3f0fdbc95d0dd47f3c5bc275da8a33'
export const FEATURE_SHA = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3'

export const RUNS = {
  'push-main': { event: 'push', sha: MAIN_SHA, ref: 'refs/heads/main' },
  'push-feature-branch': { event: 'push', sha: FEATURE_SHA, ref: 'refs/heads/feature/Login_Page' },
  'push-tag-v1.2.3': { event: 'push', sha: MAIN_SHA, ref: 'refs/tags/v1.2.3' },
  'push-tag-v2.0.0-rc.1': { event: 'push', sha: RC_SHA, ref: 'refs/tags/v2.0.0-rc.1' },
  'pull-request': { event: 'pull_request', sha: PR_MERGE_SHA, ref: 'refs/pull/42/merge' },
  'workflow-dispatch': { event: 'workflow_dispatch', sha: MAIN_SHA, ref: 'refs/heads/main' },
  schedule: { event: 'schedule', sha: MAIN_SHA, ref: 'refs/heads/main' }
} as const

export type RunName = keyof typeof RUNS

export function eventPath(name: RunName): string {
  return path.join(ROOT, 'test/fixtures/build-push/events', `${name}.json`)
}

/** GITHUB_* variables for a run, for readRunContext or the harness. */
export function runEnv(name: RunName): Record<string, string> {
  const run = RUNS[name]
  return { GITHUB_EVENT_NAME: run.event, GITHUB_SHA: run.sha, GITHUB_REF: run.ref, GITHUB_REPOSITORY: 'acme/web', GITHUB_SERVER_URL: 'https://github.com' }
}

export function contextFor(name: RunName): RunContext {
  return readRunContext({ ...runEnv(name), GITHUB_EVENT_PATH: eventPath(name) })
}
