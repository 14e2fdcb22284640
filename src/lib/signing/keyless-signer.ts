/**
 * Keyless signing, as `cosign sign` does it without a key: for each statement an ephemeral key gets a short-lived
 * certificate from the signing config's Fulcio for the job's OIDC identity (on GitHub the workflow's token, which
 * needs `permissions: id-token: write`; elsewhere SIGSTORE_ID_TOKEN), the signature is logged in its Rekor and
 * timestamped by its timestamp authority when it names one. @sigstore/sign does it all but the Rekor v2 entry,
 * which is logged as cosign logs it (rekor-v2-witness.ts).
 */
import { CIContextProvider, DSSEBundleBuilder, FulcioSigner, RekorWitness, TSAWitness, type Witness } from '@sigstore/sign'
import { fulcioCertificate } from './certificate-identity.js'
import { RekorV2Witness } from './rekor-v2-witness.js'
import { buildBundle, type StatementSigner } from './sign-image.js'
import type { SigningServices } from './signing-config.js'

const TIMEOUT_MS = 30_000
const RETRY = { retries: 2 }

/** Signs statements keyless through `services` (signing-config.ts picked them from a signing config). */
export function keylessStatementSigner(services: SigningServices): StatementSigner {
  const witnesses: Witness[] = []
  if (services.tlog?.version === 2) witnesses.push(new RekorV2Witness(services.tlog.url, TIMEOUT_MS))
  else if (services.tlog) witnesses.push(new RekorWitness({ rekorBaseURL: services.tlog.url, majorApiVersion: 1, timeout: TIMEOUT_MS, retry: RETRY }))
  if (services.tsa) witnesses.push(new TSAWitness({ tsaBaseURL: services.tsa, timeout: TIMEOUT_MS, retry: RETRY }))
  const signer = new FulcioSigner({ fulcioBaseURL: services.ca, identityProvider: new CIContextProvider('sigstore'), timeout: TIMEOUT_MS, retry: RETRY })
  const builder = new DSSEBundleBuilder({ signer, witnesses })
  return async (statement) => {
    const { bundle, bytes } = await buildBundle(builder, statement)
    const material = bundle.verificationMaterial.content
    const leaf = material.$case === 'certificate' ? material.certificate.rawBytes : material.$case === 'x509CertificateChain' ? material.x509CertificateChain.certificates[0]?.rawBytes : undefined
    return { bundle: bytes, ...(leaf && { keyless: fulcioCertificate(leaf) }) }
  }
}
