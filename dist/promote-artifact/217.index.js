export const id = 217;
export const ids = [217];
export const modules = {

/***/ 86217:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  signInRepositories: () => (/* binding */ signInRepositories)
});

// UNUSED EXPORTS: attestInRepositories, cosignVerifyAttestationCommand, cosignVerifyCommand, signerFlags

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/lib/oci/reference.ts
var reference = __webpack_require__(25996);
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
// EXTERNAL MODULE: ./src/lib/signing/verify-image.ts
var verify_image = __webpack_require__(21798);
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
        const digest = (0,external_node_crypto_.createHash)('sha256').update((0,verify_image/* preAuthEncoding */.JC)(envelope.payloadType, envelope.payload)).digest();
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

// EXTERNAL MODULE: ./node_modules/@sigstore/bundle/dist/index.js
var bundle_dist = __webpack_require__(61040);
// EXTERNAL MODULE: ./src/lib/oci/digest.ts
var oci_digest = __webpack_require__(28785);
// EXTERNAL MODULE: ./src/lib/oci/media-types.ts
var media_types = __webpack_require__(58617);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
;// CONCATENATED MODULE: ./src/lib/oci/referrer.ts



const EMPTY_CONFIG = 'application/vnd.oci.empty.v1+json';
const EMPTY_BYTES = Buffer.from('{}');
/** The artifact's manifest bytes (deterministic for the same input). */
function referrerManifest(artifact) {
    const manifest = {
        schemaVersion: 2,
        mediaType: media_types/* OCI_MANIFEST */.EG,
        artifactType: artifact.artifactType,
        config: { mediaType: EMPTY_CONFIG, digest: (0,oci_digest/* sha256Digest */.s)(EMPTY_BYTES), size: EMPTY_BYTES.length },
        layers: artifact.layers.map((layer) => ({ mediaType: layer.mediaType, digest: (0,oci_digest/* sha256Digest */.s)(layer.bytes), size: layer.bytes.length, ...(layer.annotations && { annotations: layer.annotations }) })),
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
        await client.uploadBlob(repository, { mediaType, digest: (0,oci_digest/* sha256Digest */.s)(bytes), size: bytes.length }, () => external_node_stream_.Readable.from([bytes]));
    }
    const bytes = referrerManifest(artifact);
    const digest = (0,oci_digest/* sha256Digest */.s)(bytes);
    await client.putManifest(repository, digest, { bytes, mediaType: media_types/* OCI_MANIFEST */.EG });
    const descriptor = { mediaType: media_types/* OCI_MANIFEST */.EG, digest, size: bytes.length, artifactType: artifact.artifactType, annotations: artifact.annotations };
    const listed = await client.referrers(repository, artifact.subject.digest);
    if (listed.supported || listed.descriptors.some((d) => d.digest === digest))
        return { descriptor, fallback: false };
    // No referrers API: the subject's fallback index lists it (read, extended and written back, as cosign and oras do).
    const index = { schemaVersion: 2, mediaType: media_types/* OCI_INDEX */.$p, manifests: [...listed.descriptors, descriptor] };
    await client.putManifest(repository, (0,oci_digest/* referrersTag */.L)(artifact.subject.digest), { bytes: Buffer.from(JSON.stringify(index)), mediaType: media_types/* OCI_INDEX */.$p });
    return { descriptor, fallback: true };
}

// EXTERNAL MODULE: ./src/lib/signing/keys.ts
var keys = __webpack_require__(22607);
// EXTERNAL MODULE: ./src/lib/signing/statement.ts
var signing_statement = __webpack_require__(75882);
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
    return sign_image_attachStatement(client, repository, subject, (0,signing_statement/* signStatement */.fT)(subject.digest), signer, created);
}
/** Signs `statement` (about the manifest `subject`) and stores the bundle as a referrer of `subject`, as `cosign attest` does. */
async function sign_image_attachStatement(client, repository, subject, statement, signer, created = new Date()) {
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

// EXTERNAL MODULE: ./src/lib/signing/trust.ts
var trust = __webpack_require__(64441);
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
    const flags = (0,trust/* identityFlags */.S3)({ identity: keyless?.identity.subject ?? '<identity>', issuer: keyless?.identity.issuer ?? '<issuer>' });
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
        const name = (0,reference/* formatReference */.FH)({ registry, repository, digest: subject.digest });
        const insecure = insecureRegistries.includes(registry) || (0,reference/* isLoopback */.U9)(registry);
        const valid = await existing(signing, (key) => (0,verify_image/* verifyImageSignatures */.a$)(client, repository, subject.digest, { kind: 'key', key }));
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
        const image = formatReference({ registry, repository, digest: subject.digest });
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


/***/ }),

