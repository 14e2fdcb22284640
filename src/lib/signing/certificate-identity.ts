/**
 * The identity a Fulcio certificate names, read the way @sigstore/verify reads it: the subject alternative name,
 * and the OIDC issuer extension (1.3.6.1.4.1.57264.1.8, a DER UTF8String; the deprecated .1.1 holds raw text).
 */
import { X509Certificate } from '@sigstore/core'
import type { CertificateIdentity } from './trust.js'

const OID_FULCIO_ISSUER_V1 = '1.3.6.1.4.1.57264.1.1'
const OID_FULCIO_ISSUER_V2 = '1.3.6.1.4.1.57264.1.8'

/** The embedded SCT list extension (RFC 6962): the certificate was logged in a certificate transparency log. */
const OID_SCT_LIST = '1.3.6.1.4.1.11129.2.4.2'

/** Whom a Fulcio certificate (DER) names, and whether it carries an SCT. */
export function fulcioCertificate(der: Buffer): { identity: CertificateIdentity; sct: boolean } {
  const cert = X509Certificate.parse(Buffer.from(der))
  return { identity: identityOf(cert), sct: cert.extension(OID_SCT_LIST) !== undefined }
}

function identityOf(cert: X509Certificate): CertificateIdentity {
  const v2 = cert.extension(OID_FULCIO_ISSUER_V2)
  const issuer = v2 ? v2.valueObj.subs?.[0]?.value.toString('ascii') : cert.extension(OID_FULCIO_ISSUER_V1)?.value.toString('ascii')
  return { ...(cert.subjectAltName !== undefined && { subject: cert.subjectAltName }), ...(issuer !== undefined && { issuer }) }
}
