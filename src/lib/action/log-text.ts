/** Text from outside (response bodies, pod logs, registry and API errors) in the log, where it cannot act as a command. */
import * as core from './runner.js'

/**
 * The runner reads a log line as a workflow command when, after leading white space, it starts with `::` (or the old
 * `##[`). A line of outside text that does is quoted with `> `, so it reads as text and the runner ignores it; every
 * other line passes unchanged.
 */
export function neutraliseCommands(text: string): string {
  return text.replace(/^(\s*)(::|##\[)/gm, '> $1$2')
}

/** Outside text inside a message of one line: line breaks shown as `\n`. */
export function oneLine(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '\\n')
}

/** core.info for messages that may carry outside text. */
export function logText(message: string): void {
  core.info(neutraliseCommands(message))
}
