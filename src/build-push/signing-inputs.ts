/**
 * build-push's `sign` inputs (read as src/lib/signing/signing-inputs.ts reads them, with the key opened or the
 * signing config read before anything is built; only a pushed digest can be signed) and `provenance`, which is
 * signed the same way (with the key, or keyless).
 */
import type { Inputs } from '../lib/action/inputs.js'
import { readSigning as readSigningInputs, type Signing, type TokenEnv } from '../lib/signing/signing-inputs.js'
import { readProvenanceRun, type ProvenanceEnv, type ProvenanceMode, type ProvenanceRun } from './provenance.js'

export type { Signing }

/** `sign`, `signing-key`, `signing-key-password` and `signing-config`; signing needs `push`. */
export function readSigning(inputs: Inputs, push: boolean, env: TokenEnv = process.env): Signing {
  return readSigningInputs(inputs, push ? undefined : "'none' with push 'false' (only a pushed digest can be signed)", env)
}

export type Provenance = { mode: 'none' } | { mode: 'min' | 'max'; run: ProvenanceRun }

/**
 * `provenance`: none, or a SLSA v1 provenance signed as `sign` says (key or keyless). Unsigned provenance is refused:
 * anyone who can push to the repository could attach one, so it would prove nothing to promote-artifact's `verify`.
 */
export function readProvenance(inputs: Inputs, signing: Signing, env: ProvenanceEnv): Provenance {
  const mode = inputs.oneOf<ProvenanceMode>('provenance', ['none', 'min', 'max'], 'none')
  if (mode === 'none') return { mode }
  if (!['key', 'keyless'].includes(inputs.string('sign') ?? '')) {
    inputs.fail('provenance', mode, "'none' unless 'sign' is 'key' or 'keyless' (the provenance is signed; an unsigned one would prove nothing)")
    return { mode: 'none' }
  }
  const run = readProvenanceRun(env)
  if ('missing' in run) {
    inputs.fail('provenance', mode, `'none' here: the provenance names the workflow run, and ${run.missing.join(', ')} ${run.missing.length === 1 ? 'is' : 'are'} not set (they are on GitHub Actions)`)
    return { mode: 'none' }
  }
  return signing.mode === 'none' ? { mode: 'none' } : { mode, run }
}