/***/ 75882:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HM: () => (/* binding */ BUNDLE_V03_MEDIA_TYPE),
/* harmony export */   I$: () => (/* binding */ SPDX_PREDICATE),
/* harmony export */   T4: () => (/* binding */ IN_TOTO_PAYLOAD_TYPE),
/* harmony export */   b1: () => (/* binding */ BUNDLE_CONTENT_ANNOTATION),
/* harmony export */   fT: () => (/* binding */ signStatement),
/* harmony export */   hy: () => (/* binding */ statementProblem),
/* harmony export */   my: () => (/* binding */ CYCLONEDX_PREDICATE),
/* harmony export */   u: () => (/* binding */ COSIGN_SIGN_PREDICATE),
/* harmony export */   us: () => (/* binding */ SLSA_PROVENANCE_V1),
/* harmony export */   vf: () => (/* binding */ BUNDLE_PREDICATE_ANNOTATION)
/* harmony export */ });
/* unused harmony exports IN_TOTO_STATEMENT_V1, statementFor */
/**
 * What a cosign (v3) image signature signs: an in-toto v1 statement naming the image digest as its subject, with
 * cosign's sign predicate type, wrapped in a DSSE envelope inside a Sigstore bundle (v0.3) stored as an OCI referrer.
 */
const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
/** cosign's predicate type for `cosign sign` in the bundle format. */
const COSIGN_SIGN_PREDICATE = 'https://sigstore.dev/cosign/sign/v1';
/** SLSA v1 provenance, cosign's `--type slsaprovenance1`. */
const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
/** An SPDX document as the predicate, cosign's `--type spdxjson`. */
const SPDX_PREDICATE = 'https://spdx.dev/Document';
/** A CycloneDX BOM as the predicate, cosign's `--type cyclonedx`. */
const CYCLONEDX_PREDICATE = 'https://cyclonedx.org/bom';
const BUNDLE_V03_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
/** The referrer manifest annotations cosign writes and reads. */
const BUNDLE_PREDICATE_ANNOTATION = 'dev.sigstore.bundle.predicateType';
const BUNDLE_CONTENT_ANNOTATION = 'dev.sigstore.bundle.content';
/** An in-toto v1 statement about `digest` (its only subject). */
function statementFor(digest, predicateType, predicate) {
    const [algorithm, hex] = digest.split(':');
    return { _type: IN_TOTO_STATEMENT_V1, subject: [{ digest: { [algorithm]: hex } }], predicateType, predicate };
}
/** The statement cosign signs for `cosign sign <image>@<digest>`. */
function signStatement(digest) {
    return statementFor(digest, COSIGN_SIGN_PREDICATE, {});
}
/** Why a signed statement does not sign `digest` with `predicateType`, if it does not. */
function statementProblem(payload, digest, predicateType) {
    let statement;
    try {
        statement = JSON.parse(payload.toString('utf8'));
    }
    catch {
        return 'the signed payload is no JSON in-toto statement';
    }
    if (statement._type !== IN_TOTO_STATEMENT_V1 && statement._type !== 'https://in-toto.io/Statement/v0.1')
        return `the signed payload is no in-toto statement (_type ${String(statement._type)})`;
    if (statement.predicateType !== predicateType)
        return `it signs a ${String(statement.predicateType)} statement, not ${predicateType}`;
    const [algorithm, hex] = digest.split(':');
    const subjects = Array.isArray(statement.subject) ? statement.subject : [];
    if (!subjects.some((s) => s?.digest?.[algorithm] === hex)) {
        const named = subjects.map((s) => Object.entries(s?.digest ?? {}).map(([a, h]) => `${a}:${h}`).join(',')).join('; ');
        return `it signs ${named || 'no subject'}, not ${digest}`;
    }
    return undefined;
}


/***/ }),

