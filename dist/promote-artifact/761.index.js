export const id = 761;
export const ids = [761];
export const modules = {

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


/***/ }),

/***/ 84761:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  verifySigned: () => (/* binding */ verifySigned)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./node_modules/@sigstore/protobuf-specs/dist/index.js
var dist = __webpack_require__(19654);
// EXTERNAL MODULE: ./node_modules/@sigstore/verify/dist/index.js
var verify_dist = __webpack_require__(54187);
// EXTERNAL MODULE: ./src/lib/action/errors.ts
var errors = __webpack_require__(49471);
;// CONCATENATED MODULE: ./src/lib/signing/trusted-root.ts
/**
 * The trust root keyless verification checks against: a trusted_root.json file (`cosign trusted-root create` writes
 * one for a private Sigstore; cosign reads it with --trusted-root), or by default the public instance's, fetched and
 * verified through its TUF repository by @sigstore/tuf (loaded only then), as cosign and `gh attestation verify` do.
 */




const PUBLIC_TRUST_ROOT = "the public Sigstore instance's trust root (from its TUF repository)";
class TrustRootError extends errors/* UserError */.yo {
    name = 'TrustRootError';
}
function trustOf(json, root, identity) {
    const parsed = dist.TrustedRoot.fromJSON(json);
    return { kind: 'keyless', material: (0,verify_dist/* toTrustMaterial */.jO)(parsed), requireSct: parsed.ctlogs.length > 0, identity, root };
}
/** The trust a policy names: its key, or its identity under its trust root (loaded here). */
function signerTrust(policy) {
    return policy.kind === 'key' ? Promise.resolve({ kind: 'key', key: policy.key }) : loadKeylessTrust(policy.identity, policy.trustedRoot);
}
/** Keyless trust: the root in `file`, or the public instance's. */
async function loadKeylessTrust(identity, file) {
    if (file !== undefined)
        return trustOf(JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8')), `the trust root ${file}`, identity);
    const { getTrustedRoot } = await Promise.all(/* import() */[__webpack_require__.e(335), __webpack_require__.e(694)]).then(__webpack_require__.bind(__webpack_require__, 84423));
    try {
        return trustOf(await getTrustedRoot(), PUBLIC_TRUST_ROOT, identity);
    }
    catch (error) {
        throw new TrustRootError(`The public Sigstore trust root could not be fetched from https://tuf-repo-cdn.sigstore.dev (${error.message}). Give 'trusted-root' (a trusted_root.json) to verify offline or against a private Sigstore.`);
    }
}

// EXTERNAL MODULE: ./src/lib/action/runner.ts
var runner = __webpack_require__(26578);
// EXTERNAL MODULE: ./src/lib/oci/reference.ts
var reference = __webpack_require__(25996);
// EXTERNAL MODULE: ./src/lib/signing/statement.ts
var statement = __webpack_require__(75882);
// EXTERNAL MODULE: ./src/lib/signing/trust.ts
var signing_trust = __webpack_require__(64441);
// EXTERNAL MODULE: ./src/lib/signing/verify-image.ts
var verify_image = __webpack_require__(21798);
;// CONCATENATED MODULE: ./src/promote-artifact/provenance-policy.ts
/** The source repository and commit a provenance predicate names. */
function provenanceSource(predicate) {
    const definition = predicate?.buildDefinition;
    const dependencies = Array.isArray(definition?.resolvedDependencies) ? definition.resolvedDependencies : [];
    const source = dependencies.find((d) => typeof d?.uri === 'string' && d.uri.startsWith('git+'));
    const commit = source?.digest?.gitCommit ?? source?.digest?.sha1;
    const workflowRepository = definition?.externalParameters?.workflow?.repository;
    const uri = typeof source?.uri === 'string' ? withoutRef(source.uri.slice('git+'.length)) : typeof workflowRepository === 'string' ? workflowRepository : undefined;
    return { ...(uri !== undefined && { repository: normalize(uri) }), ...(typeof commit === 'string' && { commit }) };
}
/** `https://github.com/acme/web@refs/heads/main` → `https://github.com/acme/web` (the ref may hold slashes; the path has no @). */
function withoutRef(uri) {
    const match = /^([a-z][a-z0-9+.-]*:\/\/[^/]+\/[^@]*)@/i.exec(uri);
    return match ? match[1] : uri;
}
function normalize(url) {
    return url.replace(/\/+$/, '').replace(/\.git$/, '');
}
/** Whether `repository` (a URL) is `expected` (`owner/repo`, any server; or a URL, exactly). Case-insensitive, as GitHub names are. */
function sameRepository(repository, expected) {
    const a = repository.toLowerCase();
    const b = normalize(expected).toLowerCase();
    if (/^https?:\/\//.test(b))
        return a === b;
    return a.replace(/^[a-z+]+:\/\/[^/]+\//, '') === b;
}
/** Why a verified provenance does not satisfy the policy, if it does not. */
function provenanceProblem(source, policy) {
    if (source.repository === undefined)
        return 'it names no source repository (no git+ resolved dependency)';
    if (!sameRepository(source.repository, policy.repository))
        return `it is the provenance of a build of ${source.repository}, not of ${policy.repository} (expected-source-repository)`;
    if (policy.commit !== undefined && source.commit?.toLowerCase() !== policy.commit) {
        return `it is the provenance of a build of commit ${source.commit ?? '(none named)'}, not of ${policy.commit} (expected-source-commit)`;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/promote-artifact/verify-provenance.ts
/**
 * `verify: provenance`: before any write, the source digest must carry a SLSA v1 provenance attestation that
 * verifies with `public-key` (a Sigstore bundle referrer, as build-push `provenance` and `cosign attest --key --type
 * slsaprovenance1` store it; checked as `cosign verify-attestation --key --insecure-ignore-tlog` checks it), whose
 * subject is the digest and whose source is the expected repository (and commit). Otherwise refused with the reason
 * for each attestation found, nothing written. Reads only.
 */







class ProvenanceRefusedError extends errors/* UserError */.yo {
    name = 'ProvenanceRefusedError';
}
async function verifyProvenance(inputs, clients, verified, trust) {
    const policy = inputs.verify;
    if (!trust || !policy.provenance)
        return undefined;
    const { source } = inputs;
    const digest = verified.manifest.digest;
    const name = (0,reference/* formatReference */.FH)({ registry: source.registry, repository: source.repository, digest });
    const result = await (0,verify_image/* verifyImageAttestations */.sE)(clients.source, source.repository, digest, trust, statement/* SLSA_PROVENANCE_V1 */.us);
    const judged = result.verdicts.map((v) => {
        if (!v.verified)
            return { where: v.where, why: v.why ?? 'it does not verify' };
        const named = provenanceSource(v.statement?.predicate);
        const why = provenanceProblem(named, policy.provenance);
        return why === undefined ? { where: v.where, repository: named.repository, ...(named.commit !== undefined && { commit: named.commit }) } : { where: v.where, why };
    });
    const accepted = judged.filter((j) => !('why' in j));
    if (accepted.length === 0) {
        const reason = judged.length === 0
            ? `${digest} has no SLSA provenance attestation (no Sigstore bundle referrer with predicate type ${statement/* SLSA_PROVENANCE_V1 */.us})`
            : `no SLSA provenance of ${digest} verifies ${(0,signing_trust/* trustPhrase */._w)(trust)} and names ${policy.provenance.repository}${policy.provenance.commit ? ` at ${policy.provenance.commit}` : ''}: ${judged.map((j) => `${j.where}: ${'why' in j ? j.why : 'accepted'}`).join('; ')}`;
        throw new ProvenanceRefusedError(`Refusing to promote ${name}: ${reason}. Nothing was written.`);
    }
    runner/* info */.pq(`provenance of ${name} verified ${(0,signing_trust/* trustPhrase */._w)(trust)}: ${accepted.map((a) => `${a.where} (${a.repository}${a.commit ? `@${a.commit}` : ''})`).join(', ')}`);
    for (const j of judged)
        if ('why' in j)
            runner/* warning */.$e(`${name}: a provenance attestation that is not accepted is attached too (${j.where}: ${j.why})`);
    return { verified: accepted, expected: policy.provenance };
}

// EXTERNAL MODULE: ./src/lib/oci/media-types.ts
var media_types = __webpack_require__(58617);
;// CONCATENATED MODULE: ./src/promote-artifact/verify-sbom.ts
/**
 * `verify: sbom`: before any write, the source digest must carry an SBOM attestation (an SPDX or CycloneDX document
 * as the predicate, as build-push `sbom` and `cosign attest --key --type spdxjson|cyclonedx` store it) that verifies
 * with `public-key`, checked as `cosign verify-attestation --key --insecure-ignore-tlog` checks it. Otherwise refused
 * with the reason for each attestation found, nothing written. A multi-platform index passes with an SBOM of its own
 * or one on every platform manifest. Reads only.
 */







class SbomRefusedError extends errors/* UserError */.yo {
    name = 'SbomRefusedError';
}
const FORMATS = [
    { format: 'spdx', predicateType: statement/* SPDX_PREDICATE */.I$ },
    { format: 'cyclonedx', predicateType: statement/* CYCLONEDX_PREDICATE */.my }
];
/** The platform manifests of an index (not its attestation manifests), each named os/architecture[/variant]. */
function platformChildren(manifest) {
    return (0,media_types/* platformManifests */.OS)((0,media_types/* parseManifest */.Ng)(manifest.bytes, manifest.mediaType)).map((m) => ({ digest: m.digest, platform: m.platformText }));
}
/** The SBOM attestations of one digest that verify, and those that do not. */
async function sbomsOf(clients, repository, digest, trust) {
    const results = await Promise.all(FORMATS.map(async ({ format, predicateType }) => ({ format, result: await (0,verify_image/* verifyImageAttestations */.sE)(clients.source, repository, digest, trust, predicateType) })));
    return {
        accepted: results.flatMap(({ format, result }) => result.verdicts.filter((v) => v.verified).map((v) => ({ where: v.where, format }))),
        refused: results.flatMap(({ result }) => result.verdicts.filter((v) => !v.verified))
    };
}
const reasonFor = (digest, refused, by) => refused.length === 0
    ? `${digest} has no SBOM attestation (no Sigstore bundle referrer or .att layer with predicate type ${statement/* SPDX_PREDICATE */.I$} or ${statement/* CYCLONEDX_PREDICATE */.my})`
    : `no SBOM attestation of ${digest} verifies ${by}: ${refused.map((v) => `${v.where}: ${v.why ?? 'it does not verify'}`).join('; ')}`;
/**
 * An SBOM attested on the digest itself, or, for a multi-platform index, one on every platform manifest (as build-push
 * and buildx attach them: an SBOM describes one platform's filesystem).
 */
async function verifySbom(inputs, clients, verified, trust) {
    const policy = inputs.verify;
    if (!trust || !policy.checks.includes('sbom'))
        return undefined;
    const { source } = inputs;
    const digest = verified.manifest.digest;
    const name = (0,reference/* formatReference */.FH)({ registry: source.registry, repository: source.repository, digest });
    const by = (0,signing_trust/* trustPhrase */._w)(trust);
    const own = await sbomsOf(clients, source.repository, digest, trust);
    let accepted = own.accepted;
    let refused = own.refused;
    const children = own.accepted.length === 0 ? platformChildren(verified.manifest) : [];
    if (children.length > 0) {
        const each = await Promise.all(children.map(async (child) => ({ ...child, ...(await sbomsOf(clients, source.repository, child.digest, trust)) })));
        const missing = each.filter((c) => c.accepted.length === 0);
        if (missing.length > 0) {
            const why = missing.map((c) => `platform ${c.platform}: ${reasonFor(c.digest, c.refused, by)}`).join('; ');
            throw new SbomRefusedError(`Refusing to promote ${name}: neither the index nor every platform carries an SBOM attestation that verifies (${why}). Nothing was written.`);
        }
        accepted = each.flatMap((c) => c.accepted.map((a) => ({ ...a, platform: c.platform, digest: c.digest })));
        refused = each.flatMap((c) => c.refused);
    }
    if (accepted.length === 0)
        throw new SbomRefusedError(`Refusing to promote ${name}: ${reasonFor(digest, refused, by)}. Nothing was written.`);
    runner/* info */.pq(`SBOM of ${name} verified ${by}: ${accepted.map((a) => `${a.where} (${a.format}${a.platform ? `, ${a.platform}` : ''})`).join(', ')}`);
    for (const v of refused)
        runner/* warning */.$e(`${name}: an SBOM attestation that does not verify is attached too (${v.where}: ${v.why ?? 'it does not verify'})`);
    return { verified: accepted };
}

;// CONCATENATED MODULE: ./src/promote-artifact/verify-signature.ts
/**
 * `verify: signature`: before any write, the source digest must carry a cosign signature that verifies with
 * `public-key` (a Sigstore bundle referrer or a `.sig` tag, checked as `cosign verify --key --insecure-ignore-tlog`
 * checks it), or keyless, by the certificate identity under the trust root (a Sigstore bundle referrer, checked as
 * `cosign verify --certificate-identity … --certificate-oidc-issuer …` checks it). Unsigned, tampered, or signed by
 * another key or identity: refused with the reason, nothing written. Reads only.
 */





class SignatureRefusedError extends errors/* UserError */.yo {
    name = 'SignatureRefusedError';
}
async function verifySignature(inputs, clients, verified, trust) {
    const policy = inputs.verify;
    if (!policy.checks.includes('signature') || !trust)
        return undefined;
    const { source } = inputs;
    const digest = verified.manifest.digest;
    const result = await (0,verify_image/* verifyImageSignatures */.a$)(clients.source, source.repository, digest, trust);
    const name = (0,reference/* formatReference */.FH)({ registry: source.registry, repository: source.repository, digest });
    if (!result.verified)
        throw new SignatureRefusedError(`Refusing to promote ${name}: ${(0,verify_image/* refusalReason */.b)(result, (0,signing_trust/* trustPhrase */._w)(trust))}. Nothing was written.`);
    const plain = result.verdicts.map(({ statement: _, ...v }) => v);
    const check = { verified: plain.filter((v) => v.verified), rejected: plain.filter((v) => !v.verified) };
    runner/* info */.pq(`signature of ${name} verified ${(0,signing_trust/* trustPhrase */._w)(trust)}: ${check.verified.map((v) => `${v.where} (${v.format})`).join(', ')}`);
    for (const v of check.rejected)
        runner/* warning */.$e(`${name}: a signature that does not verify ${(0,signing_trust/* trustPhrase */._w)(trust)} is attached too (${v.where}: ${v.why})`);
    return check;
}

;// CONCATENATED MODULE: ./src/promote-artifact/verify-signed.ts
/**
 * `verify`'s cryptographic checks, loaded only when `verify` names one (they bring the Sigstore libraries): the
 * signer's trust (a key, or a keyless identity under a trust root), then the signature, provenance and SBOM checks.
 */




async function verifySigned(inputs, clients, source) {
    if (!inputs.verify.signer)
        return {};
    const trust = await signerTrust(inputs.verify.signer);
    const signature = await verifySignature(inputs, clients, source, trust);
    const provenance = await verifyProvenance(inputs, clients, source, trust);
    const sbom = await verifySbom(inputs, clients, source, trust);
    return { ...(signature && { signature }), ...(provenance && { provenance }), ...(sbom && { sbom }) };
}


/***/ })

};
