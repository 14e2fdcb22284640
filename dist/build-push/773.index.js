export const id = 773;
export const ids = [773];
export const modules = {

/***/ 29773:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// UNUSED EXPORTS: post

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(96421);
// EXTERNAL MODULE: ./src/lib/action/errors.ts
var errors = __webpack_require__(49471);
// EXTERNAL MODULE: ./src/lib/action/inputs.ts + 1 modules
var action_inputs = __webpack_require__(43091);
// EXTERNAL MODULE: ./src/lib/github/event.ts
var github_event = __webpack_require__(26959);
// EXTERNAL MODULE: ./src/lib/oci/reference.ts
var oci_reference = __webpack_require__(25996);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./node_modules/@sigstore/sign/dist/index.js
var dist = __webpack_require__(15179);
// EXTERNAL MODULE: ./node_modules/@sigstore/core/dist/index.js
var core_dist = __webpack_require__(83917);
;// CONCATENATED MODULE: ./src/lib/signing/certificate-identity.ts
/**
 * The identity a Fulcio certificate names, read the way @sigstore/verify reads it: the subject alternative name,
 * and the OIDC issuer extension (1.3.6.1.4.1.57264.1.8, a DER UTF8String; the deprecated .1.1 holds raw text).
 */

const OID_FULCIO_ISSUER_V1 = '1.3.6.1.4.1.57264.1.1';
const OID_FULCIO_ISSUER_V2 = '1.3.6.1.4.1.57264.1.8';
/** The embedded SCT list extension (RFC 6962): the certificate was logged in a certificate transparency log. */
const OID_SCT_LIST = '1.3.6.1.4.1.11129.2.4.2';
/** Whom a Fulcio certificate (DER) names, and whether it carries an SCT. */
function fulcioCertificate(der) {
    const cert = core_dist.X509Certificate.parse(Buffer.from(der));
    return { identity: identityOf(cert), sct: cert.extension(OID_SCT_LIST) !== undefined };
}
function identityOf(cert) {
    const v2 = cert.extension(OID_FULCIO_ISSUER_V2);
    const issuer = v2 ? v2.valueObj.subs?.[0]?.value.toString('ascii') : cert.extension(OID_FULCIO_ISSUER_V1)?.value.toString('ascii');
    return { ...(cert.subjectAltName !== undefined && { subject: cert.subjectAltName }), ...(issuer !== undefined && { issuer }) };
}

// EXTERNAL MODULE: ./node_modules/@sigstore/protobuf-specs/dist/index.js
var protobuf_specs_dist = __webpack_require__(19654);
// EXTERNAL MODULE: ./node_modules/@sigstore/protobuf-specs/dist/rekor/v2/index.js
var v2 = __webpack_require__(13835);
// EXTERNAL MODULE: ./node_modules/@sigstore/bundle/dist/index.js
var bundle_dist = __webpack_require__(61040);
// EXTERNAL MODULE: ./node_modules/@sigstore/verify/dist/index.js
var verify_dist = __webpack_require__(54187);
;// CONCATENATED MODULE: ./src/lib/oci/digest.ts
/** Content digests (sha256) and the tags derived from them. */

function sha256Digest(bytes) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
}
/** The tag the OCI 1.1 referrers fallback uses for a subject: `sha256:abc` -> `sha256-abc`. */
function digest_referrersTag(digest) {
    return digest.replace(':', '-');
}

;// CONCATENATED MODULE: ./src/lib/oci/media-types.ts
/** Manifest media types and the few manifest fields a copy needs (the bytes themselves are never re-serialised). */
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const MANIFEST_TYPES = [OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST];
const MANIFEST_ACCEPT = MANIFEST_TYPES.join(', ');
function isIndexType(mediaType) {
    return mediaType === OCI_INDEX || mediaType === DOCKER_MANIFEST_LIST;
}
/** Layers marked non-distributable (Windows base layers) live elsewhere and are never copied. */
function isForeignLayer(descriptor) {
    return /nondistributable|foreign/.test(descriptor.mediaType) && (descriptor.urls?.length ?? 0) > 0;
}
/** Reads the structure of manifest bytes; `contentType` (the registry's header) wins over the `mediaType` field. */
function parseManifest(bytes, contentType) {
    const json = JSON.parse(Buffer.from(bytes).toString('utf8'));
    const headerType = contentType?.split(';')[0]?.trim();
    const mediaType = headerType && MANIFEST_TYPES.includes(headerType)
        ? headerType
        : (json.mediaType ?? (json.manifests ? OCI_INDEX : OCI_MANIFEST));
    const isIndex = isIndexType(mediaType) || (json.manifests !== undefined && json.layers === undefined);
    return {
        mediaType,
        isIndex,
        manifests: json.manifests ?? [],
        blobs: [...(json.config ? [json.config] : []), ...(json.layers ?? [])],
        ...(json.subject && { subject: json.subject }),
        ...(json.artifactType && { artifactType: json.artifactType })
    };
}
/** A platform as `os/architecture[/variant]`. */
const platformText = (p) => [p.os, p.architecture, p.variant].filter(Boolean).join('/');
/**
 * The platform manifests of an index, each with its platform as text: not the attestation manifests buildx adds
 * (platform `unknown/unknown`), nor entries without a platform. A single manifest has none.
 */
function platformManifests(parsed) {
    return parsed.manifests
        .filter((m) => m.platform?.os && m.platform.os !== 'unknown' && m.platform.architecture && m.platform.architecture !== 'unknown')
        .map((m) => ({ ...m, platformText: platformText(m.platform) }));
}

// EXTERNAL MODULE: ./src/lib/signing/statement.ts
var signing_statement = __webpack_require__(75882);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./src/lib/signing/trust.ts

const TRUSTED_ROOT_MEDIA_TYPE = /^application\/vnd\.dev\.sigstore\.trustedroot(\.v[\d.]+)?\+json/;
/** Why a parsed trusted_root.json cannot serve keyless verification, if it cannot (checked with the inputs). */
function trustedRootProblem(json) {
    if (typeof json !== 'object' || json === null)
        return 'it is no JSON object';
    const root = json;
    if (typeof root.mediaType !== 'string' || !TRUSTED_ROOT_MEDIA_TYPE.test(root.mediaType))
        return `its mediaType is ${JSON.stringify(root.mediaType)}, not application/vnd.dev.sigstore.trustedroot+json`;
    if (!Array.isArray(root.certificateAuthorities) || root.certificateAuthorities.length === 0)
        return 'it lists no certificate authority (certificateAuthorities)';
    const logs = Array.isArray(root.tlogs) ? root.tlogs.length : 0;
    const tsas = Array.isArray(root.timestampAuthorities) ? root.timestampAuthorities.length : 0;
    if (logs + tsas === 0)
        return 'it lists neither a transparency log (tlogs) nor a timestamp authority, so no signing time could be verified';
    return undefined;
}
/** Why a certificate's identity does not meet the policy, if it does not. */
function identityProblem(found, policy) {
    const subject = found.subject ?? '(none)';
    const issuer = found.issuer ?? '(none)';
    if (policy.identity !== undefined && found.subject !== policy.identity)
        return `it is signed by ${subject}, not ${policy.identity}`;
    if (policy.identityRegExp && !(found.subject !== undefined && policy.identityRegExp.test(found.subject)))
        return `it is signed by ${subject}, which does not match ${policy.identityRegExp.source}`;
    if (policy.issuer !== undefined && found.issuer !== policy.issuer)
        return `its signer's token was issued by ${issuer}, not ${policy.issuer}`;
    if (policy.issuerRegExp && !(found.issuer !== undefined && policy.issuerRegExp.test(found.issuer)))
        return `its signer's token was issued by ${issuer}, which does not match ${policy.issuerRegExp.source}`;
    return undefined;
}
/** How a message names the trust: `with the public key`, or `keyless as <identity> (issuer <issuer>)`. */
function trustPhrase(trust) {
    return trust.kind === 'key' ? 'with the public key' : keylessPhrase(trust.identity, (text) => text);
}
/** `keyless as <identity> (issuer <issuer>)`, each name (or pattern) passed through `code`. */
function keylessPhrase({ identity, identityRegExp, issuer, issuerRegExp }, code) {
    const who = identity !== undefined ? code(identity) : `an identity matching ${code(identityRegExp?.source ?? '')}`;
    const by = issuer !== undefined ? code(issuer) : `matching ${code(issuerRegExp?.source ?? '')}`;
    return `keyless as ${who} (issuer ${by})`;
}
/** The policy in cosign's flags, for messages and for the command a user runs. */
function identityFlags(policy) {
    return [
        ...(policy.identity !== undefined ? ['--certificate-identity', policy.identity] : []),
        ...(policy.identityRegExp ? ['--certificate-identity-regexp', policy.identityRegExp.source] : []),
        ...(policy.issuer !== undefined ? ['--certificate-oidc-issuer', policy.issuer] : []),
        ...(policy.issuerRegExp ? ['--certificate-oidc-issuer-regexp', policy.issuerRegExp.source] : [])
    ];
}
/** The cosign flags that name the same signer (for the commands the summary shows). */
function cosignSignerFlags(policy) {
    if (policy.kind === 'key')
        return ['--key', 'cosign.pub', '--insecure-ignore-tlog'];
    if (policy.trustedRoot === undefined)
        return identityFlags(policy.identity);
    let ctlogs;
    try {
        ctlogs = (JSON.parse(readFileSync(policy.trustedRoot, 'utf8')).ctlogs ?? []).length;
    }
    catch {
        // Checked with the inputs; the flags stay what they would be with a CT log.
        ctlogs = 1;
    }
    return [...identityFlags(policy.identity), '--trusted-root', policy.trustedRoot, ...(ctlogs === 0 ? ['--insecure-ignore-sct'] : [])];
}
/** How the summary names the signer: with `public-key`, or keyless as an identity. */
function signerPhrase(policy) {
    return policy.kind === 'key' ? 'with `public-key`' : keylessPhrase(policy.identity, (text) => `\`${text}\``);
}

;// CONCATENATED MODULE: ./src/lib/signing/verify-image.ts
/**
 * Verifies an image digest's cosign signatures against a public key, as `cosign verify --key <pub>
 * --insecure-ignore-tlog` does, or keyless against a trust root and a certificate identity, as `cosign verify
 * --certificate-identity … --certificate-oidc-issuer … [--trusted-root …]` does: Sigstore bundles stored as OCI
 * referrers (cosign v3's default; checked with @sigstore/verify, and the signed in-toto statement must name the digest
 * with cosign's sign predicate), and, with a key, the classic `sha256-<hex>.sig` tag (cosign v2: a simple-signing
 * payload naming the digest, ECDSA over its bytes, checked with node:crypto). Attestations (`cosign verify-attestation --key --type <type>`) are the same bundles with
 * another predicate type, or cosign v2's `sha256-<hex>.att` tag (DSSE envelope layers, checked with node:crypto over
 * the DSSE pre-authentication encoding): verifyImageAttestations returns each verified statement for the caller's
 * policy. Reads only; every signature that does not verify is reported with the reason.
 */







/** cosign's classic signature layers. */
const SIMPLE_SIGNING_MEDIA_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json';
const COSIGN_SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';
/** cosign v2's attestation layers (`sha256-<hex>.att`). */
const DSSE_ENVELOPE_MEDIA_TYPE = 'application/vnd.dsse.envelope.v1+json';
const BUNDLE_LAYER = /^application\/vnd\.dev\.sigstore\.bundle(\.v[\d.]+)?\+json/;
/** A signature blob larger than this is no signature. */
const MAX_BLOB = 4 * 1024 * 1024;
/** Trust material holding only the given key (no CA, transparency log or timestamp authority). */
function keyTrust(key) {
    return { certificateAuthorities: [], timestampAuthorities: [], tlogs: [], ctlogs: [], publicKey: () => ({ publicKey: key, validFor: () => true }) };
}
/** Verifies one Sigstore bundle (JSON bytes) as a cosign signature of `digest`; the reason when it does not. */
function bundleProblem(json, digest, trust, predicateType = COSIGN_SIGN_PREDICATE) {
    const checked = checkBundle(json, digest, trust, predicateType);
    return typeof checked === 'string' ? checked : undefined;
}
/** The statement a bundle signs, verified by `trust` to be a `predicateType` statement about `digest`; else the reason. */
function checkBundle(json, digest, trust, predicateType) {
    let bundle;
    try {
        bundle = (0,bundle_dist.bundleFromJSON)(JSON.parse(json.toString('utf8')));
    }
    catch (error) {
        return `it is no Sigstore bundle (${error.message})`;
    }
    if (bundle.content.$case !== 'dsseEnvelope')
        return 'the bundle holds a message signature, not a signed in-toto statement';
    const why = trust.kind === 'key' ? keyProblem(bundle, trust.key) : keylessProblem(bundle, trust);
    if (why)
        return why;
    const payload = bundle.content.dsseEnvelope.payload;
    return (0,signing_statement/* statementProblem */.hy)(payload, digest, predicateType) ?? { statement: JSON.parse(payload.toString('utf8')) };
}
function keyProblem(bundle, key) {
    if (bundle.verificationMaterial.content.$case !== 'publicKey')
        return 'it is signed keyless (a certificate), not with a key';
    // The key is the trust: transparency-log entries and timestamps are not checked (cosign's --insecure-ignore-tlog).
    const keyOnly = { ...bundle, verificationMaterial: { ...bundle.verificationMaterial, tlogEntries: [], timestampVerificationData: { rfc3161Timestamps: [] } } };
    try {
        new verify_dist/* Verifier */.BL(keyTrust(key), { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }).verify((0,verify_dist/* toSignedEntity */.DC)(keyOnly));
    }
    catch (error) {
        const message = error.message;
        return /signature/i.test(message) ? 'the signature does not verify with the public key (another key signed it, or the payload was altered)' : message;
    }
    return undefined;
}
/**
 * A keyless bundle must verify against the trust root as cosign verifies it: the certificate chains to one of its
 * CAs at a time a transparency-log entry or timestamp proves (one at least), the log entry verifies with its log key,
 * the certificate carries an SCT when the root lists CT logs, the signature verifies with the certificate's key;
 * and the certificate names the identity the policy asks for.
 */
function keylessProblem(bundle, trust) {
    if (bundle.verificationMaterial.content.$case === 'publicKey')
        return 'it is signed with a key, not keyless (a certificate)';
    let identity;
    try {
        identity = new verify_dist/* Verifier */.BL(trust.material, { tlogThreshold: 1, ctlogThreshold: trust.requireSct ? 1 : 0, timestampThreshold: 1 }).verify((0,verify_dist/* toSignedEntity */.DC)(bundle)).identity;
    }
    catch (error) {
        const message = error.message;
        const why = /mismatch|signature/i.test(message) ? `the signature does not match what it signs (the statement was altered, or another key signed it): ${message}` : message;
        return `it does not verify against ${trust.root}: ${why}`;
    }
    return identityProblem({ subject: identity?.subjectAlternativeName, issuer: identity?.extensions?.issuer }, trust.identity);
}
/** Verifies one classic cosign layer: the payload must name the digest and the signature verify over its bytes. */
function simpleSigningProblem(payload, signatureBase64, digest, key) {
    if (!signatureBase64)
        return `the layer has no ${COSIGN_SIGNATURE_ANNOTATION} annotation`;
    if (!(0,external_node_crypto_.verify)('sha256', payload, { key, dsaEncoding: 'der' }, Buffer.from(signatureBase64, 'base64'))) {
        return 'the signature does not verify with the public key (another key signed it, or the payload was altered)';
    }
    let named;
    try {
        named = JSON.parse(payload.toString('utf8')).critical?.image?.['docker-manifest-digest'];
    }
    catch {
        return 'the signed payload is no JSON simple-signing document';
    }
    return named === digest ? undefined : `it signs ${String(named)}, not ${digest}`;
}
/** The DSSE pre-authentication encoding, the bytes a DSSE signature signs. */
function preAuthEncoding(payloadType, payload) {
    const type = Buffer.from(payloadType, 'utf8');
    return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
}
/** Verifies one DSSE envelope (JSON bytes, cosign v2's `.att` layer) as a `predicateType` attestation of `digest`; the statement, or the reason. */
function checkEnvelope(json, digest, key, predicateType) {
    let envelope;
    try {
        envelope = JSON.parse(json.toString('utf8'));
    }
    catch {
        return 'it is no JSON DSSE envelope';
    }
    if (envelope.payloadType !== 'application/vnd.in-toto+json' || typeof envelope.payload !== 'string')
        return `it is no DSSE envelope of an in-toto statement (payloadType ${String(envelope.payloadType)})`;
    const payload = Buffer.from(envelope.payload, 'base64');
    const signed = preAuthEncoding(envelope.payloadType, payload);
    const signatures = Array.isArray(envelope.signatures) ? envelope.signatures : [];
    if (!signatures.some((s) => typeof s?.sig === 'string' && (0,external_node_crypto_.verify)('sha256', signed, { key, dsaEncoding: 'der' }, Buffer.from(s.sig, 'base64')))) {
        return 'the signature does not verify with the public key (another key signed it, or the payload was altered)';
    }
    return (0,signing_statement/* statementProblem */.hy)(payload, digest, predicateType) ?? { statement: JSON.parse(payload.toString('utf8')) };
}
async function readBlob(client, repository, descriptor) {
    if (descriptor.size > MAX_BLOB)
        throw new Error(`its ${descriptor.size}-byte layer is too large for a signature`);
    const { body } = await client.openBlob(repository, descriptor.digest);
    const chunks = [];
    let size = 0;
    for await (const chunk of body) {
        size += chunk.length;
        if (size > MAX_BLOB) {
            body.destroy();
            throw new Error('its layer is too large for a signature');
        }
        chunks.push(chunk);
    }
    const bytes = Buffer.concat(chunks);
    if (sha256Digest(bytes) !== descriptor.digest)
        throw new Error(`its layer ${descriptor.digest} was served with other content`);
    return bytes;
}
/** False when a referrer manifest's annotations name another predicate type (a signature is no provenance, and the reverse). */
function holdsPredicate(bytes, predicateType) {
    try {
        const named = JSON.parse(Buffer.from(bytes).toString('utf8')).annotations?.['dev.sigstore.bundle.predicateType'];
        return named === undefined || named === predicateType;
    }
    catch {
        return true;
    }
}
async function bundleVerdicts(client, repository, digest, trust, predicateType = signing_statement/* COSIGN_SIGN_PREDICATE */.u) {
    const { descriptors } = await client.referrers(repository, digest);
    const verdicts = [];
    for (const descriptor of descriptors) {
        const predicate = descriptor.annotations?.['dev.sigstore.bundle.predicateType'];
        if (!BUNDLE_LAYER.test(descriptor.artifactType ?? '') || (predicate !== undefined && predicate !== predicateType))
            continue;
        const where = `referrer ${descriptor.digest}`;
        try {
            const manifest = await client.getManifest(repository, descriptor.digest);
            if (!manifest)
                throw new Error('it is listed but does not exist');
            // A fallback index (no referrers API) lists referrers without their annotations: the manifest's own say what it holds.
            if (predicate === undefined && !holdsPredicate(manifest.bytes, predicateType))
                continue;
            const parsed = parseManifest(manifest.bytes, manifest.mediaType);
            if (parsed.subject?.digest !== digest)
                throw new Error(`its subject is ${parsed.subject?.digest ?? 'missing'}, not ${digest}`);
            const layers = parsed.blobs.slice(1);
            if (layers.length !== 1 || !BUNDLE_LAYER.test(layers[0].mediaType))
                throw new Error('it does not hold exactly one Sigstore bundle layer');
            const checked = checkBundle(await readBlob(client, repository, layers[0]), digest, trust, predicateType);
            verdicts.push(typeof checked === 'string' ? { where, format: 'sigstore-bundle', verified: false, why: checked } : { where, format: 'sigstore-bundle', verified: true, statement: checked.statement });
        }
        catch (error) {
            verdicts.push({ where, format: 'sigstore-bundle', verified: false, why: error.message });
        }
    }
    return verdicts;
}
/** Why cosign v2's tag formats are not checked keyless. */
const TAG_KEYLESS = "cosign v2's tag signatures are checked with a key only; keyless signatures are checked as Sigstore bundles (cosign v3, or cosign v2 with --new-bundle-format)";
async function tagVerdicts(client, repository, digest, trust) {
    const tag = `${digest_referrersTag(digest)}.sig`;
    const manifest = await client.getManifest(repository, tag);
    if (!manifest)
        return [];
    if (trust.kind !== 'key')
        return [{ where: tag, format: 'cosign-tag', verified: false, why: TAG_KEYLESS }];
    const { key } = trust;
    const layers = parseManifest(manifest.bytes, manifest.mediaType).blobs.slice(1);
    const verdicts = [];
    for (const [i, layer] of layers.entries()) {
        const where = `${tag} layer ${i + 1}`;
        if (layer.mediaType !== SIMPLE_SIGNING_MEDIA_TYPE)
            continue;
        try {
            const why = simpleSigningProblem(await readBlob(client, repository, layer), layer.annotations?.[COSIGN_SIGNATURE_ANNOTATION], digest, key);
            verdicts.push({ where, format: 'cosign-tag', verified: why === undefined, ...(why !== undefined && { why }) });
        }
        catch (error) {
            verdicts.push({ where, format: 'cosign-tag', verified: false, why: error.message });
        }
    }
    return verdicts;
}
/** Every cosign signature of `digest` in `repository`, each verified by `trust`. */
async function verifyImageSignatures(client, repository, digest, trust) {
    const [bundles, tags] = await Promise.all([bundleVerdicts(client, repository, digest, trust), tagVerdicts(client, repository, digest, trust)]);
    const verdicts = [...bundles, ...tags];
    return { digest, verdicts, verified: verdicts.some((v) => v.verified) };
}
async function attTagVerdicts(client, repository, digest, trust, predicateType) {
    const tag = `${digest_referrersTag(digest)}.att`;
    const manifest = await client.getManifest(repository, tag);
    if (!manifest)
        return [];
    if (trust.kind !== 'key')
        return [{ where: tag, format: 'cosign-att-tag', verified: false, why: TAG_KEYLESS }];
    const { key } = trust;
    const layers = parseManifest(manifest.bytes, manifest.mediaType).blobs.slice(1);
    const verdicts = [];
    for (const [i, layer] of layers.entries()) {
        const predicate = layer.annotations?.predicateType;
        if (layer.mediaType !== DSSE_ENVELOPE_MEDIA_TYPE || (predicate !== undefined && predicate !== predicateType))
            continue;
        const where = `${tag} layer ${i + 1}`;
        try {
            const checked = checkEnvelope(await readBlob(client, repository, layer), digest, key, predicateType);
            verdicts.push(typeof checked === 'string' ? { where, format: 'cosign-att-tag', verified: false, why: checked } : { where, format: 'cosign-att-tag', verified: true, statement: checked.statement });
        }
        catch (error) {
            verdicts.push({ where, format: 'cosign-att-tag', verified: false, why: error.message });
        }
    }
    return verdicts;
}
/**
 * Every signed `predicateType` attestation of `digest`: Sigstore bundle referrers (cosign v3's `cosign attest`,
 * build-push's provenance and SBOM) and, with a key, the layers of cosign v2's `sha256-<hex>.att` tag, each verified
 * by `trust`; a verified one carries its statement.
 */
