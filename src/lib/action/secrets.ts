/** Masking secrets in the job log, multi-line ones included. */
import * as core from './runner.js'

/** Runs of key, token or base64 characters long enough to be credentials rather than structure. */
const CREDENTIAL_LIKE = /[A-Za-z0-9+/=_.~-]{16,}/g

/**
 * Lower-case words joined by `-`, `_` or `.` (`certificate-authority-data`, `pipeline-actions`, `my-cluster.internal`)
 * are a kubeconfig's keys and names, not its credentials; masking them would blank those words in every later line of
 * the job. Generated tokens, keys and base64 carry a digit or upper case.
 */
const WORDS_ONLY = /^[a-z]+(?:[-_.][a-z]+)*$/

function credentialLike(run: string): boolean {
  return !WORDS_ONLY.test(run)
}

/**
 * Masks a secret in every later log line of the job. The runner matches masks line by line, so a multi-line secret
 * (a kubeconfig, a PEM key, header lines) is also masked through its credential-like parts: every run of 16 or more
 * token characters that is not plain lower-case words. Its structural lines (`kind: Config`, `- name: admin`) and
 * long key names are not masked, because a mask applies to the whole job's log and would blank those words wherever
 * they appear.
 */
export function maskSecret(value: string): void {
  if (value.trim() === '') return
  core.setSecret(value)
  if (!/[\r\n]/.test(value)) return
  for (const part of new Set(value.match(CREDENTIAL_LIKE) ?? [])) if (credentialLike(part)) core.setSecret(part)
}
