/**
 * The `kubeconfig` input as users give it: the content (YAML, or its base64 as kubeconfig secrets are often stored),
 * or the path of a file in the workspace or RUNNER_TEMP (written by an earlier step, e.g. a cloud login action).
 * A path is read here, so the rest of the action only ever sees content; both are masked.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import type { Inputs } from '../action/inputs.js'
import { describeRoots, type Root } from '../action/paths.js'
import { maskSecret } from '../action/secrets.js'

/** One line with no `key: value` and no flow mapping, that is not base64: a path, not content. */
export function looksLikePath(value: string): boolean {
  if (value === '' || /[\r\n]/.test(value) || /:\s|^\s*\{/.test(value)) return false
  return !/^[A-Za-z0-9+/]{16,}={0,2}$/.test(value)
}

export function readKubeconfigInput(inputs: Inputs, roots: Root[], name = 'kubeconfig'): string {
  const value = inputs.raw(name, { secret: true })
  if (!looksLikePath(value)) return value
  const file = inputs.path(name, { base: roots[0]!.dir, roots })
  if (file === undefined) return ''
  if (!existsSync(file) || !statSync(file).isFile()) {
    inputs.fail(name, value, `kubeconfig content (YAML or its base64), or the path of a kubeconfig file in ${describeRoots(roots)}; there is no file at ${file}`)
    return ''
  }
  const content = readFileSync(file, 'utf8')
  maskSecret(content)
  return content
}