async function verifyImageAttestations(client, repository, digest, trust, predicateType) {
    const [bundles, tags] = await Promise.all([bundleVerdicts(client, repository, digest, trust, predicateType), attTagVerdicts(client, repository, digest, trust, predicateType)]);
    const verdicts = [...bundles, ...tags];
    return { digest, verdicts, verified: verdicts.some((v) => v.verified) };
}
/** Why a digest is refused, naming each signature found and why it failed (none found: unsigned); `by` is trustPhrase's. */
function refusalReason(result, by = 'with the public key') {
    if (result.verdicts.length === 0)
        return `${result.digest} has no cosign signature (no Sigstore bundle referrer, no ${referrersTag(result.digest)}.sig tag)`;
    return `no signature of ${result.digest} verifies ${by}: ${result.verdicts.map((v) => `${v.where}: ${v.why ?? 'verified'}`).join('; ')}`;
}

;// CONCATENATED MODULE: ./src/lib/signing/rekor-v2-witness.ts
/**
 * Logs a DSSE-signed statement in a Rekor v2 log as cosign v3 does: a `hashedrekord` entry of the SHA-256 of the
 * envelope's pre-authentication encoding (the bytes the signature signs), with the signing certificate. Rekor v2.3
 * accepts no other entry for it, and cosign verifies no other; @sigstore/sign (5.1) would ask for a `dsse` entry.
 */




const pemToDER = (pem) => Buffer.from(pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
class RekorV2Witness {
    baseURL;
    timeoutMs;
    constructor(baseURL, timeoutMs = 20_000) {
        this.baseURL = baseURL;
        this.timeoutMs = timeoutMs;
    }
    async testify(content, publicKey) {
        if (content.$case !== 'dsseEnvelope')
            throw new Error('only DSSE envelopes are logged in Rekor v2 here');
        const envelope = content.dsseEnvelope;
        const signature = envelope.signatures[0];
        if (!signature)
            throw new Error('the DSSE envelope has no signature to log');
        const digest = (0,external_node_crypto_.createHash)('sha256').update(preAuthEncoding(envelope.payloadType, envelope.payload)).digest();
        const request = v2.CreateEntryRequest.toJSON({
            spec: {
                $case: 'hashedRekordRequestV002',
                hashedRekordRequestV002: {
                    digest,
                    signature: {
                        content: signature.sig,
                        verifier: { keyDetails: protobuf_specs_dist.PublicKeyDetails.PKIX_ECDSA_P256_SHA_256, verifier: { $case: 'x509Certificate', x509Certificate: { rawBytes: pemToDER(publicKey) } } }
                    }
                }
            }
        });
        const url = `${this.baseURL.replace(/\/+$/, '')}/api/v2/log/entries`;
        const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify(request),
            signal: AbortSignal.timeout(this.timeoutMs)
        });
        if (!response.ok)
            throw new Error(`Rekor ${url} did not log the signature: ${response.status} ${(await response.text()).slice(0, 300)}`);
        // The bundle library types the entry apart from the protobuf one it is; @sigstore/sign hands it over the same way.
        return { tlogEntries: [protobuf_specs_dist.TransparencyLogEntry.fromJSON(await response.json())] };
    }
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
;// CONCATENATED MODULE: ./src/lib/oci/referrer.ts



const EMPTY_CONFIG = 'application/vnd.oci.empty.v1+json';
const EMPTY_BYTES = Buffer.from('{}');
/** The artifact's manifest bytes (deterministic for the same input). */
function referrerManifest(artifact) {
    const manifest = {
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        artifactType: artifact.artifactType,
        config: { mediaType: EMPTY_CONFIG, digest: sha256Digest(EMPTY_BYTES), size: EMPTY_BYTES.length },
        layers: artifact.layers.map((layer) => ({ mediaType: layer.mediaType, digest: sha256Digest(layer.bytes), size: layer.bytes.length, ...(layer.annotations && { annotations: layer.annotations }) })),
        subject: { mediaType: artifact.subject.mediaType, digest: artifact.subject.digest, size: artifact.subject.size },
        annotations: artifact.annotations
    };
    return Buffer.from(JSON.stringify(manifest));
}
/** Uploads the blobs and the manifest; returns the artifact's descriptor and whether the fallback index was written. */
async function pushReferrer(client, repository, artifact) {
    const blobs = [EMPTY_BYTES, ...artifact.layers.map((layer) => layer.bytes)];
    for (const [i, bytes] of blobs.entries()) {
        const mediaType = i === 0 ? EMPTY_CONFIG : artifact.layers[i - 1].mediaType;
        await client.uploadBlob(repository, { mediaType, digest: sha256Digest(bytes), size: bytes.length }, () => external_node_stream_.Readable.from([bytes]));
    }
    const bytes = referrerManifest(artifact);
    const digest = sha256Digest(bytes);
    await client.putManifest(repository, digest, { bytes, mediaType: OCI_MANIFEST });
    const descriptor = { mediaType: OCI_MANIFEST, digest, size: bytes.length, artifactType: artifact.artifactType, annotations: artifact.annotations };
    const listed = await client.referrers(repository, artifact.subject.digest);
    if (listed.supported || listed.descriptors.some((d) => d.digest === digest))
        return { descriptor, fallback: false };
    // No referrers API: the subject's fallback index lists it (read, extended and written back, as cosign and oras do).
    const index = { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [...listed.descriptors, descriptor] };
    await client.putManifest(repository, digest_referrersTag(artifact.subject.digest), { bytes: Buffer.from(JSON.stringify(index)), mediaType: OCI_INDEX });
    return { descriptor, fallback: true };
}

// EXTERNAL MODULE: ./src/lib/signing/keys.ts
var keys = __webpack_require__(22607);
;// CONCATENATED MODULE: ./src/lib/signing/sign-image.ts
/**
 * Image signing and attestation as cosign v3 does them by default (`cosign sign`, `cosign attest`): the Sigstore JS
 * bundle builder (@sigstore/sign) signs an in-toto statement about the digest as a DSSE envelope, with a key (ECDSA
 * P-256, SHA-256, node:crypto; no transparency log: verify with `--insecure-ignore-tlog`) or keyless (a Fulcio
 * certificate for the job's OIDC identity, logged in Rekor, timestamped where the signing config names a timestamp
 * authority: keyless-signer.ts), and the bundle goes to the registry as an OCI referrer of the digest, annotated with
 * the statement's predicate type (the fallback index where the registry has no referrers API).
 */






/** A @sigstore/sign signer over a private key: DER ECDSA signatures, the key named by its hint. */
function keySigner(key) {
    const publicKey = (0,keys/* publicKeyPem */.rY)(key);
    const hint = (0,keys/* keyHint */.p4)(key);
    return { sign: async (data) => ({ signature: (0,external_node_crypto_.sign)('sha256', data, { key, dsaEncoding: 'der' }), key: { $case: 'publicKey', publicKey, hint } }) };
}
/** The Sigstore bundle (JSON bytes) of a cosign signature of `digest`. */
async function signatureBundle(digest, key) {
    return (await keyStatementSigner(key)(signStatement(digest))).bundle;
}
/** The Sigstore bundle (JSON bytes) of `statement` signed with `key` as a DSSE envelope. */
async function statementBundle(statement, key) {
    return (await keyStatementSigner(key)(statement)).bundle;
}
/** Signs statements with `key`. */
function keyStatementSigner(key) {
    const builder = new dist/* DSSEBundleBuilder */.VV({ signer: keySigner(key), witnesses: [] });
    return async (statement) => ({ bundle: (await buildBundle(builder, statement)).bytes });
}
/** The bundle `builder` makes of `statement`, and its JSON bytes as cosign writes it. */
async function buildBundle(builder, statement) {
    const bundle = await builder.create({ data: Buffer.from(JSON.stringify(statement)), type: signing_statement/* IN_TOTO_PAYLOAD_TYPE */.T4 });
    if (bundle.content.$case !== 'dsseEnvelope')
        throw new Error('the bundle builder made no DSSE envelope');
    // The envelope's signatures carry no keyid, as cosign writes them: cosign's DSSE verifier skips a signature whose
    // keyid is not its own key ID (which is not the hint), and the keyid is not signed. The hint stays in the bundle.
    const envelope = bundle.content.dsseEnvelope;
    const unnamed = { ...bundle, content: { ...bundle.content, dsseEnvelope: { ...envelope, signatures: envelope.signatures.map((s) => ({ ...s, keyid: '' })) } } };
    return { bundle, bytes: Buffer.from(JSON.stringify((0,bundle_dist.bundleToJSON)(unnamed))) };
}
/** Signs the manifest `subject` of `repository` and stores the signature beside it. */
function signImage(client, repository, subject, signer, created = new Date()) {
    return attachStatement(client, repository, subject, (0,signing_statement/* signStatement */.fT)(subject.digest), signer, created);
}
/** Signs `statement` (about the manifest `subject`) and stores the bundle as a referrer of `subject`, as `cosign attest` does. */
async function attachStatement(client, repository, subject, statement, signer, created = new Date()) {
    const { bundle, keyless } = await signer(statement);
    const { descriptor, fallback } = await pushReferrer(client, repository, {
        artifactType: signing_statement/* BUNDLE_V03_MEDIA_TYPE */.HM,
        subject,
        layers: [{ mediaType: signing_statement/* BUNDLE_V03_MEDIA_TYPE */.HM, bytes: bundle }],
        annotations: {
            'org.opencontainers.image.created': created.toISOString().replace(/\.\d+Z$/, 'Z'),
            [signing_statement/* BUNDLE_CONTENT_ANNOTATION */.b1]: 'dsse-envelope',
            [signing_statement/* BUNDLE_PREDICATE_ANNOTATION */.vf]: statement.predicateType
        }
    });
    return { digest: subject.digest, signature: descriptor.digest, fallback, ...(keyless && { keyless }) };
}

;// CONCATENATED MODULE: ./src/lib/signing/keyless-signer.ts
/**
 * Keyless signing, as `cosign sign` does it without a key: for each statement an ephemeral key gets a short-lived
 * certificate from the signing config's Fulcio for the job's OIDC identity (on GitHub the workflow's token, which
 * needs `permissions: id-token: write`; elsewhere SIGSTORE_ID_TOKEN), the signature is logged in its Rekor and
 * timestamped by its timestamp authority when it names one. @sigstore/sign does it all but the Rekor v2 entry,
 * which is logged as cosign logs it (rekor-v2-witness.ts).
 */




const TIMEOUT_MS = 30_000;
const RETRY = { retries: 2 };
/** Signs statements keyless through `services` (signing-config.ts picked them from a signing config). */
function keylessStatementSigner(services) {
    const witnesses = [];
    if (services.tlog?.version === 2)
        witnesses.push(new RekorV2Witness(services.tlog.url, TIMEOUT_MS));
    else if (services.tlog)
        witnesses.push(new dist/* RekorWitness */.fU({ rekorBaseURL: services.tlog.url, majorApiVersion: 1, timeout: TIMEOUT_MS, retry: RETRY }));
    if (services.tsa)
        witnesses.push(new dist/* TSAWitness */.gs({ tsaBaseURL: services.tsa, timeout: TIMEOUT_MS, retry: RETRY }));
    const signer = new dist/* FulcioSigner */.$o({ fulcioBaseURL: services.ca, identityProvider: new dist/* CIContextProvider */.Zk('sigstore'), timeout: TIMEOUT_MS, retry: RETRY });
    const builder = new dist/* DSSEBundleBuilder */.VV({ signer, witnesses });
    return async (statement) => {
        const { bundle, bytes } = await buildBundle(builder, statement);
        const material = bundle.verificationMaterial.content;
        const leaf = material.$case === 'certificate' ? material.certificate.rawBytes : material.$case === 'x509CertificateChain' ? material.x509CertificateChain.certificates[0]?.rawBytes : undefined;
        return { bundle: bytes, ...(leaf && { keyless: fulcioCertificate(leaf) }) };
    };
}

;// CONCATENATED MODULE: ./src/lib/signing/sign-in-repositories.ts
/**
 * A digest signed (or attested) in each repository that holds it, as `cosign sign` (`cosign attest`) does it
 * (build-push: where it pushed; promote-artifact: where it promoted), with a key or keyless. With a key, a
 * repository whose copy already carries a signature (an attestation of that predicate type) that verifies with the
 * key is left as it is; keyless, each run signs anew (a new certificate and log entry), as cosign does.
 */






/** How a signature made by `signing` is checked by cosign: the flags naming the signer. */
function signerFlags(signing, keyless) {
    if (signing.mode === 'key')
        return ['--key', 'cosign.pub', '--insecure-ignore-tlog'];
    const flags = identityFlags({ identity: keyless?.identity.subject ?? '<identity>', issuer: keyless?.identity.issuer ?? '<issuer>' });
    // A private instance (not the public one cosign trusts through TUF) is named by its trust root; one that runs
    // without certificate transparency (as the tests' one does) issues certificates without an SCT.
    const root = signing.services.ca === 'https://fulcio.sigstore.dev' ? [] : ['--trusted-root', 'trusted_root.json'];
    return [...flags, ...root, ...(keyless && !keyless.sct ? ['--insecure-ignore-sct'] : [])];
}
function signerOf(signing) {
    return signing.mode === 'key' ? keyStatementSigner(signing.key) : keylessStatementSigner(signing.services);
}
/** With a key: what the repository already carries by that key. Keyless: nothing is looked for. */
async function existing(signing, check) {
    if (signing.mode !== 'key')
        return undefined;
    return (await check((0,external_node_crypto_.createPublicKey)(signing.key))).verdicts.find((v) => v.verified)?.where;
}
/** Signs the manifest `subject` in every repository of `targets` (each holds it by digest already). */
async function signInRepositories(signing, targets, subject, insecureRegistries, log) {
    const records = [];
    const signer = signerOf(signing);
    for (const { registry, repository, client } of targets) {
        const name = (0,oci_reference/* formatReference */.FH)({ registry, repository, digest: subject.digest });
        const insecure = insecureRegistries.includes(registry) || (0,oci_reference/* isLoopback */.U9)(registry);
        const valid = await existing(signing, (key) => verifyImageSignatures(client, repository, subject.digest, { kind: 'key', key }));
        if (valid) {
            log(`${name} already carries a signature by this key (${valid}); not signed again`);
            records.push({ image: name, signature: valid.replace(/^referrer /, ''), outcome: 'already signed', fallback: false, verify: cosignVerifyCommand(name, insecure, signerFlags(signing, undefined)) });
            continue;
        }
        const signed = await signImage(client, repository, subject, signer);
        const by = signed.keyless ? ` for ${signed.keyless.identity.subject ?? '?'} (issuer ${signed.keyless.identity.issuer ?? '?'})` : '';
        log(`signed ${name}${by}: Sigstore bundle ${signed.signature}${signed.fallback ? ` (listed in the ${subject.digest.replace(':', '-')} fallback index: the registry has no referrers API)` : ''}`);
        records.push({
            image: name,
            signature: signed.signature,
            outcome: 'signed',
            fallback: signed.fallback,
            verify: cosignVerifyCommand(name, insecure, signerFlags(signing, signed.keyless)),
            ...(signed.keyless && { identity: signed.keyless.identity })
        });
    }
    return records;
}
/** The command a user runs to check the signature with cosign (v2.5+ or v3); `signer` names the key or identity. */
function cosignVerifyCommand(image, insecure, signer = ['--key', 'cosign.pub', '--insecure-ignore-tlog']) {
    return ['cosign', 'verify', ...signer, ...(insecure ? ['--allow-insecure-registry'] : []), image].join(' ');
}
/**
 * `statement` (about the manifest `subject`) signed with `key` and stored as `cosign attest --key` stores it in every
 * repository of `targets`, except where an attestation of its predicate type by the key already verifies.
 * `kind` names it for the log (`a SLSA provenance`), `what` describes the one made (`SLSA v1 provenance (max) of …`).
 */
async function attestInRepositories(signing, targets, subject, statement, names, log) {
    const records = [];
    const signer = signerOf(signing);
    for (const { registry, repository, client } of targets) {
        const image = (0,oci_reference/* formatReference */.FH)({ registry, repository, digest: subject.digest });
        const valid = await existing(signing, (key) => verifyImageAttestations(client, repository, subject.digest, { kind: 'key', key }, statement.predicateType));
        if (valid) {
            log(`${image} already carries ${names.kind} by this key (${valid}); not attested again`);
            records.push({ image, attestation: valid.replace(/^referrer /, ''), outcome: 'already attested', fallback: false, signer: signerFlags(signing, undefined) });
            continue;
        }
        const attached = await attachStatement(client, repository, subject, statement, signer);
        log(`attested ${image}: ${names.what}, Sigstore bundle ${attached.signature}`);
        records.push({ image, attestation: attached.signature, outcome: 'attested', fallback: attached.fallback, signer: signerFlags(signing, attached.keyless) });
    }
    return records;
}
/** The command a user runs to check an attestation of `type` (cosign's names: slsaprovenance1, spdxjson, cyclonedx). */
function cosignVerifyAttestationCommand(image, type, insecure, signer = ['--key', 'cosign.pub', '--insecure-ignore-tlog']) {
    return ['cosign', 'verify-attestation', ...signer, '--type', type, ...(insecure ? ['--allow-insecure-registry'] : []), image].join(' ');
}

// EXTERNAL MODULE: ./src/build-push/provenance.ts
var build_push_provenance = __webpack_require__(65792);
;// CONCATENATED MODULE: ./src/build-push/attest.ts
/**
 * build-push's `provenance: min|max`: the SLSA v1 provenance of the pushed digest, signed with the `sign: key` key
 * as `cosign attest --key --type slsaprovenance1` stores it (a Sigstore bundle referrer, predicate type
 * https://slsa.dev/provenance/v1), in every image repository. A repository whose copy of the digest already carries
 * a provenance that verifies with the key (a reused build of the same commit) is left as it is.
 */





/** Attests the provenance of `manifest` in every image repository it was pushed to. */
async function attestPushed(provenance, signing, images, manifest, build, startedOn, clientFor, insecureRegistries) {
    if (provenance.mode === 'none' || signing.mode === 'none')
        return [];
    const mode = provenance.mode;
    const subject = { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.bytes.length };
    const statement = (0,build_push_provenance/* provenanceStatement */.D2)(manifest.digest, mode, provenance.run, build, startedOn, new Date());
    const source = `${provenance.run.serverUrl}/${provenance.run.repository}@${provenance.run.sha}`;
    const targets = images.map((image) => ({ registry: image.registry, repository: image.repository, client: clientFor(image.registry) }));
    const attested = await attestInRepositories(signing, targets, subject, statement, { kind: 'a SLSA provenance', what: `SLSA v1 provenance (${mode}) of ${source}` }, (line) => core/* info */.pq(line));
    return attested.map((record, i) => {
        const { registry } = images[i];
        const verify = cosignVerifyAttestationCommand(record.image, 'slsaprovenance1', insecureRegistries.includes(registry) || (0,oci_reference/* isLoopback */.U9)(registry), record.signer);
        const { signer: _, ...kept } = record;
        return { ...kept, predicateType: signing_statement/* SLSA_PROVENANCE_V1 */.us, mode, source, verify };
    });
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
;// CONCATENATED MODULE: ./src/lib/exec/command.ts
/** Running a program with an argument vector (never a shell), with timeouts and process-group kill. */

const MAX_CAPTURE = 16 * 1024 * 1024;
/**
 * Runs a program with an argument vector, never through a shell. A non-zero exit is a result, not an exception.
 * Unlike @actions/exec this can stop a running program (timeouts, fail-fast among parallel checks): the program gets
 * its own process group, and the whole group is killed, so `npm test` does not leave its jest workers behind.
 */
function runCommand(argv, options = {}) {
    const [program, ...args] = argv;
    if (!program)
        return Promise.reject(new Error('runCommand needs a program'));
    const started = performance.now();
    return new Promise((resolve) => {
        let stdout = '';
        let stderr = '';
        let output = '';
        let timedOut = false;
        let cancelled = false;
        const append = (stream, chunk) => {
            const text = chunk.toString();
            if (output.length < MAX_CAPTURE) {
                output += text;
                if (stream === 'out')
                    stdout += text;
                else
                    stderr += text;
            }
            if (options.echo ?? true)
                process.stdout.write(text);
        };
        const child = (0,external_node_child_process_.spawn)(program, args, {
            cwd: options.cwd,
            env: { ...(options.baseEnv ?? process.env), ...options.env },
            stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
            detached: process.platform !== 'win32'
        });
        const killGroup = () => {
            if (child.pid === undefined || child.exitCode !== null)
                return;
            try {
                process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGKILL');
            }
            catch {
                child.kill('SIGKILL');
            }
        };
        const timer = options.timeoutMs === undefined
            ? undefined
            : setTimeout(() => {
                timedOut = true;
                killGroup();
            }, options.timeoutMs);
        const onAbort = () => {
            cancelled = true;
            killGroup();
        };
        options.signal?.addEventListener('abort', onAbort, { once: true });
        if (options.signal?.aborted)
            onAbort();
        child.stdout.on('data', (chunk) => append('out', chunk));
        child.stderr.on('data', (chunk) => append('err', chunk));
        if (options.input !== undefined)
            child.stdin.end(options.input);
        let startError;
        child.on('error', (error) => {
            startError = error.message;
        });
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            options.signal?.removeEventListener('abort', onAbort);
            resolve({
                exitCode: code ?? (startError ? 127 : 128),
                ...(signal ? { signal } : {}),
                timedOut,
                cancelled,
                ...(startError ? { startError } : {}),
                stdout,
                stderr,
                output,
                durationMs: performance.now() - started
            });
        });
    });
}

;// CONCATENATED MODULE: ./src/build-push/sbom.ts
/**
 * build-push's `sbom: spdx|cyclonedx`: an SBOM of the pushed digest made by syft (Anchore's scanner, the one
 * anchore/sbom-action and buildx's own SBOM generator run) from the image as the registry holds it, so both builders
 * give the same document, then signed as `sign` says and stored as `cosign attest --type spdxjson|cyclonedx` stores
 * it (a Sigstore bundle referrer) in every image repository. A multi-platform index gets one SBOM per platform, each
 * attested on its platform's manifest (as buildx attaches one per platform): one SBOM for the index would describe
 * the platform syft picks as if it were all. With a key, a repository whose copy already carries an SBOM attestation
 * of that format by the key (a reused build) is left as it is.
 */









