/**
 * An error the user can act on (a bad input, a failed gate, a refused registry, a policy): its message is shown
 * as is, without a stack. Anything else that escapes an action is treated as a bug in this project.
 */
export class UserError extends Error {
  override name = 'UserError'
}

/** A bad input: names the input, what was given and what is accepted. */
export class InputError extends UserError {
  override name = 'InputError'
  constructor(
    readonly input: string,
    readonly given: string,
    readonly accepted: string
  ) {
    super(`Input '${input}': got ${given === '' ? 'an empty value' : `'${given}'`}; expected ${accepted}.`)
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
