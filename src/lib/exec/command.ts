import * as exec from '@actions/exec'

export interface CommandResult {
  exitCode: number
  stdout: string
  stderr: string
  durationMs: number
}

export interface CommandOptions {
  cwd?: string
  env?: Record<string, string>
  /** Capture without echoing to the log (for parallel runs, printed later as a group). */
  silent?: boolean
  input?: string
}

/** Runs a program with an argument vector, never through a shell; a non-zero exit is a result, not an exception. */
export async function runCommand(argv: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
  const [program, ...args] = argv
  if (!program) throw new Error('runCommand needs a program')
  const started = performance.now()
  const output = await exec.getExecOutput(program, args, {
    cwd: options.cwd,
    env: options.env ? { ...(process.env as Record<string, string>), ...options.env } : undefined,
    silent: options.silent ?? false,
    ignoreReturnCode: true,
    input: options.input === undefined ? undefined : Buffer.from(options.input)
  })
  return {
    exitCode: output.exitCode,
    stdout: output.stdout,
    stderr: output.stderr,
    durationMs: performance.now() - started
  }
}