const FORMATS = {
    spdx: { syft: 'spdx-json', predicateType: signing_statement/* SPDX_PREDICATE */.I$, cosignType: 'spdxjson' },
    cyclonedx: { syft: 'cyclonedx-json', predicateType: signing_statement/* CYCLONEDX_PREDICATE */.my, cosignType: 'cyclonedx' }
};
/** The syft command line and environment that scan `image` (by digest) from its registry into `output`. */
function syftCommand(image, format, output, insecure, dockerConfigDir, platform) {
    return {
        argv: ['syft', 'scan', `registry:${image}`, ...(platform ? ['--platform', platform] : []), '--output', `${FORMATS[format].syft}=${output}`, '--quiet'],
        env: {
            SYFT_CHECK_FOR_APP_UPDATE: 'false',
            ...(insecure && { SYFT_REGISTRY_INSECURE_USE_HTTP: 'true' }),
            ...(dockerConfigDir && { DOCKER_CONFIG: dockerConfigDir })
        }
    };
}
/** Packages an SPDX (`packages`) or CycloneDX (`components`) document lists. */
function packageCount(document) {
    const d = (document ?? {});
    return (d.packages ?? d.components ?? []).length;
}
/** What gets an SBOM: the manifest itself, or each platform manifest of an index (not attestation manifests). */
function sbomSubjects(manifest) {
    const parsed = parseManifest(manifest.bytes, manifest.mediaType);
    if (!parsed.isIndex)
        return [{ digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.bytes.length }];
    return platformManifests(parsed).map((child) => ({ digest: child.digest, mediaType: child.mediaType, size: child.size, platform: child.platformText }));
}
/** Scans the pushed digest (each platform of an index) once and attests the SBOM in every image repository it was pushed to. */
async function attestSbom(format, signing, images, manifest, clientFor, insecureRegistries, dockerConfigDir, workdir) {
    if (format === 'none' || signing.mode === 'none' || images.length === 0)
        return [];
    const { predicateType, cosignType } = FORMATS[format];
    const insecure = (registry) => insecureRegistries.includes(registry) || (0,oci_reference/* isLoopback */.U9)(registry);
    const first = images[0];
    const targets = images.map((image) => ({ registry: image.registry, repository: image.repository, client: clientFor(image.registry) }));
    const records = [];
    for (const { platform, ...subject } of sbomSubjects(manifest)) {
        const document = await scan((0,oci_reference/* formatReference */.FH)({ registry: first.registry, repository: first.repository, digest: subject.digest }), format, insecure(first.registry), dockerConfigDir, workdir, platform);
        const packages = packageCount(document);
        const names = { kind: `a ${format} SBOM attestation`, what: `${format} SBOM of ${packages} package(s)${platform ? ` (${platform})` : ''}` };
        const attested = await attestInRepositories(signing, targets, subject, (0,signing_statement/* statementFor */.JM)(subject.digest, predicateType, document), names, (line) => core/* info */.pq(line));
        records.push(...attested.map(({ signer, ...record }, i) => ({ ...record, format, packages, ...(platform && { platform }), verify: cosignVerifyAttestationCommand(record.image, cosignType, insecure(images[i].registry), signer) })));
    }
    return records;
}
async function scan(image, format, insecure, dockerConfigDir, workdir, platform) {
    const dir = (0,external_node_fs_.mkdtempSync)(external_node_path_default().join(workdir, 'sbom-'));
    const output = external_node_path_default().join(dir, 'sbom.json');
    try {
        const { argv, env } = syftCommand(image, format, output, insecure, dockerConfigDir, platform);
        core/* info */.pq(`scanning ${image}${platform ? ` (${platform})` : ''} with syft`);
        const result = await runCommand(argv, { env, echo: false, timeoutMs: 15 * 60_000 });
        if (result.startError) {
            throw new errors/* UserError */.yo(`Input 'sbom': syft is not installed (${result.startError}); add a step that installs it before build-push, e.g. uses: anchore/sbom-action/download-syft@v0`);
        }
        if (result.exitCode !== 0)
            throw new errors/* UserError */.yo(`syft could not scan ${image} (exit code ${result.exitCode}): ${result.output.trim().split('\n').slice(-5).join('\n')}`);
        return JSON.parse((0,external_node_fs_.readFileSync)(output, 'utf8'));
    }
    finally {
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
    }
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
;// CONCATENATED MODULE: ./src/build-push/auth-file.ts
/**
 * Credentials for the builder: a containers/docker `auths` file (0600) under the run's own directory, passed as
 * `--authfile` to buildah and as DOCKER_CONFIG to buildx; removed with the directory in the post step.
 */





function authFileContent(registries, credentials) {
    const auth = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
    const auths = {};
    for (const registry of new Set(registries))
        auths[registry === oci_reference/* DOCKER_HUB */.Xb ? 'https://index.docker.io/v1/' : registry] = { auth };
    return JSON.stringify({ auths }, null, 2) + '\n';
}
/**
 * What DOCKER_CONFIG moves besides the credentials, linked from the user's docker config directory into the run's:
 * `buildx` (the builders, and which one is selected: docker/setup-buildx-action's) and `cli-plugins` (buildx itself
 * when setup-buildx-action installed it there, as it does for a pinned version: without the link `docker buildx`
 * is an unknown command).
 */
const LINKED_CONFIG = ['buildx', 'cli-plugins'];
/** Writes `<dir>/config.json`, and links LINKED_CONFIG from the user's docker config directory; returns its path. */
function writeAuthFile(dir, registries, credentials, env = process.env) {
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true, mode: 0o700 });
    const file = external_node_path_default().join(dir, 'config.json');
    (0,external_node_fs_.writeFileSync)(file, authFileContent(registries, credentials), { mode: 0o600 });
    const userConfig = env.DOCKER_CONFIG ?? external_node_path_default().join(env.HOME ?? (0,external_node_os_.homedir)(), '.docker');
    for (const name of LINKED_CONFIG) {
        if ((0,external_node_fs_.existsSync)(external_node_path_default().join(userConfig, name)) && !(0,external_node_fs_.existsSync)(external_node_path_default().join(dir, name)))
            (0,external_node_fs_.symlinkSync)(external_node_path_default().join(userConfig, name), external_node_path_default().join(dir, name));
    }
    return file;
}
/** With username and password: the auth file for every registry the run touches; returns its directory. */
function writeRunCredentials(inputs, workdir, env) {
    if (!inputs.credentials)
        return undefined;
    const registries = [...inputs.images.map((i) => i.registry), inputs.cacheRepository.registry];
    const dir = external_node_path_default().dirname(writeAuthFile(external_node_path_default().join(workdir, 'auth'), registries, inputs.credentials, env));
    core/* info */.pq("registry credentials written to this run's auth file (removed in the post step)");
    return dir;
}

;// CONCATENATED MODULE: ./src/lib/retry.ts
/** Retries with exponential backoff and full jitter, honouring a server's Retry-After. */
const DEFAULT_RETRY = { attempts: 5, baseDelayMs: 500, maxDelayMs: 15_000, maxRetryAfterMs: 60_000 };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Full jitter (AWS architecture blog): a uniform delay in [0, min(max, base * 2^retry)). */
function backoffDelay(retry, policy, random = Math.random) {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
    return Math.floor(random() * ceiling);
}
/** Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
function parseRetryAfter(header, now = Date.now()) {
    if (header == null || header.trim() === '')
        return undefined;
    const text = header.trim();
    if (/^\d+$/.test(text))
        return Number(text) * 1000;
    const date = Date.parse(text);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
async function withRetry(operation, options) {
    const policy = options.policy ?? DEFAULT_RETRY;
    const wait = options.sleep ?? sleep;
    for (let attempt = 1;; attempt++) {
        try {
            return await operation(attempt);
        }
        catch (error) {
            const decision = options.classify(error);
            if (!decision.retry || attempt >= policy.attempts)
                throw error;
            const maxRetryAfter = policy.maxRetryAfterMs ?? Infinity;
            if (decision.afterMs !== undefined && decision.afterMs > maxRetryAfter)
                throw error;
            const delayMs = decision.afterMs ?? backoffDelay(attempt - 1, policy, options.random);
            if (options.deadline !== undefined && (options.now ?? Date.now)() + delayMs >= options.deadline)
                throw error;
            options.onRetry?.({ attempt, delayMs, reason: decision.reason });
            await wait(delayMs);
        }
    }
}

;// CONCATENATED MODULE: ./src/lib/oci/errors.ts
/** Registry errors: user errors that name the registry, and the retryable statuses. */

/** A registry answered with an error, or could not be reached. The message always names the registry. */
class RegistryError extends errors/* UserError */.yo {
    registry;
    status;
    code;
    name = 'RegistryError';
    constructor(registry, message, status, code) {
        super(`${registry}: ${message}`);
        this.registry = registry;
        this.status = status;
        this.code = code;
    }
}
/** An HTTP status worth retrying, with the server's Retry-After (ms) when it sent one. */
class RetryableStatusError extends Error {
    registry;
    status;
    retryAfterMs;
    detail;
    name = 'RetryableStatusError';
    constructor(registry, status, retryAfterMs, detail) {
        super(`${registry}: HTTP ${status}${detail ? ` (${detail})` : ''}`);
        this.registry = registry;
        this.status = status;
        this.retryAfterMs = retryAfterMs;
        this.detail = detail;
    }
}
/** A request the registry did not answer (completely) within its timeout: retried like a dropped connection. */
class RegistryRequestTimeout extends Error {
    registry;
    timeoutMs;
    name = 'RegistryRequestTimeout';
    reason;
    constructor(registry, timeoutMs) {
        const reason = `no answer within ${timeoutMs % 1000 === 0 ? timeoutMs / 1000 : (timeoutMs / 1000).toFixed(1)} s`;
        super(`${registry}: ${reason}`);
        this.registry = registry;
        this.timeoutMs = timeoutMs;
        this.reason = reason;
    }
}
/** The OCI error body `{"errors":[{"code","message"}]}` in one line. */
function describeErrorBody(text) {
    try {
        const body = JSON.parse(text);
        const first = body.errors?.[0];
        if (first)
            return { ...(first.code && { code: first.code }), detail: [first.code, first.message].filter(Boolean).join(': ') };
    }
    catch {
        // not JSON: fall through
    }
    return { detail: text.trim().slice(0, 200) };
}

;// CONCATENATED MODULE: ./src/lib/oci/parallel.ts
/** Bounded concurrency: a map with at most `limit` calls in flight, and a limiter several callers share. */
/** Maps with at most `limit` calls in flight; the first failure rejects (the others finish or fail on their own). */
async function mapLimit(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await fn(items[index], index);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
function createLimiter(limit) {
    if (!Number.isInteger(limit) || limit < 1)
        throw new RangeError(`a concurrency limit must be a whole number of at least 1, not ${limit}`);
    const waiting = [];
    let active = 0;
    const release = () => {
        const next = waiting.shift();
        // The slot passes straight to the next waiter, so a task arriving meanwhile cannot overtake it.
        if (next)
            next();
        else
            active--;
    };
    const acquire = async () => {
        if (active < limit)
            active++;
        else
            await new Promise((resolve) => waiting.push(resolve));
        let held = true;
        return () => {
            if (!held)
                return;
            held = false;
            release();
        };
    };
    return {
        limit,
        get active() {
            return active;
        },
        acquire,
        async run(task) {
            const done = await acquire();
            try {
                return await task();
            }
            finally {
                done();
            }
        }
    };
}

;// CONCATENATED MODULE: ./src/lib/oci/retryable.ts

const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const RETRYABLE_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'UND_ERR_SOCKET',
    'UND_ERR_CLOSED',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT'
]);
/** The system or undici error code behind a failed fetch (`TypeError: fetch failed` hides it in `cause`). */
function networkErrorCode(error) {
    for (let current = error, depth = 0; current && depth < 5; depth++) {
        const code = current.code;
        if (typeof code === 'string')
            return code;
        current = current.cause;
    }
    return undefined;
}
function isNetworkError(error) {
    const code = networkErrorCode(error);
    if (code !== undefined)
        return RETRYABLE_CODES.has(code);
    return error instanceof TypeError && /fetch failed|terminated|other side closed/i.test(error.message);
}
function classifyRegistryFailure(error) {
    if (error instanceof RetryableStatusError) {
        return { retry: true, reason: error.message, ...(error.retryAfterMs !== undefined && { afterMs: error.retryAfterMs }) };
    }
    if (error instanceof RegistryRequestTimeout)
        return { retry: true, reason: error.reason };
    if (isNetworkError(error))
        return { retry: true, reason: `connection failed (${networkErrorCode(error) ?? 'reset'})` };
    return { retry: false };
}