/***/ 21798:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JC: () => (/* binding */ preAuthEncoding),
/* harmony export */   a$: () => (/* binding */ verifyImageSignatures),
/* harmony export */   b: () => (/* binding */ refusalReason),
/* harmony export */   sE: () => (/* binding */ verifyImageAttestations)
/* harmony export */ });
/* unused harmony exports SIMPLE_SIGNING_MEDIA_TYPE, COSIGN_SIGNATURE_ANNOTATION, DSSE_ENVELOPE_MEDIA_TYPE, bundleProblem, checkBundle, simpleSigningProblem, checkEnvelope */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _sigstore_bundle__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(61040);
/* harmony import */ var _sigstore_verify__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(54187);
/* harmony import */ var _oci_digest_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(28785);
/* harmony import */ var _oci_media_types_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(58617);
/* harmony import */ var _statement_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(75882);
/* harmony import */ var _trust_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(64441);
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
        bundle = (0,_sigstore_bundle__WEBPACK_IMPORTED_MODULE_1__.bundleFromJSON)(JSON.parse(json.toString('utf8')));
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
    return (0,_statement_js__WEBPACK_IMPORTED_MODULE_6__/* .statementProblem */ .hy)(payload, digest, predicateType) ?? { statement: JSON.parse(payload.toString('utf8')) };
}
function keyProblem(bundle, key) {
    if (bundle.verificationMaterial.content.$case !== 'publicKey')
        return 'it is signed keyless (a certificate), not with a key';
    // The key is the trust: transparency-log entries and timestamps are not checked (cosign's --insecure-ignore-tlog).
    const keyOnly = { ...bundle, verificationMaterial: { ...bundle.verificationMaterial, tlogEntries: [], timestampVerificationData: { rfc3161Timestamps: [] } } };
    try {
        new _sigstore_verify__WEBPACK_IMPORTED_MODULE_2__/* .Verifier */ .BL(keyTrust(key), { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }).verify((0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_2__/* .toSignedEntity */ .DC)(keyOnly));
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
        identity = new _sigstore_verify__WEBPACK_IMPORTED_MODULE_2__/* .Verifier */ .BL(trust.material, { tlogThreshold: 1, ctlogThreshold: trust.requireSct ? 1 : 0, timestampThreshold: 1 }).verify((0,_sigstore_verify__WEBPACK_IMPORTED_MODULE_2__/* .toSignedEntity */ .DC)(bundle)).identity;
    }
    catch (error) {
        const message = error.message;
        const why = /mismatch|signature/i.test(message) ? `the signature does not match what it signs (the statement was altered, or another key signed it): ${message}` : message;
        return `it does not verify against ${trust.root}: ${why}`;
    }
    return (0,_trust_js__WEBPACK_IMPORTED_MODULE_5__/* .identityProblem */ .qf)({ subject: identity?.subjectAlternativeName, issuer: identity?.extensions?.issuer }, trust.identity);
}
/** Verifies one classic cosign layer: the payload must name the digest and the signature verify over its bytes. */
function simpleSigningProblem(payload, signatureBase64, digest, key) {
    if (!signatureBase64)
        return `the layer has no ${COSIGN_SIGNATURE_ANNOTATION} annotation`;
    if (!(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.verify)('sha256', payload, { key, dsaEncoding: 'der' }, Buffer.from(signatureBase64, 'base64'))) {
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
    if (!signatures.some((s) => typeof s?.sig === 'string' && (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.verify)('sha256', signed, { key, dsaEncoding: 'der' }, Buffer.from(s.sig, 'base64')))) {
        return 'the signature does not verify with the public key (another key signed it, or the payload was altered)';
    }
    return (0,_statement_js__WEBPACK_IMPORTED_MODULE_6__/* .statementProblem */ .hy)(payload, digest, predicateType) ?? { statement: JSON.parse(payload.toString('utf8')) };
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
    if ((0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .sha256Digest */ .s)(bytes) !== descriptor.digest)
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
async function bundleVerdicts(client, repository, digest, trust, predicateType = _statement_js__WEBPACK_IMPORTED_MODULE_6__/* .COSIGN_SIGN_PREDICATE */ .u) {
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
            const parsed = (0,_oci_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .parseManifest */ .Ng)(manifest.bytes, manifest.mediaType);
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
    const tag = `${(0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .referrersTag */ .L)(digest)}.sig`;
    const manifest = await client.getManifest(repository, tag);
    if (!manifest)
        return [];
    if (trust.kind !== 'key')
        return [{ where: tag, format: 'cosign-tag', verified: false, why: TAG_KEYLESS }];
    const { key } = trust;
    const layers = (0,_oci_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .parseManifest */ .Ng)(manifest.bytes, manifest.mediaType).blobs.slice(1);
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
    const tag = `${(0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .referrersTag */ .L)(digest)}.att`;
    const manifest = await client.getManifest(repository, tag);
    if (!manifest)
        return [];
    if (trust.kind !== 'key')
        return [{ where: tag, format: 'cosign-att-tag', verified: false, why: TAG_KEYLESS }];
    const { key } = trust;
    const layers = (0,_oci_media_types_js__WEBPACK_IMPORTED_MODULE_4__/* .parseManifest */ .Ng)(manifest.bytes, manifest.mediaType).blobs.slice(1);
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
        return `${result.digest} has no cosign signature (no Sigstore bundle referrer, no ${(0,_oci_digest_js__WEBPACK_IMPORTED_MODULE_3__/* .referrersTag */ .L)(result.digest)}.sig tag)`;
    return `no signature of ${result.digest} verifies ${by}: ${result.verdicts.map((v) => `${v.where}: ${v.why ?? 'verified'}`).join('; ')}`;
}


/***/ })

};
