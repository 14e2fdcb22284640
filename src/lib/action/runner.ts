/**
 * The runner's protocol: inputs and saved state from the environment, outputs and state written to the GITHUB_OUTPUT
 * and GITHUB_STATE files, the job summary appended to GITHUB_STEP_SUMMARY, masks, groups, log lines and the failure
 * annotation. Written the way @actions/core writes it (test/unit/lib/action/runner.test.ts compares the two byte for
 * byte), because importing @actions/core loads its HTTP client and all of undici (actions/toolkit#1621): about
 * 300 ms, three times `node -e 0`, before a bad input could be refused, and again in every run that does not need
 * them (promote-artifact uses this protocol only).
 */
import { randomUUID } from 'node:crypto'
import { accessSync, appendFileSync, constants, existsSync } from 'node:fs'
import { EOL } from 'node:os'

/** A command's message, as @actions/core escapes it: %, CR and LF. */
const escapeData = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
/** A command property's value: the message escapes, and the `:` and `,` that separate properties. */
const escapeProperty = (text: string): string => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')

function command(name: string, message: string): void {
  process.stdout.write(`::${name}::${escapeData(message)}${EOL}`)
}

/** The input as the runner passes it (`INPUT_<NAME>`, spaces as `_`), trimmed; '' when not set. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}

/** What the main step saved for the post step; '' when nothing was. */
export function getState(name: string): string {
  return process.env[`STATE_${name}`] ?? ''
}

/** A name and value appended to the runner's file for `kind` (GITHUB_STATE, GITHUB_OUTPUT) under a fresh delimiter. */
function appendKeyValue(file: string, name: string, value: string): void {
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`)
  const delimiter = `ghadelimiter_${randomUUID()}`
  if (name.includes(delimiter) || value.includes(delimiter)) throw new Error(`Unexpected input: the value contains the delimiter ${delimiter}`)
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, { encoding: 'utf8' })
}

export function saveState(name: string, value: string): void {
  const file = process.env.GITHUB_STATE
  if (!file) {
    process.stdout.write(`::save-state name=${escapeProperty(name)}::${escapeData(value)}${EOL}`)
    return
  }
  appendKeyValue(file, name, value)
}

/** A step output, as `steps.<id>.outputs.<name>`. */
export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT
  if (!file) {
    process.stdout.write(EOL)
    process.stdout.write(`::set-output name=${escapeProperty(name)}::${escapeData(value)}${EOL}`)
    return
  }
  appendKeyValue(file, name, value)
}

/** Appends Markdown (and a line end) to the job summary file; throws when there is none or it cannot be written. */
export function appendStepSummary(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (!file) throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.')
  try {
    accessSync(file, constants.R_OK | constants.W_OK)
  } catch {
    throw new Error(`Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`)
  }
  appendFileSync(file, `${markdown}${EOL}`, { encoding: 'utf8' })
}

/** Masks `secret` in every later line of the job's log. */
export function setSecret(secret: string): void {
  command('add-mask', secret)
}

export function info(message: string): void {
  process.stdout.write(message + EOL)
}

export function debug(message: string): void {
  command('debug', message)
}

export function warning(message: string): void {
  command('warning', message)
}

/** Fails the step: exit code 1 and an error annotation. */
export function setFailed(message: string): void {
  process.exitCode = 1
  command('error', message)
}

export function startGroup(name: string): void {
  command('group', name)
}

export function endGroup(): void {
  command('endgroup', '')
}

export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  startGroup(name)
  try {
    return await fn()
  } finally {
    endGroup()
  }
}