;// CONCATENATED MODULE: ./src/lib/oci/challenge.ts
/** WWW-Authenticate challenges (RFC 9110 §11.6.1), as registries send them: `Bearer realm="…",service="…",scope="…"`. */
function parseChallenges(header) {
    if (!header)
        return [];
    const challenges = [];
    const pattern = /\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)(?:\s+|$)((?:[A-Za-z0-9!#$%&'*+.^_`|~-]+\s*=\s*(?:"(?:[^"\\]|\\.)*"|[^,\s]*)\s*,?\s*)*)/y;
    let match;
    while (pattern.lastIndex < header.length && (match = pattern.exec(header)) !== null) {
        if (match[0] === '')
            break;
        const params = {};
        for (const param of match[2].matchAll(/([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
            params[param[1].toLowerCase()] = param[2] !== undefined ? param[2].replace(/\\(.)/g, '$1') : (param[3] ?? '');
        }
        challenges.push({ scheme: match[1].toLowerCase(), params });
        if (pattern.lastIndex < header.length && header[pattern.lastIndex] === ',')
            pattern.lastIndex++;
    }
    return challenges;
}

;// CONCATENATED MODULE: ./src/lib/oci/credential-helpers.ts
/**
 * Docker credential helpers (`credHelpers` per registry, `credsStore` for all), as the docker CLI uses them: the
 * program `docker-credential-<name>` is run with `get` and the server URL on stdin, and answers
 * `{"ServerURL","Username","Secret"}`. `gcloud auth configure-docker`, amazon-ecr-credential-helper and
 * `az acr login` set them up. A helper named in the config that cannot run is an error that names it, never a
 * silent fall-back to anonymous access.
 */



/** The helper the config names for a registry: its own entry first, then the store for all. */
function helperFor(config, registry) {
    const wanted = (0,oci_reference/* normaliseRegistry */.Me)(registry);
    for (const [key, helper] of Object.entries(config.credHelpers ?? {})) {
        if ((0,oci_reference/* normaliseRegistry */.Me)(key.replace(/^https?:\/\//, '').replace(/\/.*$/, '')) === wanted && helper)
            return helper;
    }
    return config.credsStore || undefined;
}
/** What the docker CLI sends a helper for this registry (Docker Hub keeps its legacy index URL). */
function helperServerUrl(registry) {
    return (0,oci_reference/* normaliseRegistry */.Me)(registry) === oci_reference/* DOCKER_HUB */.Xb ? 'https://index.docker.io/v1/' : (0,oci_reference/* normaliseRegistry */.Me)(registry);
}
/** `Username: <token>` marks an identity (refresh) token, exchanged through OAuth2 at the token server. */
const IDENTITY_TOKEN_USER = '<token>';
/** Parses a helper's answer; undefined when it has nothing for the server (its "not found" answers). */
function parseHelperAnswer(helper, exitCode, stdout, stderr) {
    const text = `${stdout}\n${stderr}`;
    if (exitCode !== 0) {
        if (/credentials not found/i.test(text))
            return undefined;
        throw new errors/* UserError */.yo(`docker-credential-${helper} get failed (exit code ${exitCode}): ${(stderr || stdout).trim().split('\n').slice(-3).join(' ')}`);
    }
    let answer;
    try {
        answer = JSON.parse(stdout);
    }
    catch {
        throw new errors/* UserError */.yo(`docker-credential-${helper} get answered something that is not JSON`);
    }
    if (typeof answer.Secret !== 'string' || answer.Secret === '')
        return undefined;
    return { username: typeof answer.Username === 'string' ? answer.Username : '', password: answer.Secret };
}
async function runCredentialHelper(helper, registry) {
    if (!/^[A-Za-z0-9._-]+$/.test(helper))
        throw new errors/* UserError */.yo(`the docker config names credential helper '${helper}', which is not a helper name`);
    const program = `docker-credential-${helper}`;
    const result = await runCommand([program, 'get'], { echo: false, input: helperServerUrl(registry), timeoutMs: 60_000 });
    if (result.startError) {
        throw new errors/* UserError */.yo(`the docker config names credential helper '${helper}' for ${registry}, but ${program} cannot run (${result.startError}); install it or remove it from config.json`);
    }
    if (result.timedOut)
        throw new errors/* UserError */.yo(`${program} get did not answer within 60 s`);
    return parseHelperAnswer(helper, result.exitCode, result.stdout, result.stderr);
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
var external_node_net_default = /*#__PURE__*/__webpack_require__.n(external_node_net_);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(41692);
var external_node_tls_default = /*#__PURE__*/__webpack_require__.n(external_node_tls_);
;// CONCATENATED MODULE: ./src/lib/oci/socket-connections.ts
/**
 * Kept-alive connections for the socket pipe (socket-pipe.ts), per origin, and the 64 KB read buffers they share.
 * A connection reads into buffers it is given (`onread`), never allocating per read; whoever holds the connection
 * (an exchange) receives its reads and its end. Between exchanges a connection waits a short while for the next
 * one, so a copy of many large blobs pays one handshake per stream slot, not one per blob.
 */


const CHUNK = 64 * 1024;
/** Free read buffers kept for reuse (4 MB); more are left to the garbage collector. */
const MAX_FREE_BUFFERS = 64;
/** Idle connections kept per origin. */
const MAX_IDLE_PER_ORIGIN = 8;
/** An idle connection is closed after this long: well inside the keep-alive timeouts servers use (Go: none; nginx: 75 s). */
const IDLE_MS = 4_000;
const freeBuffers = [];
/** A 64 KB buffer for reading into; give it back with `freeBuffer` once nothing refers to it. */
function takeBuffer() {
    return freeBuffers.pop() ?? Buffer.allocUnsafe(CHUNK);
}
function freeBuffer(buffer) {
    if (freeBuffers.length < MAX_FREE_BUFFERS)
        freeBuffers.push(buffer);
}
class Connection {
    origin;
    socket;
    holder;
    idleTimer;
    /** Whether an exchange ran on it before: a reused connection may have been closed by the server meanwhile. */
    reused = false;
    /** Called when the holder's idle timeout (`socket.setTimeout`) passes without data. */
    onTimeout;
    constructor(origin, url) {
        this.origin = origin;
        const host = url.hostname.replace(/^\[|\]$/g, '');
        const secure = url.protocol === 'https:';
        const port = Number(url.port || (secure ? 443 : 80));
        const onread = { buffer: () => this.holder?.nextBuffer() ?? takeBuffer(), callback: (bytes, buffer) => this.received(bytes, buffer) };
        this.socket = secure
            ? external_node_tls_default().connect({ host, port, ...(external_node_net_default().isIP(host) === 0 && { servername: host }), onread })
            : external_node_net_default().connect({ host, port, onread });
        this.socket.setNoDelay(true);
        this.socket.on('error', (error) => (this.holder ? this.holder.failed(error) : this.close()));
        this.socket.on('end', () => (this.holder ? this.holder.ended() : this.close()));
        this.socket.on('timeout', () => this.onTimeout?.());
        // Flowing, so that 'end' is emitted: with `onread` no data goes through the socket's own stream.
        this.socket.resume();
    }
    hold(holder) {
        clearTimeout(this.idleTimer);
        this.holder = holder;
        this.onTimeout = undefined;
    }
    resume() {
        this.socket.resume();
    }
    close() {
        clearTimeout(this.idleTimer);
        this.holder = undefined;
        this.onTimeout = undefined;
        this.socket.destroy();
        pool.forget(this);
    }
    /** The exchange is over and left the connection ready for another: it waits in the pool. */
    release() {
        this.holder = undefined;
        this.onTimeout = undefined;
        this.reused = true;
        this.socket.setTimeout(0);
        if (!pool.keep(this))
            return this.close();
        this.idleTimer = setTimeout(() => this.close(), IDLE_MS).unref();
        this.socket.unref();
    }
    received(bytes, buffer) {
        if (this.holder)
            return this.holder.received(bytes, buffer);
        // Bytes nobody asked for (a server talking out of turn): the connection cannot be trusted any more.
        this.close();
        return false;
    }
}
class Pool {
    idle = new Map();
    /** An idle connection to `url`'s origin, else a new one. */
    take(url) {
        const waiting = this.idle.get(url.origin);
        for (let connection = waiting?.pop(); connection; connection = waiting?.pop()) {
            if (connection.socket.destroyed || connection.socket.readyState !== 'open') {
                connection.close();
                continue;
            }
            connection.socket.ref();
            return connection;
        }
        return new Connection(url.origin, url);
    }
    keep(connection) {
        const waiting = this.idle.get(connection.origin) ?? [];
        if (waiting.length >= MAX_IDLE_PER_ORIGIN || connection.socket.destroyed)
            return false;
        waiting.push(connection);
        this.idle.set(connection.origin, waiting);
        return true;
    }
    forget(connection) {
        const waiting = this.idle.get(connection.origin);
        const at = waiting?.indexOf(connection) ?? -1;
        if (at >= 0)
            waiting.splice(at, 1);
    }
}
const pool = new Pool();
function takeConnection(url) {
    return pool.take(url);
}

;// CONCATENATED MODULE: ./src/lib/oci/http1.ts
/** A response head longer than this is refused (registries answer with a few hundred bytes). */
const MAX_HEAD_BYTES = 64 * 1024;
function requestHead(method, url, headers) {
    const lines = [`${method} ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`];
    for (const [name, value] of Object.entries(headers)) {
        if (/[\r\n]/.test(name) || /[\r\n]/.test(value))
            throw new Error(`refusing a header with a line break: ${name}`);
        lines.push(`${name}: ${value}`);
    }
    return `${lines.join('\r\n')}\r\n\r\n`;
}
/** Where the head ends in `bytes` (the index after its blank line), or -1 when it has not all arrived. */
function headEnd(bytes) {
    const at = bytes.indexOf('\r\n\r\n');
    return at < 0 ? -1 : at + 4;
}
/** Parses a response head (without its blank line); repeated headers are joined with commas as node:http does. */
function parseResponseHead(text) {
    const [statusLine = '', ...lines] = text.split('\r\n');
    const match = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(statusLine);
    if (!match)
        throw new Error(`not an HTTP/1.1 response: ${JSON.stringify(statusLine.slice(0, 80))}`);
    const headers = {};
    for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon <= 0)
            throw new Error(`a malformed response header: ${JSON.stringify(line.slice(0, 80))}`);
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    }
    return { status: Number(match[1]), headers };
}
/** Gathers a response head from reads that may split it anywhere; refuses one longer than MAX_HEAD_BYTES. */
class HeadReader {
    method;
    bytes = Buffer.alloc(0);
    constructor(method) {
        this.method = method;
    }
    /** Bytes of the answer gathered so far (0: nothing has arrived). */
    get received() {
        return this.bytes.length;
    }
    /** Takes a read (copied); the head once it is whole, else undefined. */
    push(data) {
        this.bytes = Buffer.concat([this.bytes, data]);
        const end = headEnd(this.bytes);
        if (end < 0) {
            if (this.bytes.length > MAX_HEAD_BYTES)
                throw new Error(`a response head longer than ${MAX_HEAD_BYTES} bytes`);
            return undefined;
        }
        const head = parseResponseHead(this.bytes.toString('latin1', 0, end - 4));
        return { head, framing: bodyFraming(this.method, head), rest: this.bytes.subarray(end) };
    }
}
/** How the body after `head` ends (RFC 9112 6.3), for a response to `method`. */
function bodyFraming(method, head) {
    const { status, headers } = head;
    if (method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200))
        return { kind: 'length', length: 0 };
    const encoding = headers['transfer-encoding'];
    if (encoding !== undefined) {
        if (/(?:^|,)\s*chunked\s*$/i.test(encoding))
            return { kind: 'chunked' };
        return { kind: 'close' };
    }
    const length = headers['content-length'];
    if (length === undefined)
        return { kind: 'close' };
    if (!/^\d+$/.test(length))
        throw new Error(`an invalid Content-Length: ${JSON.stringify(length)}`);
    return { kind: 'length', length: Number(length) };
}
/**
 * Decodes a chunked body as it arrives: `push` takes raw bytes and returns the data they hold; `done` turns true
 * after the last chunk and its trailers. Data is returned as views of the input, so callers copy what they keep.
 */
class ChunkedDecoder {
    state = 'size';
    line = '';
    remaining = 0;
    get done() {
        return this.state === 'done';
    }
    push(bytes) {
        const out = [];
        let at = 0;
        while (at < bytes.length && this.state !== 'done') {
            if (this.state === 'data') {
                const take = Math.min(this.remaining, bytes.length - at);
                out.push(bytes.subarray(at, at + take));
                at += take;
                this.remaining -= take;
                if (this.remaining === 0)
                    this.state = 'data-end';
                continue;
            }
            const newline = bytes.indexOf(0x0a, at);
            const end = newline < 0 ? bytes.length : newline + 1;
            this.line += bytes.toString('latin1', at, end);
            at = end;
            if (newline < 0) {
                if (this.line.length > 4096)
                    throw new Error('a chunked body line longer than 4 KB');
                continue;
            }
            const line = this.line.replace(/\r?\n$/, '');
            this.line = '';
            if (this.state === 'size') {
                const size = /^([0-9a-fA-F]+)(?:;.*)?$/.exec(line.trim());
                if (!size)
                    throw new Error(`an invalid chunk size line: ${JSON.stringify(line.slice(0, 40))}`);
                this.remaining = parseInt(size[1], 16);
                this.state = this.remaining === 0 ? 'trailers' : 'data';
            }
            else if (this.state === 'data-end') {
                if (line !== '')
                    throw new Error('a chunk longer than its size line says');
                this.state = 'size';
            }
            else if (line === '') {
                this.state = 'done';
            }
        }
        return out;
    }
}

;// CONCATENATED MODULE: ./src/lib/oci/socket-pipe.ts



/** Buffers handed to the PUT's socket and not yet written before the GET's socket stops reading. */
const IN_FLIGHT = 8;
/** A failure of the connection itself, coded as the retry policy knows it (retryable.ts). */
function connectionError(message, code) {
    return Object.assign(new Error(message), { code });
}
/** Whether a connection may carry another exchange after this answer (RFC 9112 9.3). */
function keepsAlive(head, framing) {
    return framing.kind !== 'close' && !/(?:^|,)\s*close\s*(?:,|$)/i.test(head.headers.connection ?? '');
}
/**
 * GET `url`; the body is a SocketBody. A kept-alive connection the server closed meanwhile fails before any byte
 * of the answer: the GET is then sent once more on a new connection.
 */
async function socketGet(url, headers, idleTimeoutMs) {
    const connection = takeConnection(url);
    try {
        return await getOn(connection, url, headers, idleTimeoutMs);
    }
    catch (error) {
        if (!connection.reused || !error.beforeAnswer)
            throw error;
        return getOn(new Connection(url.origin, url), url, headers, idleTimeoutMs);
    }
}
function getOn(connection, url, headers, idleTimeoutMs) {
    return new Promise((resolve, reject) => {
        const body = new SocketBody(connection, url, idleTimeoutMs, (head) => resolve({ ...head, body }), reject);
        connection.socket.write(requestHead('GET', url, headers));
        connection.resume();
    });
}
/**
 * The body of a socketGet response. Read as a Readable, each read lands in a fresh buffer; claimed by `pipeTo`,
 * reads land in shared buffers that are reused once the other socket has written them.
 */
class SocketBody extends external_node_stream_.Readable {
    connection;
    idleTimeoutMs;
    onHead;
    onHeadError;
    headReader = new HeadReader('GET');
    parsed;
    framing = { kind: 'close' };
    remaining = 0;
    decoder;
    /** Body bytes that came with the head, delivered before the next read. */
    early;
    /** Bytes after the body: the server did not keep to its framing, so the connection is not reused. */
    overrun = false;
    mode = 'head';
    inFlight = 0;
    paused = false;
    finished = false;
    /** A failure while nobody holds the body yet, surfaced to whoever claims it. */
    pendingError;
    sink;
    constructor(connection, url, idleTimeoutMs, onHead, onHeadError) {
        super({ highWaterMark: CHUNK });
        this.connection = connection;
        this.idleTimeoutMs = idleTimeoutMs;
        this.onHead = onHead;
        this.onHeadError = onHeadError;
        connection.hold(this);
        connection.socket.setTimeout(idleTimeoutMs);
        connection.onTimeout = () => this.fail(connectionError(`no data from ${url.host} for ${idleTimeoutMs} ms`, 'ETIMEDOUT'));
    }
    get socket() {
        return this.connection.socket;
    }
    /** True when the length is known up front, which a PUT with Content-Length needs. */
    get length() {
        return this.framing.kind === 'length' ? this.framing.length : undefined;
    }
    /** Writes the whole body into `socket`; resolves once the last byte is handed to it. */
    pipeTo(socket) {
        if (this.mode !== 'undecided' || this.framing.kind !== 'length')
            throw new Error(`only an unread body of known length can be piped, not one ${this.mode} with ${this.framing.kind} framing`);
        this.mode = 'pipe';
        return new Promise((resolve, reject) => {
            if (this.pendingError)
                return reject(this.pendingError);
            this.sink = { socket, resolve, reject };
            const early = this.early;
            this.early = undefined;
            if (early && !this.deliver(early, undefined))
                return;
            if (this.remaining === 0)
                this.complete();
            else
                this.resumeSocket();
        });
    }
    _read() {
        if (this.mode === 'undecided') {
            this.mode = 'readable';
            if (this.pendingError)
                return void this.destroy(this.pendingError);
            const early = this.early;
            this.early = undefined;
            if (early && !this.deliver(early, undefined))
                return;
            if (this.finished)
                return;
        }
        this.resumeSocket();
    }
    _destroy(error, callback) {
        if (!this.finished) {
            this.finished = true;
            this.connection.close();
        }
        callback(error);
    }
    nextBuffer() {
        // A buffer pushed to a Readable's consumer is theirs: only the head and the pipe reuse buffers.
        return this.mode === 'readable' ? Buffer.allocUnsafe(CHUNK) : takeBuffer();
    }
    /** Takes one read; false stops the socket reading until resumeSocket. */
    received(bytes, buffer) {
        if (this.finished)
            return false;
        const data = buffer.subarray(0, bytes);
        if (this.mode === 'head')
            return this.receivedHead(data, buffer);
        if (this.mode === 'undecided') {
            // A TLS socket delivers what it has already decrypted even after reading stopped: kept for whoever claims the body.
            this.early = this.early ? Buffer.concat([this.early, data]) : Buffer.from(data);
            freeBuffer(buffer);
            return false;
        }
        return this.deliver(data, this.mode === 'pipe' ? buffer : undefined);
    }
    ended() {
        if (this.finished)
            return;
        if (this.mode !== 'head' && this.framing.kind === 'close')
            return this.finishBody();
        this.failed(connectionError('the server closed the connection before the response ended', 'ECONNRESET'));
    }
    failed(error) {
        this.fail(Object.assign(error, { beforeAnswer: this.mode === 'head' && this.headReader.received === 0 }));
    }
    receivedHead(data, buffer) {
        let read;
        try {
            read = this.headReader.push(data);
        }
        catch (error) {
            this.fail(error);
            return false;
        }
        finally {
            freeBuffer(buffer); // copied by the reader: the buffer is free again
        }
        if (!read)
            return true;
        this.parsed = read.head;
        this.framing = read.framing;
        if (this.framing.kind === 'length')
            this.remaining = this.framing.length;
        if (this.framing.kind === 'chunked')
            this.decoder = new ChunkedDecoder();
        if (read.rest.length > 0)
            this.early = read.rest;
        this.mode = 'undecided';
        this.pauseSocket();
        if (this.framing.kind === 'length' && this.remaining === 0)
            this.finishBody();
        this.onHead(this.parsed);
        return false;
    }
    /**
     * Passes body bytes on (pushed, or written to the sink); false when the socket should stop reading. `buffer` is
     * the shared buffer `data` lies in, freed once written; undefined for bytes that are not in one.
     */
    deliver(data, buffer) {
        if (this.mode === 'pipe')
            return this.forward(data, buffer);
        let more = true;
        if (this.framing.kind === 'chunked') {
            let parts;
            try {
                parts = this.decoder.push(data);
            }
            catch (error) {
                this.fail(error);
                return false;
            }
            for (const part of parts)
                more = this.push(part) && more;
            if (this.decoder.done)
                this.finishBody();
        }
        else if (this.framing.kind === 'length') {
            const part = this.bodyPart(data);
            more = this.push(part);
            if (this.remaining === 0)
                this.finishBody();
        }
        else {
            more = this.push(data);
        }
        if (!more)
            this.pauseSocket();
        return more && !this.finished;
    }
    bodyPart(data) {
        const part = data.subarray(0, this.remaining);
        if (data.length > part.length)
            this.overrun = true;
        this.remaining -= part.length;
        return part;
    }
    forward(data, buffer) {
        const part = this.bodyPart(data);
        this.inFlight++;
        this.sink.socket.write(part, () => this.written(buffer));
        if (this.remaining === 0) {
            this.complete();
            return false;
        }
        if (this.inFlight >= IN_FLIGHT) {
            this.pauseSocket();
            return false;
        }
        return true;
    }
    written(buffer) {
        this.inFlight--;
        if (buffer)
            freeBuffer(buffer);
        if (this.paused && this.mode === 'pipe' && !this.finished && this.inFlight < IN_FLIGHT)
            this.resumeSocket();
    }
    /** The whole body was handed to the sink. */
    complete() {
        this.finished = true;
        this.releaseConnection();
        this.sink?.resolve();
    }
    finishBody() {
        this.finished = true;
        this.releaseConnection();
        this.push(null);
    }
    releaseConnection() {
        this.paused = true;
        if (this.parsed && !this.overrun && keepsAlive(this.parsed, this.framing))
            this.connection.release();
        else
            this.connection.close();
    }
    pauseSocket() {
        this.paused = true;
        this.socket.setTimeout(0); // a consumer that is not reading is not a stalled server
    }
    resumeSocket() {
        if (!this.paused || this.finished)
            return;
        this.paused = false;
        this.socket.setTimeout(this.idleTimeoutMs);
        this.connection.resume();
    }
    fail(error) {
        if (this.finished)
            return;
        this.finished = true;
        this.connection.close();
        // Only a Readable consumer listens for 'error'; the others learn of it through their promise.
        if (this.mode === 'head')
            this.onHeadError(error);
        else if (this.mode === 'undecided')
            this.pendingError = error;
        else if (this.mode === 'pipe')
            this.sink.reject(error);
        else
            this.destroy(error);
    }
}
/**
 * PUT `body` (a SocketBody of known length) to `url`. An answer that comes before the body is all sent (a refusal)
 * is returned as it is, and the source is dropped.
 */
function socketPut(url, headers, body, idleTimeoutMs) {
    const length = body.length;
    if (length === undefined)
        return Promise.reject(new Error('socketPut needs a body of known length'));
    return new Promise((resolve, reject) => {
        const connection = takeConnection(url);
        const answer = new AnswerReader();
        let sent = false;
        let settled = false;
        const settle = (outcome) => {
            if (settled)
                return;
            settled = true;
            if ('error' in outcome) {
                connection.close();
                body.destroy();
                reject(outcome.error);
                return;
            }
            // An answer before the whole body was sent leaves the request half written: that connection cannot be reused.
            if (sent && keepsAlive(outcome.answer.head, outcome.answer.framing))
                connection.release();
            else
                connection.close();
            if (!sent)
                body.destroy();
            resolve({ ...outcome.answer.head, body: external_node_stream_.Readable.from([outcome.answer.body]) });
        };
        const answerOr = (error) => {
            const whole = answer.ended();
            return whole ? { answer: whole } : { error };
        };
        connection.hold({
            nextBuffer: takeBuffer,
            received: (bytes, buffer) => {
                try {
                    const whole = answer.push(buffer.subarray(0, bytes)); // copies what it keeps
                    if (whole)
                        settle({ answer: whole });
                }
                catch (error) {
                    settle({ error });
                }
                finally {
                    freeBuffer(buffer);
                }
                return !settled;
            },
            ended: () => settle(answerOr(connectionError(`${url.host} closed the connection without an answer`, 'ECONNRESET'))),
            // A registry that refuses the upload may answer and close while the body is still being written: the answer wins.
            failed: (error) => settle(answerOr(error))
        });
        connection.socket.setTimeout(idleTimeoutMs);
        connection.onTimeout = () => settle({ error: connectionError(`no answer from ${url.host} for ${idleTimeoutMs} ms`, 'ETIMEDOUT') });
        connection.socket.write(requestHead('PUT', url, { ...headers, 'content-length': String(length) }));
        connection.resume();
        body.pipeTo(connection.socket).then(() => (sent = true), (error) => settle({ error }));
    });
}
/** Reads a short answer (a PUT's): its head, and up to 64 KB of its body (enough to explain a refusal). */
class AnswerReader {
    headReader = new HeadReader('PUT');
    head;
    framing;
    body = [];
    kept = 0;
    received = 0;
    decoder;
    /** The whole answer once it has arrived, else undefined. */
    push(data) {
        if (!this.head) {
            const read = this.headReader.push(data);
            if (!read)
                return undefined;
            this.head = read.head;
            this.framing = read.framing;
            if (read.framing.kind === 'chunked')
                this.decoder = new ChunkedDecoder();
            data = read.rest;
        }
        const parts = this.decoder ? this.decoder.push(data) : [data];
        for (const part of parts)
            this.keep(part);
        return this.bodyDone() ? this.whole() : undefined;
    }
    /** The answer so far when the connection ended: whole if its framing lets it end here. */
    ended() {
        return this.head && (this.framing?.kind === 'close' || this.bodyDone()) ? this.whole() : undefined;
    }
    bodyDone() {
        return this.decoder?.done === true || (this.framing?.kind === 'length' && this.received >= this.framing.length);
    }
    keep(part) {
        this.received += part.length;
        if (this.kept >= MAX_HEAD_BYTES)
            return;
        const slice = part.subarray(0, MAX_HEAD_BYTES - this.kept);
        this.body.push(Buffer.from(slice));
        this.kept += slice.length;
    }
    whole() {
        const body = Buffer.concat(this.body);
        const framing = this.framing;
        return { head: this.head, framing, body: framing.kind === 'length' ? body.subarray(0, framing.length) : body };
    }
}

;// CONCATENATED MODULE: ./src/lib/oci/stream-http.ts

/**
 * A stream that moves no data for this long is dropped, and callers retry: a response that stops arriving, or an
 * upload the registry stops reading (undici's body and header timeouts, which pause while the other side of the
 * pipe holds the stream back).
 */
const DEFAULT_IDLE_TIMEOUT_MS = 120_000;
let loaded;
/**
 * Starts loading undici without waiting for it: a copy that will stream calls this first, so the load overlaps the
 * manifest round trips before the first blob moves.
 */
function preloadStreams() {
    undici().catch(() => undefined); // a failed load surfaces at the first stream
}
function undici() {
    // One connection pool per process, apart from fetch's (a different undici), so neither sees the other's options.
    loaded ??= __webpack_require__.e(/* import() */ 752).then(__webpack_require__.t.bind(__webpack_require__, 46752, 19)).then(({ Agent, request }) => ({ request, dispatcher: new Agent() }));
    return loaded;
}
async function sendStream(url, req, authorization, userAgent = 'pipeline-actions', idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS) {
    const headers = { 'user-agent': userAgent, ...req.headers, ...(authorization && { authorization }) };
    if (req.method === 'GET' && req.pipe)
        return socketGet(url, headers, idleTimeoutMs);
    if (req.method === 'PUT' && req.body instanceof SocketBody && req.body.length !== undefined)
        return socketPut(url, headers, req.body, idleTimeoutMs);
    const { request, dispatcher } = await undici();
    const response = await request(url, {
        method: req.method,
        headers,
        ...(req.body && { body: req.body }),
        dispatcher,
        headersTimeout: idleTimeoutMs,
        bodyTimeout: idleTimeoutMs
    });
    return { status: response.statusCode, headers: joinRepeated(response.headers), body: response.body };
}
/** undici gives a repeated header as an array; node:http joins it with commas (RFC 9110 5.3), as readers here expect. */
function joinRepeated(headers) {
    return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) && name !== 'set-cookie' ? value.join(', ') : value]));
}
async function readText(body) {
    const chunks = [];
    let size = 0;
    try {
        for await (const chunk of body) {
            if (size < 64 * 1024)
                chunks.push(chunk);
            size += chunk.length;
        }
    }
    catch {
        // an error body cut short still explains enough
    }
    return Buffer.concat(chunks).toString('utf8');
}

;// CONCATENATED MODULE: ./src/lib/oci/transport.ts







const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
class RegistryTransport {
    registry;
    options;
    baseUrl;
    challenge;
    tokens = new Map();
    /** Token-server round trips, for tests and logs. */
    tokenRequests = 0;
    constructor(registry, options = {}) {
        this.registry = registry;
        this.options = options;
        const plain = (0,oci_reference/* isLoopback */.U9)(registry) || options.insecure === true;
        this.baseUrl = `${plain ? 'http' : 'https'}://${(0,oci_reference/* apiHost */.nz)(registry)}`;
    }
    resolvedCredentials;
    knownCredentials;
    get hasCredentials() {
        return typeof this.options.credentials === 'function' ? this.knownCredentials !== undefined : this.options.credentials !== undefined;
    }
    credentials() {
        const source = this.options.credentials;
        this.resolvedCredentials ??= (typeof source === 'function' ? source() : Promise.resolve(source)).then((found) => (this.knownCredentials = found));
        return this.resolvedCredentials;
    }
    async request(req) {
        const once = () => this.authenticated(req);
        // Unretried requests fail raw, so the caller retrying the whole operation can tell what is worth retrying.
        if (req.retry === false)
            return once();
        try {
            return await withRetry(once, {
                policy: this.options.retry ?? DEFAULT_RETRY,
                classify: classifyRegistryFailure,
                onRetry: ({ attempt, delayMs, reason }) => this.options.onRetry?.(`${req.method} ${this.describePath(req.path)}: ${reason}; try ${attempt + 1} in ${delayMs} ms`)
            });
        }
        catch (error) {
            throw this.asRegistryError(error, req);
        }
    }
    /** Learns the registry's challenge and obtains a token for the scopes, so bad credentials fail before any write. */
    async authenticate(scopes) {
        await this.request({ method: 'GET', path: '/v2/', scopes, accept: [200] });
    }
    /**
     * The actions a Bearer token grants on a repository, when the token is a JWT with distribution's `access` claim
     * (Docker Hub, distribution, Harbor...); undefined when that cannot be known (opaque tokens, Basic, anonymous).
     */
    async grantedActions(scopes, repository) {
        const pending = this.tokens.get(scopeKey(scopes));
        const token = pending && (await pending.catch(() => undefined));
        const payload = token?.value.split('.')[1];
        if (!payload)
            return undefined;
        try {
            const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
            if (!Array.isArray(claims.access))
                return undefined;
            return claims.access.filter((a) => a.type === 'repository' && a.name === repository).flatMap((a) => a.actions ?? []);
        }
        catch {
            return undefined;
        }
    }
    asRegistryError(error, req) {
        if (error instanceof RegistryError)
            return error;
        const what = req ? `${req.method} ${this.describePath(req.path)}` : 'request';
        if (error instanceof RetryableStatusError)
            return new RegistryError(this.registry, `${what} kept failing: HTTP ${error.status}${error.detail ? ` (${error.detail})` : ''}`, error.status);
        if (error instanceof RegistryRequestTimeout)
            return new RegistryError(this.registry, `${what} kept failing: ${error.reason}, on every try (${this.baseUrl})`);
        if (isNetworkError(error))
            return new RegistryError(this.registry, `${what} failed: connection error ${networkErrorCode(error) ?? ''} (${this.baseUrl}); check the registry address and that this runner can reach it`.replace('  ', ' '));
        const unreachable = unreachableReason(networkErrorCode(error), this.baseUrl);
        if (unreachable)
            return new RegistryError(this.registry, `${what} failed: ${unreachable}`);
        return error instanceof Error ? error : new Error(String(error));
    }
    describePath(path) {
        try {
            return new URL(path, this.baseUrl).pathname;
        }
        catch {
            return path;
        }
    }
    async authenticated(req) {
        const sent = await this.authorization(req.scopes);
        let response = await this.send(req, sent);
        if (response.status === 401 && !req.accept.includes(401))
            this.refuseForeignChallenge(response.url, `${req.method} ${this.describePath(req.path)}`);
        if (response.status === 401 && !req.accept.includes(401)) {
            const challenges = parseChallenges(response.headers.get('www-authenticate'));
            await response.body?.cancel();
            const chosen = challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
            if (chosen)
                this.challenge = chosen;
            // A rejected Bearer token may have expired or lacked a scope: fetch a fresh one once. Rejected Basic
            // credentials stay rejected. A consumed stream body cannot be sent again.
            if (sent?.startsWith('Bearer '))
                this.tokens.delete(scopeKey(req.scopes));
            const canResend = chosen !== undefined && (sent === undefined || chosen.scheme === 'bearer') && !(req.retry === false && req.body);
            if (canResend) {
                const scopes = [...new Set([...req.scopes, ...(chosen.params.scope ? chosen.params.scope.split(' ') : [])])];
                response = await this.send(req, await this.authorization(req.scopes, scopes));
            }
            else {
                response = new Response(null, { status: 401 });
            }
        }
        if (req.accept.includes(response.status))
            return response;
        const text = req.method === 'HEAD' ? '' : await response.text().catch(() => '');
        throw this.failure(response.status, response.headers.get('retry-after'), text, `${req.method} ${this.describePath(req.path)}`);
    }
    /** The error for an unexpected status: retryable (429, 5xx) or a RegistryError that says what to check. */
    failure(status, retryAfter, text, what) {
        const { code, detail } = describeErrorBody(text);
        if (RETRYABLE_STATUSES.has(status))
            return new RetryableStatusError(this.registry, status, parseRetryAfter(retryAfter), detail);
        if (status === 401) {
            return new RegistryError(this.registry, `${what}: authentication failed (HTTP 401${detail ? ` ${detail}` : ''}); ${this.hasCredentials ? 'check the username and password for this registry and that they may access this repository' : 'this registry needs credentials'}`, 401, code);
        }
        if (status === 403) {
            return new RegistryError(this.registry, `${what}: access denied (HTTP 403${detail ? ` ${detail}` : ''}); the credentials lack permission for this repository`, 403, code);
        }
        return new RegistryError(this.registry, `${what}: HTTP ${status}${detail ? ` (${detail})` : ''}`, status, code);
    }
    /**
     * A GET or PUT with a stream body, for blobs: backpressure holds end to end, so a layer is never
     * buffered. GETs follow redirects (storage back ends), sending credentials only to the registry itself. Not
     * retried here: the caller retries the whole copy.
     */
    async stream(req) {
        const origin = new URL(this.baseUrl).origin;
        let url = new URL(req.path, this.baseUrl);
        let authorization = await this.authorization(req.scopes);
        let challenged = false;
        for (let hop = 0; hop < 6; hop++) {
            const sameOrigin = url.origin === origin;
            const response = await sendStream(url, req, sameOrigin ? authorization : undefined, this.options.userAgent, this.options.idleTimeoutMs);
            const { status } = response;
            if (req.method === 'GET' && REDIRECTS.has(status) && response.headers.location) {
                response.body.resume();
                url = new URL(response.headers.location, url);
                continue;
            }
            if (status === 401 && !sameOrigin) {
                response.body.resume();
                this.refuseForeignChallenge(url.href, `${req.method} ${this.describePath(req.path)}`);
            }
            if (status === 401 && sameOrigin && !req.body && !challenged) {
                challenged = true;
                response.body.resume();
                const chosen = parseChallenges(response.headers['www-authenticate']).find((c) => c.scheme === 'bearer' || c.scheme === 'basic');
                if (chosen)
                    this.challenge = chosen;
                this.tokens.delete(scopeKey(req.scopes));
                authorization = await this.authorization(req.scopes);
                continue;
            }
            if (req.accept.includes(status))
                return response;
            const text = await readText(response.body);
            throw this.failure(status, response.headers['retry-after'], text, `${req.method} ${url.pathname}`);
        }
        throw new RegistryError(this.registry, `${req.method} ${this.describePath(req.path)}: too many redirects`);
    }
    /**
     * A 401 from a host a redirect led to is not this registry asking: its challenge would send this registry's
     * credentials to a token server the user never named. Credentials go only to the registry and to the realm the
     * registry itself announces.
     */
    refuseForeignChallenge(answeredBy, what) {
        let origin;
        try {
            origin = new URL(answeredBy).origin;
        }
        catch {
            return;
        }
        if (origin === new URL(this.baseUrl).origin)
            return;
        throw new RegistryError(this.registry, `${what} was redirected to ${origin}, which asks for authentication; the credentials for ${this.registry} go only to it and to the token server it names, so this is refused`, 401);
    }
    async send(req, authorization) {
        const url = new URL(req.path, this.baseUrl);
        const sameOrigin = url.origin === new URL(this.baseUrl).origin;
        const headers = { 'user-agent': this.options.userAgent ?? 'pipeline-actions', ...req.headers };
        if (authorization && sameOrigin)
            headers.authorization = authorization;
        const body = req.body?.();
        return this.timed(() => fetch(url, {
            method: req.method,
            headers,
            ...(body !== undefined && { body, duplex: 'half' }),
            redirect: 'follow',
            signal: AbortSignal.timeout(this.requestTimeoutMs)
        }));
    }
    get requestTimeoutMs() {
        return this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    }
    /** A fetch whose timeout signal fired comes out as a RegistryRequestTimeout (retried, and named with the timeout). */
    async timed(send) {
        try {
            return await send();
        }
        catch (error) {
            if (error?.name === 'TimeoutError')
                throw new RegistryRequestTimeout(this.registry, this.requestTimeoutMs);
            throw error;
        }
    }
    /** The Authorization header for `scopes` (cached per scope set; concurrent callers share one token request). */
    async authorization(scopes, requestScopes = scopes) {
        const challenge = this.challenge;
        if (!challenge)
            return undefined;
        const credentials = await this.credentials();
        if (challenge.scheme === 'basic') {
            if (credentials?.username === IDENTITY_TOKEN_USER)
                throw new RegistryError(this.registry, 'the registry asks for Basic authentication, but the docker config holds an identity token for it (usable only with a Bearer token server)');
            return credentials ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` : undefined;
        }
        if (challenge.scheme !== 'bearer')
            return undefined;
        const key = scopeKey(scopes);
        let pending = this.tokens.get(key);
        if (pending) {
            const cached = await pending.catch(() => undefined);
            if (!cached || cached.expiresAt <= Date.now()) {
                if (this.tokens.get(key) === pending)
                    this.tokens.delete(key);
                pending = undefined;
            }
        }
        if (!pending) {
            pending = this.fetchToken(challenge, requestScopes);
            this.tokens.set(key, pending);
            pending.catch(() => this.tokens.get(key) === pending && this.tokens.delete(key));
        }
        return `Bearer ${(await pending).value}`;
    }
    async fetchToken(challenge, scopes) {
        const realm = challenge.params.realm;
        if (!realm)
            throw new RegistryError(this.registry, 'the registry asked for a Bearer token but named no realm');
        const url = new URL(realm);
        if (url.protocol === 'http:' && !(0,oci_reference/* isLoopback */.U9)(url.host) && !this.options.insecure) {
            throw new RegistryError(this.registry, `refusing to send credentials to the plain-http token realm ${url.origin}`);
        }
        if (challenge.params.service)
            url.searchParams.set('service', challenge.params.service);
        for (const scope of scopes)
            url.searchParams.append('scope', scope);
        const credentials = await this.credentials();
        const headers = { 'user-agent': this.options.userAgent ?? 'pipeline-actions' };
        // An identity token is an OAuth2 refresh token: POSTed to the realm (distribution's token spec, "oauth"), not Basic.
        const oauth = credentials?.username === IDENTITY_TOKEN_USER ? oauthForm(credentials.password, challenge.params.service, scopes) : undefined;
        if (credentials && !oauth)
            headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
        if (oauth)
            headers['content-type'] = 'application/x-www-form-urlencoded';
        const response = await withRetry(async () => {
            this.tokenRequests++;
            const signal = AbortSignal.timeout(this.requestTimeoutMs);
            const answer = await this.timed(() => (oauth ? fetch(`${url.origin}${url.pathname}`, { method: 'POST', headers, body: oauth, signal }) : fetch(url, { headers, signal })));
            if (RETRYABLE_STATUSES.has(answer.status)) {
                const { detail } = describeErrorBody(await answer.text().catch(() => ''));
                throw new RetryableStatusError(this.registry, answer.status, parseRetryAfter(answer.headers.get('retry-after')), detail);
            }
            return answer;
        }, { policy: this.options.retry ?? DEFAULT_RETRY, classify: classifyRegistryFailure }).catch((error) => {
            throw this.asRegistryError(error, { method: 'GET', path: `${url.origin}${url.pathname}` });
        });
        if (!response.ok) {
            const { detail } = describeErrorBody(await response.text().catch(() => ''));
            throw new RegistryError(this.registry, `the token server ${url.origin}${url.pathname} refused ${credentials ? 'the credentials' : 'an anonymous token'} (HTTP ${response.status}${detail ? ` ${detail}` : ''})`, response.status);
        }
        const body = (await response.json());
        const value = body.token ?? body.access_token;
        if (!value)
            throw new RegistryError(this.registry, `the token server ${url.origin} answered without a token`);
        // Renew a little early so a token never expires mid-request.
        const lifetimeMs = Math.max(30, body.expires_in ?? 60) * 1000;
        return { value, expiresAt: Date.now() + lifetimeMs - 10_000 };
    }
}
function oauthForm(refreshToken, service, scopes) {
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'pipeline-actions' });
    if (service)
        form.set('service', service);
    if (scopes.length > 0)
        form.set('scope', scopes.join(' '));
    return form.toString();
}
function scopeKey(scopes) {
    return [...scopes].sort().join(' ');
}
function pullScope(repository) {
    return `repository:${repository}:pull`;
}
function pushScope(repository) {
    return `repository:${repository}:pull,push`;
}
/**
 * Failures no retry can fix, in words a user can act on: a host name that does not resolve, a certificate the runner
 * does not trust. Undefined for anything else (a real defect stays a bug report).
 */
function unreachableReason(code, baseUrl) {
    if (code === undefined)
        return undefined;
    const host = new URL(baseUrl).host;
    if (code === 'ENOTFOUND')
        return `the host name ${host} does not resolve (ENOTFOUND): check the registry in the image reference, and that this runner's DNS knows it`;
    if (/^(?:CERT_|ERR_TLS_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)/.test(code)) {
        return `the TLS certificate of ${host} is not trusted (${code}): give the runner its CA (NODE_EXTRA_CA_CERTS), or fix the certificate`;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/lib/oci/client.ts







/**
 * Blobs from this size up are copied socket to socket (socket-pipe.ts), at a fraction of the CPU per byte. Smaller
 * ones share undici's pool with every other stream, where the bytes saved are too few to matter.
 */
const PIPE_MIN_BYTES = 1024 * 1024;
const piped = (blob) => blob.size >= PIPE_MIN_BYTES;
/** Slots no other copy shares: one blob on its own. */
const ownSlots = () => ({ streams: createLimiter(1), ahead: createLimiter(1) });
class RegistryClient {
    registry;
    options;
    transport;
    stats = { blobsMounted: 0, blobsCopied: 0, blobsSkipped: 0, bytesCopied: 0, manifestsWritten: 0 };
    constructor(registry, options = {}) {
        this.registry = registry;
        this.options = options;
        this.transport = new RegistryTransport(registry, options);
    }
    /** Obtains authorization for `repository` (push too when `write`), failing early on bad credentials. */
    async checkAccess(repository, write, extraScopes = []) {
        const scopes = [write ? pushScope(repository) : pullScope(repository), ...extraScopes];
        await this.transport.authenticate(scopes);
        if (!write)
            return;
        const granted = await this.transport.grantedActions(scopes, repository);
        if (granted && !granted.includes('push') && !granted.includes('*')) {
            throw new RegistryError(this.registry, `the credentials may not push to ${repository} (the token server granted ${granted.length > 0 ? granted.join(', ') : 'no access'})`, 403);
        }
    }
    /** The manifest bytes exactly as stored; undefined when the registry has no such tag or digest. */
    async getManifest(repository, reference) {
        const path = `/v2/${repository}/manifests/${reference}`;
        const response = await this.transport.request({ method: 'GET', path, scopes: [pullScope(repository)], headers: { accept: MANIFEST_ACCEPT }, accept: [200, 404] });
        if (response.status === 404) {
            await response.body?.cancel();
            return undefined;
        }
        const bytes = Buffer.from(await response.arrayBuffer());
        const digest = sha256Digest(bytes);
        if (reference.startsWith('sha256:') && reference !== digest) {
            throw new RegistryError(this.registry, `the manifest served for ${repository}@${reference} hashes to ${digest}; refusing it`);
        }
        const mediaType = parseManifest(bytes, response.headers.get('content-type') ?? undefined).mediaType;
        return { bytes, mediaType, digest };
    }
    /** The digest a tag or digest points at, without the body; undefined when absent. */
    async headManifest(repository, reference) {
        const path = `/v2/${repository}/manifests/${reference}`;
        const response = await this.transport.request({ method: 'HEAD', path, scopes: [pullScope(repository)], headers: { accept: MANIFEST_ACCEPT }, accept: [200, 404] });
        if (response.status === 404)
            return undefined;
        const digest = response.headers.get('docker-content-digest');
        if (!digest) {
            // Some registries omit the header on HEAD: the body is the only trustworthy source.
            const manifest = await this.getManifest(repository, reference);
            return manifest && { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.bytes.length };
        }
        return { digest, mediaType: response.headers.get('content-type') ?? '', size: Number(response.headers.get('content-length') ?? 0) };
    }
    /** Every tag of a repository (following `Link` pagination); empty when the repository does not exist. */
    async listTags(repository) {
        const tags = [];
        let path = `/v2/${repository}/tags/list?n=1000`;
        while (path) {
            const response = await this.transport.request({ method: 'GET', path, scopes: [pullScope(repository)], accept: [200, 404] });
            if (response.status === 404) {
                await response.body?.cancel();
                return tags;
            }
            const body = (await response.json());
            tags.push(...(body.tags ?? []));
            const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(response.headers.get('link') ?? '')?.[1];
            path = next && new URL(next, this.transport.baseUrl).toString();
        }
        return tags;
    }
    /**
     * Stores the bytes unchanged under a tag or their digest; returns the digest the registry reports. Bytes are
     * never sent under a digest they do not hash to, so a DIGEST_INVALID answer is the registry's own transient
     * failure and is retried: distribution's filesystem storage rewrites a blob's link file in place whenever the blob
     * is uploaded or mounted again, and a manifest PUT that checks that blob meanwhile reads an empty link and answers
     * DIGEST_INVALID (another job pushing the same base layers is enough).
     */
    async putManifest(repository, reference, manifest) {
        const digest = sha256Digest(manifest.bytes);
        if (reference.startsWith('sha256:') && reference !== digest)
            throw new Error(`refusing to store a manifest that hashes to ${digest} under ${repository}@${reference}`);
        const response = await withRetry(() => this.transport.request({
            method: 'PUT',
            path: `/v2/${repository}/manifests/${reference}`,
            scopes: [pushScope(repository)],
            headers: { 'content-type': manifest.mediaType },
            body: () => new Uint8Array(manifest.bytes),
            accept: [200, 201]
        }), {
            policy: this.options.retry ?? DEFAULT_RETRY,
            classify: (error) => error instanceof RegistryError && error.status === 400 && error.code === 'DIGEST_INVALID'
                ? { retry: true, reason: `the registry reported a digest mismatch for bytes that hash to ${digest}` }
                : { retry: false },
            onRetry: ({ attempt, delayMs, reason }) => this.options.onRetry?.(`PUT /v2/${repository}/manifests/${reference}: ${reason}; try ${attempt + 1} in ${delayMs} ms`)
        });
        await response.body?.cancel();
        this.stats.manifestsWritten++;
        return response.headers.get('docker-content-digest') ?? digest;
    }
    async hasBlob(repository, digest) {
        const response = await this.transport.request({ method: 'HEAD', path: `/v2/${repository}/blobs/${digest}`, scopes: [pullScope(repository)], accept: [200, 404] });
        return response.status === 200;
    }
    /**
     * Asks the registry to link a blob from another repository (201: no upload). When it will not (202), returns the
     * upload session it opened instead.
     */
    async mountBlob(repository, digest, fromRepository) {
        const response = await this.transport.request({
            method: 'POST',
            path: `/v2/${repository}/blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(fromRepository)}`,
            scopes: [pushScope(repository), pullScope(fromRepository)],
            headers: { 'content-length': '0' },
            accept: [201, 202]
        });
        await response.body?.cancel();
        if (response.status === 201)
            return { mounted: true };
        return { mounted: false, location: this.location(response) };
    }
    async startUpload(repository) {
        const response = await this.transport.request({
            method: 'POST',
            path: `/v2/${repository}/blobs/uploads/`,
            scopes: [pushScope(repository)],
            headers: { 'content-length': '0' },
            accept: [202]
        });
        await response.body?.cancel();
        return this.location(response);
    }
    /**
     * A blob as a Node stream (never buffered), with its size. `pipe` reads it through the socket pipe, for a copy
     * that uploads it right away (see PIPE_MIN_BYTES).
     */
    async openBlob(repository, digest, pipe = false) {
        const { body, headers } = await this.transport.stream({
            method: 'GET',
            path: `/v2/${repository}/blobs/${digest}`,
            scopes: [pullScope(repository)],
            headers: { 'accept-encoding': 'identity' },
            accept: [200],
            pipe
        });
        const length = headers['content-length'];
        return { body, size: length === undefined ? undefined : Number(length) };
    }
    /** Completes an upload session with one streamed PUT; the registry checks the digest. */
    async finishUpload(repository, location, digest, body, size) {
        const url = new URL(location, this.transport.baseUrl);
        url.searchParams.set('digest', digest);
        const response = await this.transport.stream({
            method: 'PUT',
            path: url.toString(),
            scopes: [pushScope(repository)],
            headers: { 'content-type': 'application/octet-stream', ...(size !== undefined && { 'content-length': String(size) }) },
            body,
            accept: [201, 204]
        });
        response.body.resume();
    }
    /**
     * Makes `descriptor` exist in `repository`: a mount when the source is on this registry; else nothing when the
     * blob is already there, or a stream from `source` straight into an upload (the whole operation is retried).
     * `slots` bounds the work when several blobs are copied at once (see CopySlots); each call is on its own without.
     */
    async ensureBlob(descriptor, repository, source, sourceRepository, slots = ownSlots()) {
        const { digest } = descriptor;
        const retried = (operation) => this.retriedBlobWrite('copy', repository, digest, operation);
        // On one registry a mount answers 201 whether or not the blob is already linked: a HEAD first would only add a
        // round trip.
        if (source.registry === this.registry)
            return slots.streams.run(() => retried(() => this.mountOrCopy(descriptor, repository, source, sourceRepository)));
        // Across registries the blob's HEAD and its upload session happen while it waits for a stream slot, so a slot
        // that frees up moves bytes after one round trip (the source GET), not three.
        const leaveAhead = await slots.ahead.acquire();
        let session;
        let leaveStream;
        try {
            if (await this.hasBlob(repository, digest)) {
                this.stats.blobsSkipped++;
                return 'present';
            }
            session = this.startUpload(repository);
            session.catch(() => undefined); // read below, once the stream slot is ours
            leaveStream = await slots.streams.acquire();
        }
        finally {
            leaveAhead();
        }
        try {
            return await retried(async () => {
                // The first try uses the session opened ahead; a retry opens a fresh one. Either way the source stream opens
                // at the same time, so no round trip is spent on the session alone.
                const opening = session ?? this.startUpload(repository);
                session = undefined;
                const [opened, blob] = await Promise.allSettled([opening, source.openBlob(sourceRepository, digest, piped(descriptor))]);
                if (opened.status === 'rejected' || blob.status === 'rejected') {
                    if (blob.status === 'fulfilled')
                        blob.value.body.destroy();
                    throw opened.status === 'rejected' ? opened.reason : blob.reason;
                }
                return this.upload(repository, opened.value, descriptor, blob.value);
            });
        }
        finally {
            leaveStream();
        }
    }
    /** A whole blob write (session, stream, commit), retried as one; a failure on every try names the blob's PUT. */
    retriedBlobWrite(what, repository, digest, operation) {
        return withRetry(operation, {
            policy: this.options.retry ?? DEFAULT_RETRY,
            classify: classifyRegistryFailure,
            onRetry: ({ attempt, delayMs, reason }) => this.options.onRetry?.(`${what} of blob ${digest}: ${reason}; try ${attempt + 1} in ${delayMs} ms`)
        }).catch((error) => {
            throw this.transport.asRegistryError(error, { method: 'PUT', path: `/v2/${repository}/blobs/${digest}` });
        });
    }
    async mountOrCopy(descriptor, repository, source, sourceRepository) {
        const { digest } = descriptor;
        // Credentials that may not read the source repository cannot mount from it: copy through the source client.
        const mount = await this.mountBlob(repository, digest, sourceRepository).catch((error) => {
            if (error instanceof RegistryError && (error.status === 401 || error.status === 403))
                return undefined;
            throw error;
        });
        if (mount?.mounted) {
            this.stats.blobsMounted++;
            return 'mounted';
        }
        const location = mount?.location ?? (await this.startUpload(repository));
        return this.upload(repository, location, descriptor, await source.openBlob(sourceRepository, digest, piped(descriptor)));
    }
    /** Streams an opened source blob into an upload session (the stream is destroyed when the upload fails). */
    async upload(repository, location, descriptor, blob) {
        try {
            await this.finishUpload(repository, location, descriptor.digest, blob.body, blob.size ?? descriptor.size);
        }
        catch (error) {
            blob.body.destroy();
            throw error;
        }
        this.stats.blobsCopied++;
        this.stats.bytesCopied += descriptor.size;
        return 'copied';
    }
    /**
     * Makes a local blob exist in `repository`: nothing when it is already there, else an upload of `open()`'s stream
     * (a fresh one for every try; the whole upload is retried as `ensureBlob`'s copy is).
     */
    async uploadBlob(repository, descriptor, open) {
        const { digest } = descriptor;
        if (await this.hasBlob(repository, digest)) {
            this.stats.blobsSkipped++;
            return 'present';
        }
        await this.retriedBlobWrite('upload', repository, digest, async () => {
            const location = await this.startUpload(repository);
            const body = open();
            try {
                await this.finishUpload(repository, location, digest, body, descriptor.size);
            }
            finally {
                body.destroy();
            }
        });
        this.stats.blobsCopied++;
        this.stats.bytesCopied += descriptor.size;
        return 'uploaded';
    }
    /**
     * Manifests that name `digest` as their subject. Uses the referrers API; when the registry lacks it, reads the
     * `sha256-<hex>` fallback index. `supported` tells which one answered.
     */
    async referrers(repository, digest) {
        const response = await this.transport.request({
            method: 'GET',
            path: `/v2/${repository}/referrers/${digest}`,
            scopes: [pullScope(repository)],
            headers: { accept: OCI_INDEX },
            accept: [200, 400, 404, 405]
        });
        if (response.status === 200 && (response.headers.get('content-type') ?? '').includes(OCI_INDEX)) {
            const bytes = Buffer.from(await response.arrayBuffer());
            return { supported: true, descriptors: parseManifest(bytes, OCI_INDEX).manifests };
        }
        await response.body?.cancel();
        const fallback = await this.getManifest(repository, digest_referrersTag(digest));
        return { supported: false, descriptors: fallback ? parseManifest(fallback.bytes, fallback.mediaType).manifests : [] };
    }
    location(response) {
        const location = response.headers.get('location');
        if (!location)
            throw new RegistryError(this.registry, 'the registry opened an upload without a Location header');
        return new URL(location, this.transport.baseUrl).toString();
    }
}

// EXTERNAL MODULE: ./src/lib/action/secrets.ts
var secrets = __webpack_require__(9887);
// EXTERNAL MODULE: ./src/lib/action/log-text.ts
var log_text = __webpack_require__(43818);
;// CONCATENATED MODULE: ./src/lib/oci/credentials.ts
/** Registry credentials: given by inputs, or found in a docker `config.json` (`auths`, credential helpers). */





const DOCKER_HUB_KEYS = ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'];
/** The `auths` entry for a registry; keys may be bare hosts or URLs (`https://host/v1/`). */
function credentialsFromDockerConfig(config, registry) {
    const wanted = (0,oci_reference/* normaliseRegistry */.Me)(registry);
    for (const [key, entry] of Object.entries(config.auths ?? {})) {
        const host = (0,oci_reference/* normaliseRegistry */.Me)(key.replace(/^https?:\/\//, '').replace(/\/.*$/, ''));
        const matches = host === wanted || (wanted === oci_reference/* DOCKER_HUB */.Xb && DOCKER_HUB_KEYS.includes(key));
        if (!matches)
            continue;
        if (entry.identitytoken)
            return { username: '<token>', password: entry.identitytoken };
        if (entry.username && entry.password)
            return { username: entry.username, password: entry.password };
        if (entry.auth) {
            const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
            const colon = decoded.indexOf(':');
            if (colon > 0)
                return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
        }
    }
    return undefined;
}
/** `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`; undefined when absent or unreadable. */
function readDockerConfig(env = process.env) {
    const file = external_node_path_default().join(env.DOCKER_CONFIG ?? external_node_path_default().join(env.HOME ?? (0,external_node_os_.homedir)(), '.docker'), 'config.json');
    if (!(0,external_node_fs_.existsSync)(file))
        return undefined;
    try {
        return JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
    }
    catch {
        return undefined;
    }
}
/**
 * Where the docker CLI would look for this registry's credentials: its `credHelpers` entry, then a stored `auths`
 * entry, then `credsStore`. `runHelper` is the helper runner (tests may pass another program runner).
 */
function dockerConfigCredentials(config, registry, runHelper = runCredentialHelper) {
    if (!config)
        return undefined;
    const ownHelper = helperFor({ credHelpers: config.credHelpers ?? {} }, registry);
    if (ownHelper)
        return () => runHelper(ownHelper, registry);
    const stored = credentialsFromDockerConfig(config, registry);
    if (stored)
        return stored;
    const store = helperFor({ ...(config.credsStore && { credsStore: config.credsStore }) }, registry);
    return store ? () => runHelper(store, registry) : undefined;
}
/**
 * Masks what credentials put in a log if echoed: the password, and the base64 of `user:password` that a Basic
 * Authorization header carries (a registry that echoes the header would print it).
 */
function maskCredentials(credentials, mask) {
    mask(credentials.password);
    mask(Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64'));
}
/** Calls maskCredentials with what the source yields, when it yields it (a helper's secret is known only then). */
function maskingSecrets(source, mask) {
    if (source === undefined)
        return undefined;
    if (typeof source !== 'function') {
        maskCredentials(source, mask);
        return source;
    }
    return async () => {
        const found = await source();
        if (found)
            maskCredentials(found, mask);
        return found;
    };
}

;// CONCATENATED MODULE: ./src/lib/oci/tree.ts




async function loadTree(client, repository, manifest) {
    const parsed = parseManifest(manifest.bytes, manifest.mediaType);
    const children = await mapLimit(parsed.manifests, 4, async (child) => {
        const loaded = await client.getManifest(repository, child.digest);
        if (!loaded) {
            throw new RegistryError(client.registry, `${repository}@${manifest.digest} lists ${child.digest}${platformOf(child.platform)}, which the registry does not have`);
        }
        return loadTree(client, repository, loaded);
    });
    return { manifest, parsed, children };
}
/**
 * Blob copies in flight at once by default: each is one stream from the source into an upload, never buffered; as
 * many more wait for a slot with their HEAD answered and their upload session open.
 */
const DEFAULT_BLOB_CONCURRENCY = 6;
/** Cross-repository mounts in flight at once by default (on one registry: no bytes move, only round trips). */
const DEFAULT_MOUNT_CONCURRENCY = 16;
function createCopyScope(sameRegistry, concurrency) {
    const limit = concurrency ?? (sameRegistry ? DEFAULT_MOUNT_CONCURRENCY : DEFAULT_BLOB_CONCURRENCY);
    return { slots: { streams: createLimiter(limit), ahead: createLimiter(limit) }, blobs: new Map(), manifests: new Map() };
}
/**
 * Makes the whole tree exist by digest in `targetRepository`: every platform of an index at once, every blob of the
 * tree within one bound, a blob several platforms share copied once, each manifest once its content is there. A
 * manifest the target already has is skipped with everything under it.
 */
async function copyTree(tree, source, sourceRepository, target, targetRepository, options = {}) {
    const scope = options.scope ?? createCopyScope(source.registry === target.registry, options.concurrency);
    if (source.registry !== target.registry)
        preloadStreams();
    const once = (map, key, write) => {
        let pending = map.get(key);
        if (!pending) {
            pending = write();
            map.set(key, pending);
        }
        return pending;
    };
    const ensure = (blob) => once(scope.blobs, blob.digest, () => target.ensureBlob(blob, targetRepository, source, sourceRepository, scope.slots));
    const copy = async (node, top) => {
        const content = async () => {
            if (await target.headManifest(targetRepository, node.manifest.digest))
                return false;
            await Promise.all([...node.children.map((child) => copy(child, false)), ...node.parsed.blobs.filter((blob) => !isForeignLayer(blob)).map(ensure)]);
            return true;
        };
        // A top manifest written by the caller under a tag is not shared: another tree holding it still writes it.
        if (top && options.skipTopManifest)
            return void (await content());
        await once(scope.manifests, node.manifest.digest, async () => {
            if (await content())
                await target.putManifest(targetRepository, node.manifest.digest, node.manifest);
        });
    };
    await copy(tree, true);
}
function platformOf(platform) {
    if (!platform)
        return '';
    return ` (${platformText(platform)})`;
}

;// CONCATENATED MODULE: ./src/build-push/labels.ts
const LABEL = {
    source: 'org.opencontainers.image.source',
    revision: 'org.opencontainers.image.revision',
    created: 'org.opencontainers.image.created',
    version: 'org.opencontainers.image.version',
    title: 'org.opencontainers.image.title',
    url: 'org.opencontainers.image.url',
    licenses: 'org.opencontainers.image.licenses'
};
function imageLabels({ context, commit, created, version, extra }) {
    const { owner, repo } = context.repository;
    const url = owner && repo ? `${context.serverUrl}/${owner}/${repo}` : '';
    const license = context.event.repository?.license?.spdx_id;
    const labels = {
        ...(url && { [LABEL.source]: url }),
        ...(commit && { [LABEL.revision]: commit }),
        [LABEL.created]: created,
        ...(version && { [LABEL.version]: version }),
        ...(repo && { [LABEL.title]: repo }),
        ...(url && { [LABEL.url]: url }),
        ...(typeof license === 'string' && license !== '' && license !== 'NOASSERTION' && { [LABEL.licenses]: license })
    };
    return { ...labels, ...extra };
}

;// CONCATENATED MODULE: ./src/build-push/registry.ts
/**
 * Everything build-push asks a registry, through the shared OCI client: is this commit already built, would a
 * protected tag move, what digest did the push leave, and the extra tags (manifest PUTs, never a second push).
 */






function createClients(config, retry) {
    const dockerConfig = readDockerConfig();
    // Masked before any request or build: the password and the base64 the Basic header (and the auth file) carry.
    if (config.credentials)
        maskCredentials(config.credentials, secrets/* maskSecret */.$);
    const cache = new Map();
    return (registry) => {
        let client = cache.get(registry);
        if (!client) {
            const credentials = config.credentials ?? maskingSecrets(dockerConfigCredentials(dockerConfig, registry), secrets/* maskSecret */.$);
            client = new RegistryClient(registry, {
                ...(credentials && { credentials }),
                insecure: config.insecureRegistries.includes(registry),
                ...(retry && { retry }),
                onRetry: (message) => (0,log_text/* logText */.kc)(`retrying: ${message}`)
            });
            cache.set(registry, client);
        }
        return client;
    };
}
/** The image a tag points at, with its revision label and size; undefined when the tag does not exist. */
async function readStoredImage(client, repository, reference) {
    const manifest = await client.getManifest(repository, reference);
    if (!manifest)
        return undefined;
    const tree = await loadTree(client, repository, manifest);
    let size = 0;
    const visit = (node) => {
        size += node.manifest.bytes.length + node.parsed.blobs.reduce((sum, blob) => sum + blob.size, 0);
        node.children.forEach(visit);
    };
    visit(tree);
    // An index may hold attestation manifests (platform unknown/unknown): the labels live on a real image.
    const real = tree.parsed.isIndex ? tree.parsed.manifests.filter((m) => m.platform?.os !== 'unknown') : [];
    const image = tree.parsed.isIndex ? tree.children.find((_child, i) => tree.parsed.manifests[i]?.platform?.os !== 'unknown') : tree;
    const configDescriptor = image?.parsed.blobs[0];
    let revision;
    let labels = {};
    let platforms = real.map((m) => platformName(m.platform ?? {}));
    if (configDescriptor && image && !image.parsed.isIndex) {
        const blob = await client.openBlob(repository, configDescriptor.digest);
        const config = (await new Response(blob.body).json());
        labels = config.config?.Labels ?? {};
        revision = labels[LABEL.revision];
        if (!tree.parsed.isIndex)
            platforms = [platformName(config)];
    }
    return { manifest, revision, labels, size, platforms };
}
/** Points `tag` at the manifest (the bytes as stored, so the digest is identical). */
async function tagManifest(client, repository, tag, manifest) {
    const existing = await client.headManifest(repository, tag);
    if (existing?.digest === manifest.digest)
        return 'unchanged';
    await client.putManifest(repository, tag, manifest);
    return existing ? 'moved' : 'created';
}
/** Makes the image (and, for an index, every platform) exist in another repository: mounts or streamed copies. */
async function copyImage(source, from, manifest, target, to) {
    const tree = await loadTree(source, from.repository, manifest);
    await copyTree(tree, source, from.repository, target, to.repository);
}
function platformName(platform) {
    return [platform.os ?? 'linux', platform.architecture ?? 'unknown', platform.variant].filter(Boolean).join('/');
}

// EXTERNAL MODULE: ./src/build-push/tags.ts
var tags = __webpack_require__(36166);
;// CONCATENATED MODULE: ./src/build-push/build-cache.ts
/** Which build cache this run uses (registry, gha or none), after a quick probe that the registry cache answers. */



async function planBuildCache(inputs, context, builder) {
    if (inputs.cache === 'none')
        return { cache: { kind: 'none' } };
    if (inputs.cache === 'gha') {
        const name = (0,tags/* sanitizeTag */.iP)((0,tags/* branchOf */.W0)(context) ?? context.event.pull_request?.head?.ref ?? 'default');
        const fallback = typeof context.event.repository?.default_branch === 'string' ? (0,tags/* sanitizeTag */.iP)(context.event.repository.default_branch) : undefined;
        return { cache: { kind: 'gha', scope: name, ...(fallback && fallback !== name && { fallbackScopes: [fallback] }) } };
    }
    if (builder === 'buildah' && inputs.platforms.length > 1) {
        return { cache: { kind: 'none' }, cacheWarning: `buildah builds several platforms without its layer cache (it does not tell platforms apart in cached layers), so the registry cache is not used for ${inputs.platforms.join(', ')}` };
    }
    const repository = inputs.cacheRepository;
    // A cache that does not answer quickly is not worth waiting for: the build goes on without it.
    const probe = createClients(inputs, { attempts: 2, baseDelayMs: 200, maxDelayMs: 1000, maxRetryAfterMs: 2000 })(repository.registry);
    try {
        await probe.checkAccess(repository.repository, true);
    }
    catch (error) {
        return { cache: { kind: 'none' }, cacheWarning: `the registry cache ${repository.registry}/${repository.repository} is unavailable (${(0,errors/* errorMessage */.gJ)(error)}); building without it` };
    }
    return { cache: { kind: 'registry', repository: `${repository.registry}/${repository.repository}` } };
}

;// CONCATENATED MODULE: ./src/lib/oci/layout.ts
/**
 * Pushes an OCI image layout (the directory a builder exports to) to a registry through the client: every blob
 * (skipped when present), then the manifests children first, the top one under a tag. Each request is retried as
 * the client retries (bounded, with backoff, honouring Retry-After), so one transient failure does not fail a push.
 */






function blobPath(layout, digest) {
    const [algorithm, hex] = digest.split(':');
    if (!algorithm || !hex || !/^[a-z0-9]+$/.test(algorithm) || !/^[a-f0-9]+$/.test(hex))
        throw new Error(`${layout}: '${digest}' is not a digest`);
    return external_node_path_default().join(layout, 'blobs', algorithm, hex);
}
/** The manifest the layout's index.json names (it must name exactly one), its bytes checked against its digest. */
function readLayoutManifest(layout) {
    const index = JSON.parse((0,external_node_fs_.readFileSync)(external_node_path_default().join(layout, 'index.json'), 'utf8'));
    const [top, ...more] = index.manifests ?? [];
    if (!top || more.length > 0)
        throw new Error(`${layout}: index.json names ${index.manifests?.length ?? 0} manifests, not one`);
    return readManifest(layout, top);
}
function readManifest(layout, descriptor) {
    const bytes = (0,external_node_fs_.readFileSync)(blobPath(layout, descriptor.digest));
    const digest = sha256Digest(bytes);
    if (digest !== descriptor.digest)
        throw new Error(`${layout}: the manifest ${descriptor.digest} hashes to ${digest}`);
    return { bytes, digest, mediaType: parseManifest(bytes, descriptor.mediaType).mediaType };
}
/** Pushes the layout's image (an index with all its images) to `repository:tag`; returns the manifest stored. */
async function pushLayout(client, layout, repository, tag) {
    const manifest = readLayoutManifest(layout);
    await pushManifest(client, layout, repository, manifest, tag);
    return manifest;
}
async function pushManifest(client, layout, repository, manifest, reference) {
    const parsed = parseManifest(manifest.bytes, manifest.mediaType);
    for (const child of parsed.manifests)
        await pushManifest(client, layout, repository, readManifest(layout, child), child.digest);
    const blobs = parsed.blobs.filter((blob) => !isForeignLayer(blob));
    await mapLimit(blobs, 6, (blob) => client.uploadBlob(repository, blob, () => (0,external_node_fs_.createReadStream)(blobPath(layout, blob.digest))));
    const stored = await client.putManifest(repository, reference, manifest);
    if (stored !== manifest.digest)
        throw new RegistryError(client.registry, `${repository}:${reference} was stored as ${stored}, not as the pushed ${manifest.digest}`);
}

// EXTERNAL MODULE: ./src/build-push/build-secrets.ts
var build_secrets = __webpack_require__(80211);
;// CONCATENATED MODULE: ./src/build-push/build-spec.ts
/** Labels in key order, so the argument vector (and the image config) does not depend on input order. */
function sortedLabels(labels) {
    return Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

// EXTERNAL MODULE: ./src/build-push/dockerfile.ts
var dockerfile = __webpack_require__(98661);
;// CONCATENATED MODULE: ./src/build-push/cache-result.ts
/** buildah with `--layers`: every step that commits a layer prints either `--> Using cache <id>` or runs afresh. */
function buildahCacheResult(mode, output, warning) {
    if (mode === 'none')
        return { mode, status: 'off', cachedSteps: 0, cacheableSteps: 0 };
    const cached = (output.match(/^--> Using cache /gm) ?? []).length;
    const pushed = (output.match(/^--> Pushing cache /gm) ?? []).length;
    const committed = cached + pushed;
    const status = warning ? 'unavailable' : committed === 0 ? 'miss' : cached === committed ? 'hit' : cached === 0 ? 'miss' : 'partial';
    return { mode, status, cachedSteps: cached, cacheableSteps: committed, ...(warning && { warning }) };
}
/** BuildKit's plain progress marks steps served from the cache with `CACHED`. A read-only cache (the builder cannot
 * export one) still reports what it served; its warning says why it was not written. */
function buildxCacheResult(mode, output, warning, readOnly = false) {
    if (mode === 'none')
        return { mode, status: 'off', cachedSteps: 0, cacheableSteps: 0 };
    const steps = new Set([...output.matchAll(/^#(\d+) \[[^\]]*\] (?:RUN|COPY|ADD)/gm)].map((m) => m[1]));
    const cached = new Set([...output.matchAll(/^#(\d+) CACHED/gm)].map((m) => m[1]).filter((id) => steps.has(id)));
    const exportFailed = /error: failed to (?:export|import|solve).*cache|failed to (?:export|import) cache/i.test(output);
    const warn = warning ?? (exportFailed ? 'the builder could not read or write the cache (ignored)' : undefined);
    const status = warn && !(readOnly && !exportFailed) ? 'unavailable' : steps.size === 0 ? 'miss' : cached.size === steps.size ? 'hit' : cached.size === 0 ? 'miss' : 'partial';
    return { mode, status, cachedSteps: cached.size, cacheableSteps: steps.size, ...(warn && { warning: warn }) };
}
/** The build failed because of the cache (buildah 1.28 fails the build when it cannot push a cache layer). */
function isBuildahCacheFailure(output) {
    return /^Error: .*(?:pushing cache|pulling cache|cache (?:from|to))/im.test(output);
}

;// CONCATENATED MODULE: ./src/build-push/builders/buildah-argv.ts
/**
 * Exact argument vectors for buildah (daemonless; runs as root with vfs storage and chroot isolation, which work on
 * any Linux host and inside containers). Every invocation names its own storage root, so runs never share state.
 */


function buildahGlobal(storage) {
    return ['buildah', '--root', storage.root, '--runroot', storage.runroot, '--storage-driver', storage.driver];
}
/**
 * A single platform tags the image `localName`; several build into the manifest list `localName`. `labelledFile`:
 * a copy of the Dockerfile that sets the labels itself (one step instead of one per `--label`).
 */
function buildahBudArgv(spec, storage, localName, labelledFile) {
    const argv = [...buildahGlobal(storage), 'bud', '--isolation', storage.isolation, '--file', labelledFile ?? spec.file];
    if (spec.target)
        argv.push('--target', spec.target);
    for (const arg of spec.buildArgs)
        argv.push('--build-arg', `${arg.name}=${arg.value}`);
    if (!labelledFile)
        for (const [key, value] of sortedLabels(spec.labels))
            argv.push('--label', `${key}=${value}`);
    argv.push(...(0,build_secrets/* secretArgs */.s9)(spec.secrets, spec.ssh));
    argv.push('--timestamp', String(spec.timestamp));
    // buildah 1.28 keys cached layers without the platform: a FROM scratch stage built for a second platform reuses
    // the first platform's image, and the list ends up with one entry. Several platforms therefore build uncached.
    if (spec.platforms.length <= 1) {
        argv.push('--layers');
        if (spec.cache.kind === 'registry')
            argv.push('--cache-from', spec.cache.repository, '--cache-to', spec.cache.repository);
    }
    if (spec.insecure)
        argv.push('--tls-verify=false');
    if (spec.authFile)
        argv.push('--authfile', spec.authFile);
    if (spec.platforms.length > 1)
        argv.push('--platform', spec.platforms.join(','), '--manifest', localName);
    else
        argv.push(...(spec.platforms[0] ? ['--platform', spec.platforms[0]] : []), '--tag', localName);
    argv.push(spec.context);
    return argv;
}
/**
 * Exports the image (or the manifest list with every platform) to an OCI image layout directory: the push to the
 * registry is the OCI client's (src/lib/oci/layout.ts), which retries each request; buildah's own push does not
 * retry a 5xx.
 */
function buildahExportArgv(storage, localName, layout, list) {
    return [...buildahGlobal(storage), ...(list ? ['manifest', 'push', '--all'] : ['push']), localName, `oci:${layout}`];
}

;// CONCATENATED MODULE: ./src/build-push/builders/buildah.ts
/** Runs buildah: build into the run's own storage, then export the image (or manifest list) to an OCI layout to push. */









const LOCAL_NAME = 'localhost/build-push:build';
function buildahStorage(workdir) {
    return {
        root: external_node_path_default().join(workdir, 'storage'),
        runroot: external_node_path_default().join(workdir, 'runroot'),
        driver: process.env.BUILD_PUSH_BUILDAH_STORAGE_DRIVER ?? 'vfs',
        isolation: process.env.BUILD_PUSH_BUILDAH_ISOLATION ?? 'chroot'
    };
}
async function run(argv, what) {
    core/* info */.pq(`$ ${argv.join(' ')}`);
    const result = await runCommand(argv);
    if (result.startError)
        throw new errors/* UserError */.yo(`${what}: could not start buildah (${result.startError})`);
    return result;
}
/**
 * `layout`: export the built image there for the push. `cacheWarning`: the cache was already dropped before the
 * build (its registry did not answer).
 */
async function buildahBuild(spec, workdir, layout, options) {
    const storage = buildahStorage(workdir);
    const labelled = (0,dockerfile/* withLabelInstruction */.ZX)((0,external_node_fs_.readFileSync)(spec.file, 'utf8'), sortedLabels(spec.labels), spec.target);
    const labelledFile = labelled === undefined ? undefined : external_node_path_default().join(workdir, 'Dockerfile.labelled');
    if (labelledFile)
        (0,external_node_fs_.writeFileSync)(labelledFile, labelled);
    const bud = (s) => buildahBudArgv(s, storage, LOCAL_NAME, labelledFile);
    const started = performance.now();
    let result = await core/* group */.Os('buildah bud', () => run(bud(spec), 'build'));
    let warning = options.cacheWarning;
    if (result.exitCode !== 0 && spec.cache.kind === 'registry' && isBuildahCacheFailure(result.output)) {
        const line = /^Error: .*$/m.exec(result.output)?.[0] ?? 'cache error';
        warning = `the registry cache ${spec.cache.repository} failed (${line.replace(/^Error: /, '').slice(0, 300)}); built again without it`;
        core/* warning */.$e(warning);
        // The layers built so far stay in this run's storage, so the second build reuses them locally.
        result = await core/* group */.Os('buildah bud (without the registry cache)', () => run(bud({ ...spec, cache: { kind: 'none' } }), 'build'));
    }
    if (result.exitCode !== 0)
        throw new errors/* UserError */.yo(`buildah bud failed with exit code ${result.exitCode}${result.timedOut ? ' (timed out)' : ''}: ${lastLines(result.output)}`);
    const buildMs = performance.now() - started;
    const cache = buildahCacheResult(options.requestedCache, result.output, warning);
    if (!layout)
        return { buildMs, cache };
    (0,external_node_fs_.rmSync)(layout, { recursive: true, force: true });
    const exportStarted = performance.now();
    const exported = await core/* group */.Os('buildah: export for the push', () => run(buildahExportArgv(storage, LOCAL_NAME, layout, spec.platforms.length > 1), 'export'));
    if (exported.exitCode !== 0)
        throw new errors/* UserError */.yo(`buildah could not export the image for the push (exit code ${exported.exitCode}): ${lastLines(exported.output)}`);
    return { buildMs, cache, layout, exportMs: performance.now() - exportStarted };
}
function lastLines(output, count = 15) {
    return output.trim().split(/\r?\n/).slice(-count).join('\n');
}

;// CONCATENATED MODULE: ./src/build-push/builders/buildx-argv.ts
/**
 * Exact argument vectors for `docker buildx build`. Cache export never fails the build (`ignore-error=true`,
 * moby/buildkit#2492) and exports every stage (`mode=max`). Pushes the primary reference; the other tags are added
 * through the registry API afterwards, so both builders end the same way. buildx's own provenance attestation is
 * off (`--provenance=false`): by default buildx (on BuildKit builders) pushes an image index holding the image and an
 * unsigned attestation manifest (platform unknown/unknown) stamped with the build's start and end, so every rebuild
 * of a commit gets a new digest; build-push attaches its own signed provenance instead (input `provenance`).
 */


const BUILDX_CACHE_TAG = 'buildx';
function buildxCacheFlags(cache) {
    switch (cache.kind) {
        case 'none':
            return [];
        case 'registry': {
            const ref = `${cache.repository}:${BUILDX_CACHE_TAG}`;
            return ['--cache-from', `type=registry,ref=${ref}`, ...(cache.readOnly ? [] : ['--cache-to', `type=registry,ref=${ref},mode=max,ignore-error=true`])];
        }
        case 'gha':
            // Read this branch's scope first, then the default branch's: a new branch starts warm.
            return [
                ...[cache.scope, ...(cache.fallbackScopes ?? [])].flatMap((scope) => ['--cache-from', `type=gha,scope=${scope}`]),
                ...(cache.readOnly ? [] : ['--cache-to', `type=gha,scope=${cache.scope},mode=max,ignore-error=true`])
            ];
    }
}
/**
 * `destination` is pushed when given; without it the build only runs (push: false). `byDigest`: `destination` is a
 * repository, pushed to by digest only, with no tag (push-by-digest; the metadata file gives the digest).
 */
function buildxBuildArgv(spec, destination, metadataFile, byDigest = false) {
    const argv = ['docker', 'buildx', 'build', '--provenance=false', '--file', spec.file];
    if (spec.target)
        argv.push('--target', spec.target);
    for (const arg of spec.buildArgs)
        argv.push('--build-arg', `${arg.name}=${arg.value}`);
    for (const [key, value] of sortedLabels(spec.labels))
        argv.push('--label', `${key}=${value}`);
    argv.push(...(0,build_secrets/* secretArgs */.s9)(spec.secrets, spec.ssh));
    if (spec.platforms.length > 0)
        argv.push('--platform', spec.platforms.join(','));
    argv.push(...buildxCacheFlags(spec.cache));
    argv.push('--metadata-file', metadataFile);
    if (destination && byDigest)
        argv.push('--output', `type=image,name=${destination},push-by-digest=true,name-canonical=true,push=true`);
    else if (destination)
        argv.push('--tag', destination, '--push');
    argv.push(spec.context);
    return argv;
}
/** The environment for buildx: SOURCE_DATE_EPOCH gives reproducible timestamps (BuildKit >= 0.11). */
function buildxEnv(spec, dockerConfigDir) {
    return { SOURCE_DATE_EPOCH: String(spec.timestamp), ...(dockerConfigDir && { DOCKER_CONFIG: dockerConfigDir }) };
}

;// CONCATENATED MODULE: ./src/build-push/builders/buildx.ts
/** Runs `docker buildx build`, pushing the primary reference when asked. */







/** `secretEnv`: the build secrets' values, which buildx reads from its environment (`--secret id=..,env=..`), never its arguments. */
async function buildxBuild(spec, workdir, destination, dockerConfigDir, requestedCache, cacheWarning, secretEnv = {}, byDigest = false) {
    const metadataFile = external_node_path_default().join(workdir, 'buildx-metadata.json');
    const argv = buildxBuildArgv(spec, destination, metadataFile, byDigest);
    core/* info */.pq(`$ ${argv.join(' ')}`);
    const result = await core/* group */.Os('docker buildx build', () => runCommand(argv, { env: { ...buildxEnv(spec, dockerConfigDir), BUILDKIT_PROGRESS: 'plain', ...secretEnv } }));
    if (result.startError)
        throw new errors/* UserError */.yo(`could not start docker (${result.startError})`);
    if (result.exitCode !== 0)
        throw new errors/* UserError */.yo(`docker buildx build failed with exit code ${result.exitCode}: ${result.output.trim().split(/\r?\n/).slice(-15).join('\n')}`);
    const cache = buildxCacheResult(requestedCache, result.output, cacheWarning, spec.cache.kind !== 'none' && spec.cache.readOnly === true);
    if (!byDigest)
        return { buildMs: result.durationMs, cache };
    const digest = JSON.parse((0,external_node_fs_.readFileSync)(metadataFile, 'utf8'))['containerimage.digest'];
    if (typeof digest !== 'string')
        throw new errors/* UserError */.yo(`docker buildx build pushed by digest but its metadata file names no containerimage.digest`);
    return { buildMs: result.durationMs, cache, pushedDigest: digest };
}

;// CONCATENATED MODULE: ./src/build-push/builders/buildx-driver.ts
/**
 * What the selected buildx builder can do, and what that means for this build. The runner's `default` builder uses
 * the docker driver: unless the daemon stores images in containerd, it cannot export a build cache
 * ("Cache export is not supported for the docker driver") nor build several platforms at once. A build that would
 * hit those walls is planned around them (the cache is read but not written, with a warning) or refused before
 * anything runs, naming the input and the fix.
 */

/** `docker buildx inspect` prints `Name:` and `Driver:` lines for the selected builder. */
function parseBuildxInspect(output) {
    const field = (key) => new RegExp(`^${key}:\\s*(\\S+)\\s*$`, 'm').exec(output)?.[1];
    const driver = field('Driver');
    return driver ? { name: field('Name') ?? '?', driver } : undefined;
}
/** `docker info --format '{{json .DriverStatus}}'`: the containerd image store reports its snapshotter. */
function usesContainerdStore(driverStatus) {
    return /io\.containerd\.snapshotter/.test(driverStatus);
}
async function inspectBuildxBuilder() {
    const inspect = await runCommand(['docker', 'buildx', 'inspect'], { echo: false, timeoutMs: 30_000 });
    const builder = inspect.exitCode === 0 ? parseBuildxInspect(inspect.output) : undefined;
    if (!builder)
        return undefined;
    if (builder.driver !== 'docker')
        return { ...builder, containerdStore: false };
    const info = await runCommand(['docker', 'info', '--format', '{{json .DriverStatus}}'], { echo: false, timeoutMs: 20_000 });
    return { ...builder, containerdStore: info.exitCode === 0 && usesContainerdStore(info.output) };
}
/** Fits the cache plan and the platforms to the builder's driver. Pure. */
function fitToDriver(builder, cache, platforms) {
    const limited = builder?.driver === 'docker' && !builder.containerdStore;
    if (!builder || !limited)
        return { cache };
    if (platforms.length > 1) {
        return {
            cache,
            refusal: {
                input: 'platforms',
                value: platforms.join(','),
                accepted: `one platform on buildx builder '${builder.name}' (docker driver): create a docker-container builder first (docker/setup-buildx-action), or enable the containerd image store, to build several`
            }
        };
    }
    if (cache.kind === 'none')
        return { cache };
    return {
        cache: { ...cache, readOnly: true },
        warning: `buildx builder '${builder.name}' uses the docker driver, which cannot export a build cache: the ${cache.kind} cache is read but not written.` +
            ' To write it, create a docker-container builder before this step (docker/setup-buildx-action), or enable the containerd image store.'
    };
}

;// CONCATENATED MODULE: ./src/build-push/immutability.ts
/**
 * Immutable tags: a full semver version, once pushed, names one image forever. Checked twice: before the build
 * (a tag held by an image of another commit fails at once) and before tagging (the digest must match). Pure.
 */
/** Before the build: a protected tag that exists for another commit can never be satisfied by this run. */
function preflightConflicts(existing, commit, reusedDigest) {
    return existing.flatMap((e) => {
        if (reusedDigest !== undefined) {
            return e.digest === reusedDigest ? [] : [{ tag: e.tag, digest: e.digest, why: `it already points at ${e.digest}, not at the image of this commit (${reusedDigest})` }];
        }
        if (e.revision === commit)
            return [];
        return [{ tag: e.tag, digest: e.digest, why: `it already points at ${e.digest}, built from ${e.revision ? `commit ${e.revision.slice(0, 12)}` : 'an unknown commit'}` }];
    });
}
/** After the build: the protected tags that exist at another digest than the one just pushed. */
function digestConflicts(existing, digest) {
    return existing.filter((e) => e.digest !== digest).map((e) => ({ tag: e.tag, digest: e.digest, why: `it already points at ${e.digest}; this build produced ${digest}` }));
}
function conflictMessage(conflicts) {
    const lines = conflicts.map((c) => `- ${c.tag}: ${c.why}`);
    return [
        `Refusing to move ${conflicts.length === 1 ? 'a protected version tag' : `${conflicts.length} protected version tags`} (input 'immutable-tags' is true):`,
        ...lines,
        'Release a new version instead, or set immutable-tags: false to allow moving it.'
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/build-push/preflight.ts
/**
 * The registry reads before a build: is this commit's image already there (reuse-existing), which protected version
 * tags exist (immutable-tags), and which tag the builder pushes to.
 */






/** Before a push: the reads go out together, and a protected tag this run would move fails the run before the build. */
async function registryPreflight(inputs, clientFor, plan) {
    const primary = inputs.images[0];
    const [reused, existingProtected] = await Promise.all([
        inputs.reuseExisting ? findReusable(clientFor(primary.registry), primary, plan.tags.tags, plan.commit, inputs.platforms) : undefined,
        inputs.immutableTags ? readProtected(inputs, clientFor, plan.tags.tags) : []
    ]);
    const conflicts = preflightConflicts(existingProtected, plan.commit, reused?.manifest.digest);
    if (conflicts.length > 0)
        throw new errors/* UserError */.yo(conflictMessage(conflicts));
    return { ...(reused && { reused }), existingProtected };
}
/** The image of this commit, when its commit tag exists and carries this commit as its revision label. */
async function findReusable(client, image, tags, commit, platforms) {
    const commitTag = tags.find((t) => t.commitTag);
    if (!commitTag) {
        core/* info */.pq("reuse-existing: no 'sha' or 'sha-long' tag rule, so there is no commit tag to look for; building");
        return undefined;
    }
    const stored = await readStoredImage(client, image.repository, commitTag.name);
    if (!stored)
        return undefined;
    const wanted = [...platforms].sort().join(',');
    if (stored.revision === commit && (wanted === '' || wanted === [...stored.platforms].sort().join(',')))
        return stored;
    if (stored.revision === commit) {
        core/* info */.pq(`${(0,oci_reference/* formatReference */.FH)({ ...image, tag: commitTag.name })} holds this commit for ${stored.platforms.join(', ')}, not for ${platforms.join(', ')}; building`);
        return undefined;
    }
    (0,log_text/* logText */.kc)(`${(0,oci_reference/* formatReference */.FH)({ ...image, tag: commitTag.name })} exists but was built from ${stored.revision ?? 'an unknown commit'}, not ${commit}; building`);
    return undefined;
}
async function readProtected(config, clientFor, tags) {
    const found = [];
    for (const image of config.images) {
        for (const tag of tags.filter((t) => t.protected)) {
            const stored = await readStoredImage(clientFor(image.registry), image.repository, tag.name);
            if (stored)
                found.push({ tag: (0,oci_reference/* formatReference */.FH)({ ...image, tag: tag.name }), digest: stored.manifest.digest, revision: stored.revision });
        }
    }
    return found;
}
/** The builder pushes one tag; a protected one only when it does not exist yet (the digest is unknown before). */
function choosePushTag(tags, existingProtected) {
    const tag = tags.find((t) => t.commitTag) ?? tags.find((t) => !t.protected) ?? tags.find((t) => !existingProtected.some((e) => e.tag.endsWith(`:${t.name}`)));
    if (!tag)
        throw new errors/* UserError */.yo("Every tag of this run is a protected version that already exists: add a 'sha' rule to input 'tags' so the build has a tag to push to.");
    return tag;
}

// EXTERNAL MODULE: ./src/lib/action/runner.ts
var runner = __webpack_require__(26578);
;// CONCATENATED MODULE: ./src/lib/summary/write.ts
/** Writing the job summary, where a failure is a warning. */

/** Appends Markdown to the job summary; a summary that cannot be written is a warning, never a failed step. */
async function appendSummary(markdown) {
    if (!process.env.GITHUB_STEP_SUMMARY) {
        runner/* debug */.Yz('GITHUB_STEP_SUMMARY is not set; the job summary is skipped');
        return;
    }
    try {
        runner/* appendStepSummary */.Jc(markdown);
    }
    catch (error) {
        runner/* warning */.$e(`could not write the job summary: ${error instanceof Error ? error.message : String(error)}`);
    }
}

;// CONCATENATED MODULE: ./src/lib/summary/markdown.ts
/** Pure Markdown builders for job summaries and PR comments (what users read is built from the decision's data). */
/** Escapes what would break a table cell: pipes and new lines. */
function cell(value) {
    if (value === null || value === undefined)
        return '';
    return String(value).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}
function table(headers, rows) {
    const head = `| ${headers.map(cell).join(' | ')} |`;
    const rule = `| ${headers.map(() => '---').join(' | ')} |`;
    const body = rows.map((row) => `| ${headers.map((_, i) => cell(row[i])).join(' | ')} |`);
    return [head, rule, ...body].join('\n');
}
function heading(text, level = 2) {
    return `${'#'.repeat(level)} ${text}`;
}
function details(summary, body) {
    return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}
function codeBlock(text, language = '') {
    const fence = text.includes('```') ? '````' : '```';
    return `${fence}${language}\n${text}\n${fence}`;
}
function mermaid(diagram) {
    return codeBlock(diagram, 'mermaid');
}
function join(...blocks) {
    return blocks.filter((block) => typeof block === 'string' && block !== '').join('\n\n') + '\n';
}
const PASS = '✅';
const FAIL = '❌';
const WARN = '⚠️';
const SKIP = '⏭️';

;// CONCATENATED MODULE: ./src/build-push/summary.ts
/** The job summary, built from the same data as the outputs. Pure. */

/** What the cosign commands below check: the key's signature, or a keyless one for the identity its certificate names. */
function verifyHow(commands, promoteCheck) {
    const also = promoteCheck ? `, or with promote-artifact's \`verify: ${promoteCheck}\`` : '';
    return commands.every((c) => c.includes(' --key '))
        ? `Verify with the public key of \`signing-key\` (cosign v2.5 or later; no transparency log is used)${also}:`
        : `Verify keyless, for the identity the Fulcio certificate names (cosign v2.5 or later; the log entry and certificate are checked)${also}:`;
}
function formatBytes(bytes) {
    if (bytes < 1024)
        return `${bytes} B`;
    const units = ['KiB', 'MiB', 'GiB'];
    let value = bytes / 1024;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
function describeCache(cache) {
    if (cache.status === 'off')
        return 'off';
    if (cache.status === 'unavailable')
        return `${WARN} unavailable (${cache.mode}): ${cache.warning ?? ''}`;
    const steps = cache.cacheableSteps > 0 ? ` (${cache.cachedSteps}/${cache.cacheableSteps} steps from the cache)` : '';
    return `${cache.status}${steps} (${cache.mode})`;
}
/** The planned references that were not pushed (all pushed on a run that succeeded). */
function notPushed(report) {
    return (report.planned ?? []).filter((reference) => !report.references.some((r) => r.reference === reference));
}
function referenceRows(report) {
    const missing = notPushed(report).map((reference) => [reference, `${FAIL} not pushed${reference === report.failedReference ? ' (its push failed)' : ''}`]);
    return [...report.references.map((r) => [r.reference, r.outcome]), ...missing].map(([reference, outcome]) => [`\`${reference}\``, outcome]);
}
function renderSummary(report) {
    const rows = referenceRows(report);
    const title = report.failure
        ? `${FAIL} build-push failed`
        : report.reused
            ? `${PASS} build-push: reused the image of this commit`
            : report.mergedPlatforms
                ? `${PASS} build-push: merged ${report.mergedPlatforms.length} platforms into one index and pushed it`
                : report.byDigest
                    ? `${PASS} build-push: built and pushed by digest (no tag)`
                    : report.pushed
                        ? `${PASS} build-push: built and pushed`
                        : `${PASS} build-push: built (not pushed)`;
    const facts = [
        ['Image', report.images.join(', ')],
        ['Digest', report.digest ? `\`${report.digest}\`` : 'n/a'],
        ['Size', report.size !== undefined ? formatBytes(report.size) : 'n/a'],
        ['Version', report.version || 'n/a'],
        ['Builder', report.reused ? `none (reused; ${report.builder} would have built)` : `${report.builder} (${report.builderWhy})`],
        ['Build time', report.reused ? 'no build' : report.buildSeconds !== undefined ? `${report.buildSeconds.toFixed(1)} s${report.pushSeconds !== undefined ? ` (push ${report.pushSeconds.toFixed(1)} s)` : ''}` : 'n/a'],
        ['Cache', report.reused ? 'not needed' : describeCache(report.cache)],
        ...(report.mergedPlatforms ? [['Platforms (merged)', report.mergedPlatforms.join(', ')]] : [])
    ];
    return join(heading(title), report.failure && codeBlock(report.failure), table(['', ''], facts.map(([k, v]) => [k, v])), rows.length > 0 && heading('Tags', 3), rows.length > 0 && table(['Reference', 'Result'], rows), report.signatures && report.signatures.length > 0 && signatureSection(report.signatures), report.attestations && report.attestations.length > 0 && attestationSection(report.attestations), report.sboms && report.sboms.length > 0 && sbomSection(report.sboms), report.skippedRules.length > 0 && `Rules that gave no tag on this run: ${report.skippedRules.map((s) => `\`${s.rule}\` (${cell(s.why)})`).join('; ')}`, report.warnings.length > 0 && heading('Warnings', 3), report.warnings.length > 0 && report.warnings.map((w) => `- ${WARN} ${w}`).join('\n'), Object.keys(report.labels).length > 0 && heading(report.reused ? 'Labels (as the reused image carries them, set by its first build)' : 'Labels', 3), Object.keys(report.labels).length > 0 && table(['Label', 'Value'], Object.entries(report.labels)));
}
/** The signatures, and the cosign command that checks each one with the public key. */
function signatureSection(signatures) {
    return join(heading('Signature', 3), table(['Image', 'Signature (Sigstore bundle, OCI referrer)', 'Result'], signatures.map((s) => [`\`${s.image}\``, `\`${s.signature}\`${s.fallback ? ' (fallback index: the registry has no referrers API)' : ''}`, s.outcome])), verifyHow(signatures.map((s) => s.verify)), codeBlock(signatures.map((s) => s.verify).join('\n')));
}
/** The SBOM attestations, how many packages they list, and the cosign command that checks each one. */
function sbomSection(sboms) {
    const perPlatform = sboms.some((s) => s.platform);
    return join(heading('SBOM', 3), perPlatform && 'One SBOM per platform, attested on that platform\'s manifest of the index:', table(['Image', ...(perPlatform ? ['Platform'] : []), 'SBOM (syft, signed in-toto statement, OCI referrer)', 'Packages', 'Result'], sboms.map((s) => [`\`${s.image}\``, ...(perPlatform ? [s.platform ?? ''] : []), `\`${s.attestation}\` (${s.format === 'spdx' ? 'SPDX' : 'CycloneDX'})${s.fallback ? ' (fallback index: the registry has no referrers API)' : ''}`, String(s.packages), s.outcome])), verifyHow(sboms.map((s) => s.verify), 'sbom'), codeBlock(sboms.map((s) => s.verify).join('\n')));
}
/** The provenance attestations, what they say, and the cosign command that checks each one with the public key. */
function attestationSection(attestations) {
    return join(heading('Provenance', 3), table(['Image', 'SLSA v1 provenance (signed in-toto statement, OCI referrer)', 'Source', 'Result'], attestations.map((a) => [`\`${a.image}\``, `\`${a.attestation}\` (\`${a.mode}\`)${a.fallback ? ' (fallback index: the registry has no referrers API)' : ''}`, `\`${a.source}\``, a.outcome])), verifyHow(attestations.map((a) => a.verify), 'provenance'), codeBlock(attestations.map((a) => a.verify).join('\n')));
}

;// CONCATENATED MODULE: ./src/build-push/report.ts
/** The run's report: started from the plan, filled in as the run goes, published as the outputs and the job summary. */



function startReport(inputs, plan) {
    return {
        images: inputs.images.map((i) => `${i.registry}/${i.repository}`),
        planned: inputs.push && !inputs.pushByDigest ? plan.references : [],
        references: [],
        version: plan.tags.version,
        builder: plan.builder.name,
        builderWhy: plan.builder.why,
        reused: false,
        pushed: false,
        cache: { mode: inputs.cache, status: 'off', cachedSteps: 0, cacheableSteps: 0 },
        labels: plan.labels,
        skippedRules: plan.tags.skipped,
        warnings: []
    };
}
/** A warning in the log that the summary repeats. */
function warn(report, message) {
    core/* warning */.$e(message);
    report.warnings.push(message);
}
async function publishReport(report, inputs, plan) {
    // push-by-digest pushes no tag.
    setOutputs(report, inputs, plan, inputs.pushByDigest ? [] : plan.references);
    await appendSummary(renderSummary(report));
}
/**
 * A run that failed still leaves its outputs and summary, with what it did before the failure: the references
 * pushed (the `tags` output) and those not pushed.
 */
async function publishFailure(report, failure, inputs, plan) {
    report.failure = failure;
    setOutputs(report, inputs, plan, report.references.map((r) => r.reference));
    await appendSummary(renderSummary(report));
}
function setOutputs(report, inputs, plan, tagged) {
    const primary = inputs.images[0];
    const digest = report.digest ?? '';
    core/* setOutput */.uH('digest', digest);
    core/* setOutput */.uH('image-ref', digest ? `${primary.registry}/${primary.repository}@${digest}` : '');
    // Newline lists, as docker/metadata-action gives them and promote-artifact's `targets`, docker and kubectl take them.
    core/* setOutput */.uH('tags', tagged.join('\n'));
    core/* setOutput */.uH('labels', Object.entries(report.labels).map(([key, value]) => `${key}=${value}`).join('\n'));
    core/* setOutput */.uH('version', plan.tags.version);
    core/* setOutput */.uH('metadata', JSON.stringify(metadata(report, plan, tagged)));
}
function metadata(report, plan, tagged) {
    return {
        digest: report.digest ?? null,
        references: report.pushed && !report.byDigest ? plan.references : [],
        tags: tagged,
        pushed: report.references,
        notPushed: notPushed(report),
        failure: report.failure ?? null,
        version: report.version,
        labels: report.labels,
        builder: report.reused ? null : plan.builder.name,
        cache: report.reused ? null : report.cache,
        reused: report.reused,
        buildSeconds: report.buildSeconds ?? null,
        pushSeconds: report.pushSeconds ?? null,
        size: report.size ?? null,
        signatures: report.signatures ?? [],
        attestations: report.attestations ?? [],
        sboms: report.sboms ?? [],
        warnings: report.warnings
    };
}

;// CONCATENATED MODULE: ./src/build-push/build.ts
/** Produces the image: reuses this commit's image, or builds and pushes it with the chosen builder and reads back what the push left. */















function reuseImage(inputs, plan, reused, report) {
    core/* info */.pq(`reusing ${(0,oci_reference/* formatReference */.FH)(inputs.images[0])}@${reused.manifest.digest}: it was built from ${plan.commit}; no build runs`);
    report.reused = true;
    // What the registry holds is the first build's image: its labels, not the ones this run would have set.
    report.labels = reused.labels;
    return { manifest: reused.manifest, size: reused.size };
}
/** Builds; with push, one tag is pushed (by buildx, or buildah's export through the OCI client) and the image is what the registry holds there. */
async function buildImage(inputs, plan, setup, clientFor, report) {
    const primary = inputs.images[0];
    const pushTag = inputs.push && !inputs.pushByDigest ? choosePushTag(plan.tags.tags, setup.existingProtected) : undefined;
    const destination = inputs.pushByDigest ? (0,oci_reference/* formatReference */.FH)(primary) : pushTag && (0,oci_reference/* formatReference */.FH)({ ...primary, tag: pushTag.name });
    const planned = await setup.cache;
    const fitted = fitToDriver(plan.buildxBuilder, planned.cache, inputs.platforms);
    const cacheWarning = [planned.cacheWarning, fitted.warning].filter(Boolean).join(' ') || undefined;
    if (cacheWarning)
        warn(report, cacheWarning);
    // Secret values reach buildx through its environment, buildah through files 0600 that live only as long as the build.
    const secrets = (0,build_secrets/* planSecretMounts */.sD)(inputs.secrets, plan.builder.name === 'buildah' ? 'file' : 'env', external_node_path_default().join(setup.workdir, 'secrets'));
    const spec = buildSpec(inputs, plan, fitted.cache, setup.credentialsDir, secrets.mounts);
    const outcome = await withSecretFiles(secrets.files, () => runBuilder(spec, destination, { inputs, plan, setup, cacheWarning, secretEnv: secrets.env }));
    report.cache = outcome.cache;
    report.buildSeconds = outcome.buildMs / 1000;
    if (outcome.cache.warning && outcome.cache.warning !== cacheWarning)
        warn(report, `build cache: ${outcome.cache.warning}`);
    if (inputs.pushByDigest)
        return readPushedByDigest(inputs, outcome, clientFor, report);
    if (!destination || !pushTag)
        return undefined;
    if (outcome.layout) {
        // buildah's image goes up through the OCI client, which retries each request (buildah's push does not retry a 5xx).
        const pushStarted = performance.now();
        report.failedReference = destination;
        const pushed = await core/* group */.Os(`Push ${destination}`, () => pushLayout(clientFor(primary.registry), outcome.layout, primary.repository, pushTag.name));
        delete report.failedReference;
        report.pushSeconds = ((outcome.exportMs ?? 0) + performance.now() - pushStarted) / 1000;
        outcome.pushedDigest = pushed.digest;
    }
    const stored = await readStoredImage(clientFor(primary.registry), primary.repository, pushTag.name);
    if (!stored)
        throw new errors/* UserError */.yo(`${destination} is missing from the registry right after the push`);
    if (outcome.pushedDigest && outcome.pushedDigest !== stored.manifest.digest) {
        warn(report, `the builder reported ${outcome.pushedDigest}, but ${destination} holds ${stored.manifest.digest} (pushed to by someone else meanwhile?); using the registry's`);
    }
    report.references.push({ reference: destination, outcome: 'pushed' });
    const late = digestConflicts(setup.existingProtected, stored.manifest.digest);
    if (late.length > 0)
        throw new errors/* UserError */.yo(conflictMessage(late));
    return { manifest: stored.manifest, size: stored.size };
}
/** Writes the secret files (0600, in a 0700 directory), runs `build`, and removes them whatever happens. */
async function withSecretFiles(files, build) {
    const dirs = [...new Set(files.map((file) => external_node_path_default().dirname(file.path)))];
    try {
        for (const dir of dirs)
            (0,external_node_fs_.mkdirSync)(dir, { recursive: true, mode: 0o700 });
        for (const file of files)
            (0,external_node_fs_.writeFileSync)(file.path, file.value, { mode: 0o600 });
        return await build();
    }
    finally {
        for (const dir of dirs)
            (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
    }
}
/** push-by-digest: buildah's layout goes up under its digest (buildx pushed it itself); no tag. */
async function readPushedByDigest(inputs, outcome, clientFor, report) {
    const primary = inputs.images[0];
    const client = clientFor(primary.registry);
    if (outcome.layout) {
        const pushStarted = performance.now();
        const digest = readLayoutManifest(outcome.layout).digest;
        outcome.pushedDigest = (await core/* group */.Os(`Push ${(0,oci_reference/* formatReference */.FH)(primary)}@${digest}`, () => pushLayout(client, outcome.layout, primary.repository, digest))).digest;
        report.pushSeconds = ((outcome.exportMs ?? 0) + performance.now() - pushStarted) / 1000;
    }
    const stored = outcome.pushedDigest && (await readStoredImage(client, primary.repository, outcome.pushedDigest));
    if (!stored)
        throw new errors/* UserError */.yo(`${(0,oci_reference/* formatReference */.FH)(primary)}@${outcome.pushedDigest ?? '?'} is missing from the registry right after the push`);
    report.digest = stored.manifest.digest;
    report.size = stored.size;
    report.byDigest = true;
    report.pushed = true;
    core/* info */.pq(`pushed ${(0,oci_reference/* formatReference */.FH)(primary)}@${stored.manifest.digest} by digest (no tag): pass it to the merge job's merge-digests`);
    return { manifest: stored.manifest, size: stored.size };
}
function buildSpec(inputs, plan, cache, credentialsDir, secrets) {
    return {
        context: inputs.context,
        file: inputs.file,
        ...(inputs.target !== undefined && { target: inputs.target }),
        buildArgs: inputs.buildArgs,
        secrets,
        ssh: inputs.ssh,
        labels: plan.labels,
        platforms: inputs.platforms,
        timestamp: Math.floor(Date.parse(plan.created) / 1000),
        cache,
        insecure: budInsecure(inputs, cache),
        ...(credentialsDir && { authFile: external_node_path_default().join(credentialsDir, 'config.json') })
    };
}
function isInsecure(inputs, registry) {
    return (0,oci_reference/* isLoopback */.U9)(registry) || inputs.insecureRegistries.includes(registry);
}
/** Registries the build itself touches (base images, cache) allow plain http only when every one of them may. */
function budInsecure(inputs, cache) {
    const registries = (0,dockerfile/* baseImageRegistries */.K1)((0,external_node_fs_.readFileSync)(inputs.file, 'utf8'));
    if (cache.kind === 'registry')
        registries.push(inputs.cacheRepository.registry);
    return registries.length > 0 && registries.every((registry) => isInsecure(inputs, registry));
}
async function runBuilder(spec, destination, run) {
    const { inputs, setup, cacheWarning } = run;
    if (run.plan.builder.name === 'buildah') {
        return buildahBuild(spec, setup.workdir, destination ? external_node_path_default().join(setup.workdir, 'layout') : undefined, {
            requestedCache: inputs.cache,
            ...(cacheWarning && { cacheWarning })
        });
    }
    return buildxBuild(spec, setup.workdir, destination, setup.credentialsDir, inputs.cache, cacheWarning, run.secretEnv, inputs.pushByDigest);
}

// EXTERNAL MODULE: ./src/build-push/inputs.ts + 7 modules
var build_push_inputs = __webpack_require__(30115);
;// CONCATENATED MODULE: ./src/build-push/merge.ts
/**
 * Multi-runner builds, the final step: `merge-digests` names the images each matrix job pushed by digest
 * (`push-by-digest`), one platform each, in the first image repository; they are joined into one OCI image index,
 * pushed under the run's first tag and then tagged, signed and reported like a built image. Nothing is built.
 */







/** The OCI index of the entries, in the order given; two entries for one platform are refused. Pure. */
function mergedIndex(entries) {
    const seen = new Map();
    for (const entry of entries) {
        const name = platformText(entry.platform);
        const other = seen.get(name);
        if (other)
            throw new errors/* UserError */.yo(`Input 'merge-digests': ${other} and ${entry.digest} are both ${name}; expected one image per platform`);
        seen.set(name, entry.digest);
    }
    const index = {
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: entries.map((e) => ({ mediaType: e.mediaType, digest: e.digest, size: e.size, platform: { architecture: e.platform.architecture, os: e.platform.os, ...(e.platform.variant && { variant: e.platform.variant }) } }))
    };
    const bytes = Buffer.from(JSON.stringify(index));
    return { bytes, mediaType: OCI_INDEX, digest: sha256Digest(bytes) };
}
/** Each digest's image and its platform (from its config); an index given is taken apart into its real images. */
async function readMergeEntries(client, repository, digests) {
    const entries = [];
    for (const digest of digests) {
        const manifest = await client.getManifest(repository, digest);
        if (!manifest)
            throw new errors/* UserError */.yo(`Input 'merge-digests': ${client.registry}/${repository}@${digest} does not exist (was it pushed by digest to the first image repository?)`);
        const parsed = parseManifest(manifest.bytes, manifest.mediaType);
        if (parsed.isIndex) {
            for (const child of parsed.manifests) {
                if (!child.platform || child.platform.os === 'unknown')
                    continue;
                entries.push({ digest: child.digest, mediaType: child.mediaType, size: child.size, platform: { os: child.platform.os ?? 'linux', architecture: child.platform.architecture ?? 'unknown', ...(child.platform.variant && { variant: child.platform.variant }) } });
            }
            continue;
        }
        const config = parsed.blobs[0];
        if (!config)
            throw new errors/* UserError */.yo(`Input 'merge-digests': ${digest} is not an image manifest`);
        const blob = await client.openBlob(repository, config.digest);
        const image = (await new Response(blob.body).json());
        entries.push({ digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.bytes.length, platform: { os: image.os ?? 'linux', architecture: image.architecture ?? 'unknown', ...(image.variant && { variant: image.variant }) } });
    }
    return entries;
}
/** Pushes the merged index under one tag and reads it back: the image the other tags will point at. */
async function mergeImage(inputs, plan, existingProtected, clientFor, report) {
    const primary = inputs.images[0];
    const client = clientFor(primary.registry);
    const entries = await readMergeEntries(client, primary.repository, inputs.mergeDigests);
    const index = mergedIndex(entries);
    const pushTag = choosePushTag(plan.tags.tags, existingProtected);
    const destination = (0,oci_reference/* formatReference */.FH)({ ...primary, tag: pushTag.name });
    report.failedReference = destination;
    await client.putManifest(primary.repository, pushTag.name, index);
    delete report.failedReference;
    const stored = await readStoredImage(client, primary.repository, pushTag.name);
    if (!stored)
        throw new errors/* UserError */.yo(`${destination} is missing from the registry right after the push`);
    report.references.push({ reference: destination, outcome: 'pushed' });
    report.mergedPlatforms = entries.map((e) => platformText(e.platform));
    const late = digestConflicts(existingProtected, stored.manifest.digest);
    if (late.length > 0)
        throw new errors/* UserError */.yo(conflictMessage(late));
    return { manifest: stored.manifest, size: stored.size };
}

;// CONCATENATED MODULE: ./src/build-push/builders/detect.ts
/** Builder `auto`: buildx when a Docker daemon answers, else buildah. */


async function answers(argv) {
    const result = await runCommand(argv, { echo: false, timeoutMs: 20_000 });
    return result.exitCode === 0;
}
async function chooseBuilder(choice) {
    if (choice === 'buildx')
        return { name: 'buildx', why: "input 'builder' is buildx" };
    if (choice === 'buildah')
        return { name: 'buildah', why: "input 'builder' is buildah" };
    if (await answers(['docker', 'info', '--format', '{{.ServerVersion}}']))
        return { name: 'buildx', why: 'a Docker daemon answers' };
    if (await answers(['buildah', '--version']))
        return { name: 'buildah', why: 'no Docker daemon answers; buildah is installed' };
    throw new errors/* UserError */.yo("Input 'builder' is auto, but no Docker daemon answers `docker info` and buildah is not installed: install one of them, or set 'builder'.");
}

// EXTERNAL MODULE: ./src/build-push/commit.ts
var build_push_commit = __webpack_require__(6106);
;// CONCATENATED MODULE: ./src/build-push/commit-time.ts
/** The commit time, for `org.opencontainers.image.created` and the image timestamps: event, else git, else now. */


async function commitTime(context, commit, cwd) {
    const fromEvent = (0,build_push_commit/* commitTimeFromEvent */.Fr)(context);
    if (fromEvent)
        return { iso: fromEvent, source: 'event' };
    if (/^[0-9a-f]{40}$/.test(commit)) {
        const git = await runCommand(['git', 'show', '-s', '--format=%cI', commit], { cwd, echo: false, timeoutMs: 10_000 });
        const text = git.stdout.trim();
        if (git.exitCode === 0 && !Number.isNaN(Date.parse(text)))
            return { iso: new Date(text).toISOString(), source: 'git' };
    }
    return { iso: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString(), source: 'clock' };
}

;// CONCATENATED MODULE: ./src/build-push/plan.ts
/** The build plan: which builder builds, and the image's tags and labels; refuses up front what cannot run. */









async function planBuild(inputs, context, clientFor) {
    const commit = (0,build_push_commit/* buildCommit */.gu)(context);
    // A merge builds nothing: no builder is looked for (its runner needs neither Docker nor buildah).
    const merging = inputs.mergeDigests.length > 0;
    const builder = merging ? { name: inputs.builder === 'buildah' ? 'buildah' : 'buildx', why: 'none needed: merge-digests joins images already pushed' } : await chooseBuilder(inputs.builder);
    if (builder.name === 'buildah' && inputs.cache === 'gha') {
        throw new errors/* InputErrors */.G([new errors/* InputError */.dz('cache', 'gha', `'registry' or 'none': the builder is buildah (${builder.why}), and the gha cache is a BuildKit feature`)]);
    }
    const buildxBuilder = builder.name === 'buildx' && !merging ? await inspectBuildxBuilder() : undefined;
    if (buildxBuilder)
        builder.why += `; builder '${buildxBuilder.name}' (${buildxBuilder.driver} driver)`;
    const { refusal } = fitToDriver(buildxBuilder, { kind: 'none' }, inputs.platforms);
    if (refusal)
        throw new errors/* InputErrors */.G([new errors/* InputError */.dz(refusal.input, refusal.value, refusal.accepted)]);
    const tags = await planTags(inputs, context, clientFor);
    const created = await commitTime(context, commit, context.workspace);
    if (created.source === 'clock')
        core/* info */.pq(`the commit time of ${commit || 'this run'} is unknown (no push event, no git history): the image is stamped with the current time`);
    const labels = imageLabels({ context, commit, created: created.iso, version: tags.version, extra: inputs.labels });
    const references = inputs.images.flatMap((image) => tags.tags.map((tag) => (0,oci_reference/* formatReference */.FH)({ ...image, tag: tag.name })));
    return { commit, builder, buildxBuilder, tags, created: created.iso, labels, references };
}
/** The tags of this run; on a release with `latest` or `semver` rules, the tags already pushed decide the floating ones. */
async function planTags(inputs, context, clientFor) {
    const primary = inputs.images[0];
    const readsExisting = inputs.push && inputs.rules.some((r) => r.kind === 'latest' || r.kind === 'semver') && (0,tags/* refVersion */.C9)(context.ref);
    const existingTags = readsExisting ? await clientFor(primary.registry).listTags(primary.repository) : [];
    const result = (0,tags/* computeTags */.$o)({ context, rules: inputs.rules, existingTags });
    for (const skip of result.skipped)
        core/* info */.pq(`tag rule '${skip.rule}' gives no tag: ${skip.why}`);
    if (result.tags.length === 0) {
        throw new errors/* UserError */.yo(`No tag rule applies to this run (${result.skipped.map((s) => `${s.rule}: ${s.why}`).join('; ')}). Add one that does to input 'tags', such as 'sha' or 'raw:<value>'.`);
    }
    return result;
}

;// CONCATENATED MODULE: ./src/build-push/signing.ts
/** build-push's `sign: key | keyless`: the pushed digest (an index's own digest) signed in every image repository. */


/** Signs `manifest` in every image repository it was pushed to. */
async function signPushed(signing, images, manifest, clientFor, insecureRegistries) {
    if (signing.mode === 'none')
        return [];
    const subject = { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.bytes.length };
    const targets = images.map((image) => ({ registry: image.registry, repository: image.repository, client: clientFor(image.registry) }));
    return signInRepositories(signing, targets, subject, insecureRegistries, (line) => core/* info */.pq(line));
}

;// CONCATENATED MODULE: ./src/build-push/tag-image.ts
/** Points every tag of every image repository at the image: blobs copied or mounted across, then manifest PUTs. */


async function tagImage(inputs, plan, image, clientFor, report) {
    report.digest = image.manifest.digest;
    report.size = image.size;
    const primary = inputs.images[0];
    const primaryClient = clientFor(primary.registry);
    for (const target of inputs.images) {
        const client = clientFor(target.registry);
        if (target !== primary)
            await copyImage(primaryClient, primary, image.manifest, client, target);
        for (const tag of plan.tags.tags) {
            const reference = (0,oci_reference/* formatReference */.FH)({ ...target, tag: tag.name });
            if (report.references.some((r) => r.reference === reference))
                continue;
            // On a failure (after the client's retries) the run stops: the report lists what was pushed and what not.
            report.failedReference = reference;
            report.references.push({ reference, outcome: await tagManifest(client, target.repository, tag.name, image.manifest) });
            delete report.failedReference;
        }
    }
    report.pushed = true;
}

// EXTERNAL MODULE: ./src/build-push/workdir.ts
var build_push_workdir = __webpack_require__(66051);
;// CONCATENATED MODULE: ./src/build-push/main.ts
/**
 * build-push's orchestrator: inputs -> plan (builder, tags, labels) -> registry preflight (reuse check, immutability)
 * -> build and push the first reference, reading the digest back -> every other tag by manifest PUT -> the digest
 * signed (sign: key) and its provenance attested (provenance: min|max) -> outputs and summary (on a failure too: what was pushed and what not); post removes the run's
 * directory.
 */



















/** The main step; the entry (index.ts) passes the inputs it has already validated. */
async function main(inputs = (0,build_push_inputs/* readInputs */.K)(action_inputs/* runnerInputs */.a, process.env)) {
    const startedOn = new Date();
    const env = process.env;
    const context = (0,github_event/* readRunContext */.$p)(env);
    const clientFor = createClients(inputs);
    const plan = await core/* group */.Os('Plan', () => planBuild(inputs, context, clientFor));
    const report = startReport(inputs, plan);
    const argWarning = (0,build_secrets/* credentialBuildArgWarning */.Q9)(inputs.buildArgs.map((arg) => arg.name));
    if (argWarning)
        warn(report, argWarning);
    try {
        const workdir = (0,build_push_workdir/* createWorkdir */.t)(context.runnerTemp);
        const credentialsDir = writeRunCredentials(inputs, workdir, env);
        const merging = inputs.mergeDigests.length > 0;
        // Registry reads that do not depend on each other go out together; the cache probe is only awaited if a build runs.
        const cache = merging ? undefined : planBuildCache(inputs, context, plan.builder.name);
        // push-by-digest pushes no tag: nothing to reuse by its commit tag, no protected tag to move.
        const preflight = inputs.push && !inputs.pushByDigest ? await core/* group */.Os('Registry preflight', () => registryPreflight(inputs, clientFor, plan)) : { existingProtected: [] };
        // The builders put their own output in log groups (groups do not nest), so the build has no group around it.
        const image = preflight.reused
            ? reuseImage(inputs, plan, preflight.reused, report)
            : cache === undefined
                ? await core/* group */.Os('Merge', () => mergeImage(inputs, plan, preflight.existingProtected, clientFor, report))
                : await buildImage(inputs, plan, { workdir, credentialsDir, cache, existingProtected: preflight.existingProtected }, clientFor, report);
        if (image && !inputs.pushByDigest)
            await core/* group */.Os('Tags', () => tagImage(inputs, plan, image, clientFor, report));
        if (image && inputs.push && inputs.signing.mode !== 'none')
            report.signatures = await core/* group */.Os('Sign', () => signPushed(inputs.signing, inputs.images, image.manifest, clientFor, inputs.insecureRegistries));
        if (image && inputs.push && inputs.provenance.mode !== 'none') {
            const build = { builder: plan.builder.name, file: inputs.file, context: inputs.context, ...(inputs.target !== undefined && { target: inputs.target }), platforms: inputs.platforms, buildArgNames: inputs.buildArgs.map((a) => a.name), reused: preflight.reused !== undefined };
            report.attestations = await core/* group */.Os('Provenance', () => attestPushed(inputs.provenance, inputs.signing, inputs.images, image.manifest, build, startedOn, clientFor, inputs.insecureRegistries));
        }
        if (image && inputs.push && inputs.sbom !== 'none') {
            report.sboms = await core/* group */.Os('SBOM', () => attestSbom(inputs.sbom, inputs.signing, inputs.images, image.manifest, clientFor, inputs.insecureRegistries, credentialsDir, workdir));
        }
        await core/* group */.Os('Outputs', () => publishReport(report, inputs, plan));
    }
    catch (error) {
        await publishFailure(report, (0,errors/* errorMessage */.gJ)(error), inputs, plan);
        throw error;
    }
}
/** Removes the run's builder storage and auth file. */
async function post() {
    await removeWorkdir();
}


/***/ })

};
