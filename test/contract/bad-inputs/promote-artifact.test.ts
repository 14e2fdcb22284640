/** promote-artifact's bad-input table: every input refused through the built bundle before any registry request. */
import { generateKeyPairSync } from 'node:crypto'
import { describeBadInputs } from '../../../local/bad-inputs.js'

const DIGEST = `sha256:${'a'.repeat(64)}`
const OTHER = `sha256:${'b'.repeat(64)}`
/** A valid public key, so a case blames only the input it is about. */
const PUB = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString()
const ENCRYPTED_KEY = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'right-password' }).toString()
const RSA_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
const keyLine = (pem: string): string => pem.split('\n')[2]!
const WORKFLOW = 'https://github.com/acme/web/.github/workflows/release.yml@refs/heads/main'
const ISSUER = 'https://token.actions.githubusercontent.com'

describeBadInputs({
  action: 'promote-artifact',
  // A digest on a recording registry promoted to one tag: valid, and the first thing it does is resolve the source there.
  baseline: { source: `{registry-host}/acme/web@${DIGEST}`, targets: 'v1.2.3' },
  control: { endpoints: ['registry'] },
  noBadValue: {},
  cases: [
    { why: 'an unknown mode', inputs: { sign: 'gpg' }, names: 'sign', from: 'issue 19' },
    { why: 'keyless (not available yet)', inputs: { sign: 'keyless' }, names: 'sign', from: 'issue 19' },
    { why: 'a key with sign none', inputs: { 'signing-key': ENCRYPTED_KEY, 'signing-key-password': 'right-password' }, names: 'sign', shows: 'none', hides: keyLine(ENCRYPTED_KEY), from: 'issue 19' },
    { why: 'missing while sign is key', inputs: { sign: 'key' }, names: 'signing-key', shows: false, from: 'issue 19' },
    { why: 'a signing config without sign: keyless', inputs: { 'signing-config': 'signing_config.json' }, names: 'signing-config', from: 'issue 19' },
    { why: 'an identity with no issuer', inputs: { verify: 'signature', 'certificate-oidc-issuer': ISSUER }, names: 'certificate-identity', shows: false, from: 'issue 19' },
    { why: 'an identity with a public key too', inputs: { verify: 'signature', 'public-key': PUB, 'certificate-identity': WORKFLOW }, names: 'certificate-identity', from: 'issue 19' },
    { why: 'an identity regexp that does not compile', inputs: { verify: 'signature', 'certificate-identity-regexp': '(acme', 'certificate-oidc-issuer': ISSUER }, names: 'certificate-identity-regexp', from: 'issue 19' },
    { why: 'an issuer missing for the identity', inputs: { verify: 'signature', 'certificate-identity': WORKFLOW }, names: 'certificate-oidc-issuer', shows: false, from: 'issue 19' },
    { why: 'an issuer regexp that does not compile', inputs: { verify: 'signature', 'certificate-identity': WORKFLOW, 'certificate-oidc-issuer-regexp': '[github' }, names: 'certificate-oidc-issuer-regexp', from: 'issue 19' },
    { why: 'a trust root that cannot be read', inputs: { verify: 'signature', 'certificate-identity': WORKFLOW, 'certificate-oidc-issuer': ISSUER, 'trusted-root': 'no-such-trusted_root.json' }, names: 'trusted-root', from: 'issue 19' },
    { why: 'an RSA key (cosign keys are ECDSA P-256)', inputs: { sign: 'key', 'signing-key': RSA_KEY }, names: 'signing-key', shows: false, hides: keyLine(RSA_KEY), from: 'issue 19' },
    { why: 'a password that does not open the key', inputs: { sign: 'key', 'signing-key': ENCRYPTED_KEY, 'signing-key-password': 'wrong-password-42' }, names: 'signing-key-password', shows: false, hides: keyLine(ENCRYPTED_KEY), from: 'issue 19' },
    { why: 'empty (required)', inputs: { source: '' }, names: 'source', shows: false },
    { why: 'not a reference', inputs: { source: 'not a reference!' }, names: 'source' },
    { why: 'a digest that is not sha256', inputs: { source: `{registry-host}/acme/web@sha512:${'c'.repeat(128)}` }, names: 'source' },
    { why: 'a truncated digest', inputs: { source: '{registry-host}/acme/web@sha256:abc' }, names: 'source' },
    { why: 'a digest without its repository', inputs: { source: DIGEST }, names: 'source' },
    { why: 'a URL with credentials', inputs: { source: 'https://ci:s3cret-pw@ghcr.io/acme/web:1.2.3' }, names: 'source', shows: false, hides: 's3cret-pw', from: 'issue 13 item 6' },
    { why: 'not a digest', inputs: { source: '{registry-host}/acme/web:1.2.3', 'expected-digest': 'sha256:abc' }, names: 'expected-digest' },
    { why: 'upper-case hex', inputs: { source: '{registry-host}/acme/web:1.2.3', 'expected-digest': `sha256:${'A'.repeat(64)}` }, names: 'expected-digest' },
    { why: 'another digest than the source names', inputs: { 'expected-digest': OTHER }, names: 'expected-digest' },
    { why: 'empty (required)', inputs: { targets: '' }, names: 'targets', shows: false },
    { why: 'a tag with a space', inputs: { targets: 'v1.2.3\nbad tag!' }, names: 'targets', shows: 'bad tag!' },
    { why: 'a tag starting with -', inputs: { targets: '-stable' }, names: 'targets' },
    { why: 'a reference with a digest', inputs: { targets: `ghcr.io/acme/web@${DIGEST}` }, names: 'targets' },
    { why: 'a reference without a tag', inputs: { targets: 'ghcr.io/acme/web' }, names: 'targets' },
    { why: 'a pattern that can match no tag', inputs: { 'allow-overwrite': '[a-' }, names: 'allow-overwrite', from: 'issue 13 item 10' },
    { why: 'a character no tag or glob has', inputs: { 'allow-overwrite': 'prod/*' }, names: 'allow-overwrite' },
    { why: 'not a boolean', inputs: { 'copy-referrers': 'maybe' }, names: 'copy-referrers' },
    { why: 'an unknown kind', inputs: { 'require-referrers': 'signatures' }, names: 'require-referrers' },
    { why: 'not a media type', inputs: { 'require-referrers': 'in toto' }, names: 'require-referrers' },
    { why: 'missing while password is set', inputs: { password: 'pw-without-user' }, names: 'username', shows: false, hides: 'pw-without-user' },
    { why: 'missing while username is set', inputs: { username: 'ci' }, names: 'password', shows: false },
    { why: 'missing while target-password is set', inputs: { 'target-password': 'target-pw-alone' }, names: 'target-username', shows: false, hides: 'target-pw-alone' },
    { why: 'missing while target-username is set', inputs: { 'target-username': 'deployer' }, names: 'target-password', shows: false },
    { why: 'not host[:port]', inputs: { 'insecure-registries': '::::' }, names: 'insecure-registries', from: 'issue 13 item 10' },
    { why: 'a port out of range', inputs: { 'insecure-registries': 'registry.internal:99999' }, names: 'insecure-registries' },
    { why: 'a path after the host', inputs: { 'insecure-registries': 'registry.internal:5000/acme' }, names: 'insecure-registries' },
    { why: 'not a boolean', inputs: { 'dry-run': 'perhaps' }, names: 'dry-run' },
    { why: 'an unknown policy', inputs: { verify: 'signed' }, names: 'verify', from: 'issue 19' },
    { why: 'missing while verify is signature', inputs: { verify: 'signature' }, names: 'public-key', shows: false, from: 'issue 19' },
    { why: 'no PEM public key', inputs: { verify: 'signature', 'public-key': 'not-a-public-key' }, names: 'public-key' },
    { why: 'none with another check', inputs: { verify: 'none, provenance', 'public-key': PUB }, names: 'verify', shows: 'none', from: 'issue 19' },
    { why: 'missing while verify is provenance', inputs: { verify: 'provenance' }, names: 'public-key', shows: false, from: 'issue 19' },
    { why: 'not owner/repo or a URL', inputs: { verify: 'provenance', 'public-key': PUB, 'expected-source-repository': 'acme web' }, names: 'expected-source-repository', shows: 'acme web', from: 'issue 19' },
    { why: 'without verify: provenance', inputs: { 'expected-source-repository': 'acme/web' }, names: 'expected-source-repository', shows: 'acme/web', from: 'issue 19' },
    { why: 'not a full commit SHA', inputs: { verify: 'provenance', 'public-key': PUB, 'expected-source-commit': 'main' }, names: 'expected-source-commit', shows: 'main', from: 'issue 19' },
    { why: 'without verify: provenance', inputs: { 'expected-source-commit': 'a'.repeat(40) }, names: 'expected-source-commit', from: 'issue 19' }
  ]
})
