/** Reading and validating action inputs, every problem reported at once. */
import * as core from './runner.js'
import { DURATION_FORMS, parseDuration } from '../duration.js'
import { InputError, InputErrors } from './errors.js'
import { globProblem, placePath, type Root } from './paths.js'
import { maskSecret } from './secrets.js'
import { maskUrlCredentials, urlCredentialsProblem } from './urls.js'

/** Where raw input text comes from; the runner passes inputs as INPUT_<NAME> variables (runner.ts reads them). */
export type InputSource = (name: string) => string

export const runnerInputs: InputSource = (name) => core.getInput(name)

interface Common {
  /** Never echo the value in an error, and mask it in the log. */
  secret?: boolean
}

export interface KeyValue {
  key: string
  value: string
  /** 1-based line number within the input, for error messages. */
  line: number
}

/**
 * Reads and validates inputs. Each reader records a problem instead of throwing, so `done()` can report every bad
 * input at once, before the action does anything.
 */
export class Inputs {
  private readonly problems: InputError[] = []

  constructor(private readonly source: InputSource = runnerInputs) {}

  /** The trimmed text as given ('' when unset). Credentials written into a URL in any input are masked. */
  raw(name: string, options: Common = {}): string {
    const value = this.source(name).trim()
    if (options.secret && value !== '') maskSecret(value)
    maskUrlCredentials(value)
    return value
  }

  /** Record a problem found by action-specific validation. */
  fail(name: string, given: string, accepted: string): void {
    this.problems.push(new InputError(name, given, accepted))
  }

  /** Throws every recorded problem together; call before the first side effect. */
  done(): void {
    if (this.problems.length > 0) throw new InputErrors(this.problems)
  }

  get failed(): boolean {
    return this.problems.length > 0
  }

  string(name: string, options: Common & { required?: boolean; default?: string } = {}): string {
    const value = this.raw(name, options)
    if (value !== '') return value
    if (options.required) this.fail(name, '', 'a value (this input is required)')
    return options.default ?? ''
  }

  optionalString(name: string, options: Common = {}): string | undefined {
    const value = this.raw(name, options)
    return value === '' ? undefined : value
  }

