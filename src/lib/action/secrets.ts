import * as core from '@actions/core'

/**
 * Masks a secret in every later log line. The runner masks line by line, so a multi-line secret (a kubeconfig, a
 * PEM key) is masked per line as well as whole.
 */
export function maskSecret(value: string): void {
  if (value.trim() === '') return
  core.setSecret(value)
  for (const line of value.split(/\r?\n/)) {
    const trimmed = line.trim()
    // Masking very short fragments ('{', '---') would blank out unrelated log text.
    if (trimmed.length >= 6 && trimmed !== value) core.setSecret(trimmed)
  }
}
