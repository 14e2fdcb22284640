/** Errors a user can act on (bad inputs among them) and the message of anything thrown. */
import { redactUrlCredentials } from './urls.js'

/**
 * An error the user can act on (a bad input, a failed gate, a refused registry, a policy): its message is shown
 * as is, without a stack. Anything else that escapes an action is treated as a bug in this project.
 */
export class UserError extends Error {
  override name = 'UserError'
}

/** A bad input: names the input, what was given and what is accepted; URL credentials in either are redacted. */
export class InputError extends UserError {
  override name = 'InputError'
  readonly given: string
  readonly accepted: string
  constructor(
    readonly input: string,
    given: string,
    accepted: string
  ) {
    const [shown, expected] = [redactUrlCredentials(given), redactUrlCredentials(accepted)]
    super(`Input '${input}': got ${shown === '' ? 'an empty value' : `'${shown}'`}; expected ${expected}.`)
    this.given = shown
    this.accepted = expected
  }
}

/** Several input errors at once, so a user fixes them in one round rather than one per run. */
export class InputErrors extends UserError {
  override name = 'InputErrors'
  constructor(readonly errors: InputError[]) {
    super(errors.length === 1 ? errors[0]!.message : `${errors.length} inputs are invalid:\n${errors.map((e) => `- ${e.message}`).join('\n')}`)
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return typeof error === 'string' ? error : JSON.stringify(error)
}
