/** The entry point every bundle calls: runs main or post and reports a failure as a user error or as a bug. */
import * as core from './runner.js'
import { UserError, errorMessage } from './errors.js'
import { logText } from './log-text.js'

export interface ActionSteps {
  main: () => Promise<void>
  /** Runs as the action's `post:` step (same bundle, dispatched on saved state). */
  post?: () => Promise<void>
}

const POST_MARKER = 'isPost'

/**
 * Entry point of every bundle: one file serves `main` and `post` (the runner gives the post step the state the main
 * step saved). A UserError fails the step with its message; anything else is reported as a bug, with the stack in
 * the log.
 */
export async function runAction(actionName: string, steps: ActionSteps): Promise<void> {
  const isPost = core.getState(POST_MARKER) === 'true'
  try {
    if (isPost) {
      await steps.post?.()
      return
    }
    core.saveState(POST_MARKER, 'true')
    await steps.main()
  } catch (error) {
    reportFailure(actionName, isPost, error)
  }
}

export function reportFailure(actionName: string, isPost: boolean, error: unknown): void {
  const where = isPost ? `${actionName} (post)` : actionName
  if (error instanceof UserError) {
    core.setFailed(error.message)
    return
  }
  if (error instanceof Error && error.stack) logText(error.stack)
  core.setFailed(
    `${where} failed unexpectedly: ${errorMessage(error)}. This is a bug in pipeline-actions; please report it with this log.`
  )
}

/** stdio's own handles, open in every process. */
const STDIO_RESOURCES = new Set(['PipeWrap', 'TTYWrap'])

/**
 * Ends the bundle's process once its step is done (the exit code is the step's). The runner waits for the process,
 * not for the step: anything left open (a socket, a timer, a request nobody awaits) would hold the job for minutes.
 * What was still open is logged at debug level, so it can be found and closed at its source.
 */
export function exitWhenDone(): never {
  const open = process.getActiveResourcesInfo().filter((resource) => !STDIO_RESOURCES.has(resource))
  if (open.length > 0) core.debug(`still open when the step ended: ${open.join(', ')}`)
  process.exit()
}
