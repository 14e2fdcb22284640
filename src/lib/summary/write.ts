/** Writing the job summary, where a failure is a warning. */
import * as core from '../action/runner.js'

/** Appends Markdown to the job summary; a summary that cannot be written is a warning, never a failed step. */
export async function appendSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.debug('GITHUB_STEP_SUMMARY is not set; the job summary is skipped')
    return
  }
  try {
    core.appendStepSummary(markdown)
  } catch (error) {
    core.warning(`could not write the job summary: ${error instanceof Error ? error.message : String(error)}`)
  }
}
