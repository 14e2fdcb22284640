/** The workflow run as the runner describes it (GITHUB_* variables and the event payload). */
import { readFileSync } from 'node:fs'

/** The workflow run as the runner describes it in GITHUB_* variables and the event payload. */
export interface RunContext {
  eventName: string
  event: Record<string, any>
  repository: { owner: string; repo: string }
  sha: string
  ref: string
  serverUrl: string
  apiUrl: string
  runId: string
  runAttempt: string
  actor: string
  workflow: string
  job: string
  workspace: string
  runnerTemp: string
}

export function readRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const eventPath = env.GITHUB_EVENT_PATH
  let event: Record<string, any> = {}
  if (eventPath) {
    try {
      event = JSON.parse(readFileSync(eventPath, 'utf8')) as Record<string, any>
    } catch {
      event = {}
    }
  }
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '/').split('/')
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    event,
    repository: { owner, repo },
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    runId: env.GITHUB_RUN_ID ?? '',
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
    actor: env.GITHUB_ACTOR ?? '',
    workflow: env.GITHUB_WORKFLOW ?? '',
    job: env.GITHUB_JOB ?? '',
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    runnerTemp: env.RUNNER_TEMP ?? env.TMPDIR ?? '/tmp'
  }
}

export function runUrl(context: RunContext): string {
  return `${context.serverUrl}/${context.repository.owner}/${context.repository.repo}/actions/runs/${context.runId}`
}

/** The pull request number for pull_request, pull_request_target and issue_comment-on-PR events. */
export function pullRequestNumber(context: RunContext): number | undefined {
  const pr = context.event.pull_request?.number ?? (context.event.issue?.pull_request ? context.event.issue.number : undefined)
  return typeof pr === 'number' ? pr : undefined
}

/** True when the run is on the repository's default branch (a push or a dispatch there). */
export function onDefaultBranch(context: RunContext): boolean {
  const defaultBranch = context.event.repository?.default_branch
  return typeof defaultBranch === 'string' && context.ref === `refs/heads/${defaultBranch}`
}
