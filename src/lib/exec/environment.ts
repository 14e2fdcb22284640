/** The environment a program from the workspace runs with: the step's, without what only the action holds. */

/**
 * Variables the runner gives a JavaScript action but not a `run:` step: the action's inputs (`INPUT_*`, its tokens
 * among them), the state its main step saved for the post step (`STATE_*`) and the Actions runtime token (cache and
 * artifact service). A program the action starts from the workspace (quality-gate's checks, a package manager reading
 * the project's .npmrc) gets none of them, so it sees what a `run:` step of the same job would see.
 */
const ACTION_ONLY = [/^INPUT_/i, /^STATE_/i, /^ACTIONS_RUNTIME_TOKEN$/i]

/** `env` without the action-only variables; everything else (PATH, HOME, GITHUB_*, the step's `env:`) passes on. */
export function stepEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const result: Record<string, string> = {}
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || ACTION_ONLY.some((pattern) => pattern.test(name))) continue
    result[name] = value
  }
  return result
}
