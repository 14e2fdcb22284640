/**
 * What a cosign (v3) image signature signs: an in-toto v1 statement naming the image digest as its subject, with
 * cosign's sign predicate type, wrapped in a DSSE envelope inside a Sigstore bundle (v0.3) stored as an OCI referrer.
 */

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json'
export const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1'
/** cosign's predicate type for `cosign sign` in the bundle format. */
export const COSIGN_SIGN_PREDICATE = 'https://sigstore.dev/cosign/sign/v1'
/** SLSA v1 provenance, cosign's `--type slsaprovenance1`. */
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1'
/** An SPDX document as the predicate, cosign's `--type spdxjson`. */
export const SPDX_PREDICATE = 'https://spdx.dev/Document'
/** A CycloneDX BOM as the predicate, cosign's `--type cyclonedx`. */
export const CYCLONEDX_PREDICATE = 'https://cyclonedx.org/bom'
export const BUNDLE_V03_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json'
/** The referrer manifest annotations cosign writes and reads. */
export const BUNDLE_PREDICATE_ANNOTATION = 'dev.sigstore.bundle.predicateType'
export const BUNDLE_CONTENT_ANNOTATION = 'dev.sigstore.bundle.content'

export interface Statement {
  _type: string
  subject: { name?: string; digest: Record<string, string> }[]
  predicateType: string
  predicate: unknown
}

/** An in-toto v1 statement about `digest` (its only subject). */
export function statementFor(digest: string, predicateType: string, predicate: unknown): Statement {
  const [algorithm, hex] = digest.split(':') as [string, string]
  return { _type: IN_TOTO_STATEMENT_V1, subject: [{ digest: { [algorithm]: hex } }], predicateType, predicate }
}

/** The statement cosign signs for `cosign sign <image>@<digest>`. */
export function signStatement(digest: string): Statement {
  return statementFor(digest, COSIGN_SIGN_PREDICATE, {})
}

/** Why a signed statement does not sign `digest` with `predicateType`, if it does not. */
export function statementProblem(payload: Buffer, digest: string, predicateType: string): string | undefined {
  let statement: Partial<Statement>
  try {
    statement = JSON.parse(payload.toString('utf8')) as Partial<Statement>
  } catch {
    return 'the signed payload is no JSON in-toto statement'
  }
  if (statement._type !== IN_TOTO_STATEMENT_V1 && statement._type !== 'https://in-toto.io/Statement/v0.1') return `the signed payload is no in-toto statement (_type ${String(statement._type)})`
  if (statement.predicateType !== predicateType) return `it signs a ${String(statement.predicateType)} statement, not ${predicateType}`
  const [algorithm, hex] = digest.split(':') as [string, string]
  const subjects = Array.isArray(statement.subject) ? statement.subject : []
  if (!subjects.some((s) => s?.digest?.[algorithm] === hex)) {
    const named = subjects.map((s) => Object.entries(s?.digest ?? {}).map(([a, h]) => `${a}:${h}`).join(',')).join('; ')
    return `it signs ${named || 'no subject'}, not ${digest}`
  }
  return undefined
}
