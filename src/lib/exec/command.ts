/** Running a program with an argument vector (never a shell), with timeouts and process-group kill. */
import { spawn } from 'node:child_process'

export interface CommandResult {
  exitCode: number
  /** Set when the process ended through a signal (a timeout or a cancellation kills its whole process group). */
  signal?: NodeJS.Signals
  timedOut: boolean
  cancelled: boolean
  /** The program could not be started (not found, not executable). */
  startError?: string
  stdout: string
  stderr: string
  /** stdout and stderr interleaved as they arrived: what a person would have seen in a terminal. */
  output: string
  durationMs: number
}

export interface CommandOptions {
  cwd?: string
  /** Variables set on top of `baseEnv`. */
  env?: Record<string, string | undefined>
  /** The environment the program starts from (default: this process's); see stepEnvironment for workspace code. */
  baseEnv?: NodeJS.ProcessEnv
  /** Stream output to this process's stdout as it arrives (default). Off: capture only, print later as a group. */
  echo?: boolean
  input?: string
  timeoutMs?: number
  signal?: AbortSignal
}

const MAX_CAPTURE = 16 * 1024 * 1024

/**
 * Runs a program with an argument vector, never through a shell. A non-zero exit is a result, not an exception.
 * Unlike @actions/exec this can stop a running program (timeouts, fail-fast among parallel checks): the program gets
 * its own process group, and the whole group is killed, so `npm test` does not leave its jest workers behind.
 */
export function runCommand(argv: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
  const [program, ...args] = argv
  if (!program) return Promise.reject(new Error('runCommand needs a program'))
  const started = performance.now()
  return new Promise((resolve) => {
    let stdout = ''
    let stderr = ''
    let output = ''
    let timedOut = false
    let cancelled = false
    const append = (stream: 'out' | 'err', chunk: Buffer): void => {
      const text = chunk.toString()
      if (output.length < MAX_CAPTURE) {
        output += text
        if (stream === 'out') stdout += text
        else stderr += text
      }
      if (options.echo ?? true) process.stdout.write(text)
    }
    const child = spawn(program, args, {
      cwd: options.cwd,
      env: { ...(options.baseEnv ?? process.env), ...options.env },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: process.platform !== 'win32'
    })
    const killGroup = (): void => {
      if (child.pid === undefined || child.exitCode !== null) return
      try {
        process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGKILL')
      } catch {
        child.kill('SIGKILL')
      }
    }
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true
            killGroup()
          }, options.timeoutMs)
    const onAbort = (): void => {
      cancelled = true
      killGroup()
    }
    options.signal?.addEventListener('abort', onAbort, { once: true })
    if (options.signal?.aborted) onAbort()
    child.stdout!.on('data', (chunk: Buffer) => append('out', chunk))
    child.stderr!.on('data', (chunk: Buffer) => append('err', chunk))
    if (options.input !== undefined) child.stdin!.end(options.input)
    let startError: string | undefined
    child.on('error', (error) => {
      startError = error.message
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      resolve({
        exitCode: code ?? (startError ? 127 : 128),
        ...(signal ? { signal } : {}),
        timedOut,
        cancelled,
        ...(startError ? { startError } : {}),
        stdout,
        stderr,
        output,
        durationMs: performance.now() - started
      })
    })
  })
}