  /** YAML 1.2 core-schema booleans, as @actions/core accepts them. */
  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name)
    if (value === '') return fallback
    if (['true', 'True', 'TRUE'].includes(value)) return true
    if (['false', 'False', 'FALSE'].includes(value)) return false
    this.fail(name, value, "'true' or 'false'")
    return fallback
  }

  integer(name: string, options: { default: number; min?: number; max?: number }): number
  integer(name: string, options: { default?: undefined; min?: number; max?: number }): number | undefined
  integer(name: string, options: { default?: number; min?: number; max?: number }): number | undefined {
    const value = this.raw(name)
    if (value === '') return options.default
    const parsed = /^[+-]?\d+$/.test(value) ? Number(value) : NaN
    if (!Number.isSafeInteger(parsed) || !inRange(parsed, options.min, options.max)) {
      this.fail(name, value, `a whole number${describeRange(options.min, options.max)}`)
      return options.default
    }
    return parsed
  }

  number(name: string, options: { default?: number; min?: number; max?: number } = {}): number | undefined {
    const value = this.raw(name)
    if (value === '') return options.default
    const parsed = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value) ? Number(value) : NaN
    if (!Number.isFinite(parsed) || !inRange(parsed, options.min, options.max)) {
      this.fail(name, value, `a number${describeRange(options.min, options.max)}`)
      return options.default
    }
    return parsed
  }

  /** A percentage from 0 to 100, written `80`, `80.5` or `80%`. */
  percentage(name: string, options: { default?: number } = {}): number | undefined {
    const value = this.raw(name)
    if (value === '') return options.default
    const parsed = /^\d+(\.\d+)?%?$/.test(value) ? Number(value.replace('%', '')) : NaN
    if (!(parsed >= 0 && parsed <= 100)) {
      this.fail(name, value, "a percentage from 0 to 100, such as '80' or '80%'")
      return options.default
    }
    return parsed
  }

  /** Milliseconds. */
  duration(name: string, options: { default: string; min?: number; max?: number }): number {
    const fallback = parseDuration(options.default)!
    const value = this.raw(name)
    if (value === '') return fallback
    const parsed = parseDuration(value)
    if (parsed === undefined || !inRange(parsed, options.min, options.max)) {
      this.fail(name, value, `${DURATION_FORMS}${describeRange(options.min, options.max, 'ms')}`)
      return fallback
    }
    return parsed
  }

  oneOf<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const value = this.raw(name)
    if (value === '') return fallback
    const match = choices.find((choice) => choice === value.toLowerCase())
    if (match === undefined) {
      this.fail(name, value, `one of ${choices.map((c) => `'${c}'`).join(', ')}`)
      return fallback
    }
    return match
  }

  /** Items separated by commas or new lines; blank items and `#` comment lines are dropped. */
  list(name: string, options: Common = {}): string[] {
    return splitLines(this.notJsonList(name, this.raw(name, options), 'items separated by commas or new lines'))
      .flatMap((line) => line.text.split(','))
      .map((item) => item.trim())
      .filter((item) => item !== '')
  }

  /** One item per line; blank and `#` comment lines are dropped. */
  lines(name: string, options: Common = {}): string[] {
    return splitLines(this.notJsonList(name, this.raw(name, options), 'one item per line')).map((line) => line.text)
  }

  /**
   * A JSON list where a newline list is expected (`fromJSON` output of another tool, or `["a","b"]` typed by hand)
   * would become one strange item: say so instead, and read nothing from it.
   */
  private notJsonList(name: string, value: string, accepted: string): string {
    if (!/^\[[\s\S]*\]$/.test(value)) return value
    try {
      if (!Array.isArray(JSON.parse(value))) return value
    } catch {
      return value
    }
    this.fail(name, value, `${accepted}, not a JSON list (build-push's \`tags\` output is already one reference per line)`)
    return ''
  }

  /** `key: value` lines (the first ': ' or ':' splits). Lines without a key are reported. */
  keyValues(name: string, options: Common & { what?: string } = {}): KeyValue[] {
    const entries: KeyValue[] = []
    for (const { text, line } of splitLines(this.raw(name, options))) {
      const colon = text.indexOf(':')
      const key = colon > 0 ? text.slice(0, colon).trim() : ''
      const value = colon > 0 ? text.slice(colon + 1).trim() : ''
      if (key === '' || value === '') {
        this.fail(name, options.secret ? `line ${line}` : `line ${line}: ${text}`, `lines of the form '${options.what ?? 'name: value'}'`)
        continue
      }
      entries.push({ key, value, line })
    }
    return entries
  }

  /**
   * An http(s) URL, or undefined when empty. Credentials in it are refused (redacted in the message): `auth` says
   * which inputs take them instead.
   */
  httpUrl(name: string, options: { auth: string; what?: string }): string | undefined {
    const value = this.optionalString(name)
    if (value !== undefined && this.checkUrl(name, value, options)) return value
    return undefined
  }

  /** http(s) URLs, one per line (`perLine`) or separated by commas or new lines; credentials refused as by httpUrl. */
  httpUrls(name: string, options: { auth: string; perLine?: boolean; what?: string }): string[] {
    const values = options.perLine ? this.lines(name) : this.list(name)
    return values.filter((value) => this.checkUrl(name, value, options))
  }

  /** Records a problem when `text` (a URL, or a line holding URLs) carries credentials; true when it carries none. */
  noUrlCredentials(name: string, given: string, text: string, auth: string): boolean {
    const problem = urlCredentialsProblem(text, auth)
    if (problem !== undefined) this.fail(name, given, problem)
    return problem === undefined
  }

  private checkUrl(name: string, value: string, options: { auth: string; what?: string }): boolean {
    if (!this.noUrlCredentials(name, value, value, options.auth)) return false
    let url: URL | undefined
    try {
      url = new URL(value)
    } catch {
      url = undefined
    }
    if (url && (url.protocol === 'http:' || url.protocol === 'https:')) return true
    this.fail(name, value, options.what ?? 'http:// or https:// URLs')
    return false
  }

  /**
   * A path (file or directory), absolute, resolved against `base`; refused unless it lies inside one of `roots`,
   * also when symbolic links are followed. Undefined when empty and no default is given.
   */
  path(name: string, options: { base: string; roots: Root[]; default?: string }): string | undefined {
    const value = this.raw(name) || options.default
    if (value === undefined || value === '') return undefined
    const placed = placePath(value, options.base, options.roots)
    if ('problem' in placed) {
      this.fail(name, value, placed.problem)
      return undefined
    }
    return placed.path
  }

  /** Glob patterns separated by commas or new lines; a pattern that could reach outside `roots` is refused. */
  globs(name: string, options: { roots: Root[] }): string[] {
    const patterns = this.list(name)
    for (const pattern of patterns) {
      const problem = globProblem(pattern, options.roots)
      if (problem !== undefined) this.fail(name, pattern, problem)
    }
    return patterns
  }

  /** HTTP headers, one `Name: value` per line; the values are secrets (masked, never echoed in an error). */
  headers(name: string): Record<string, string> {
    const headers: Record<string, string> = {}
    for (const { key, value } of this.keyValues(name, { secret: true, what: 'Header-Name: value' })) {
      if (!HEADER_NAME.test(key)) this.fail(name, key, 'HTTP header names (letters, digits, -)')
      else {
        maskSecret(value)
        headers[key] = value
      }
    }
    return headers
  }
}

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

function splitLines(text: string): { text: string; line: number }[] {
  return text
    .split(/\r?\n/)
    .map((value, index) => ({ text: value.trim(), line: index + 1 }))
    .filter((entry) => entry.text !== '' && !entry.text.startsWith('#'))
}

function inRange(value: number, min?: number, max?: number): boolean {
  return (min === undefined || value >= min) && (max === undefined || value <= max)
}

function describeRange(min?: number, max?: number, unit = ''): string {
  if (min !== undefined && max !== undefined) return ` from ${min}${unit} to ${max}${unit}`
  if (min !== undefined) return ` of at least ${min}${unit}`
  if (max !== undefined) return ` of at most ${max}${unit}`
  return ''
}
