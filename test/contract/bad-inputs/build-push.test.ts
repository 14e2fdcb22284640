/** build-push's bad-input table: every input refused through the built bundle before any build, push or registry request. */
import { generateKeyPairSync } from 'node:crypto'
import { describeBadInputs } from '../../../local/bad-inputs.js'

const DIGEST = `sha256:${'a'.repeat(64)}`
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
const ENCRYPTED_KEY = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'right-password' }).toString()
const RSA_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
/** A line of a key's body: it must never reach the log unmasked. */
const keyLine = (pem: string): string => pem.split('\n')[2]!

describeBadInputs({
  action: 'build-push',
  // A repository on a recording registry and buildah (a tripwire): valid, and the plan asks the registry first.
  baseline: { image: '{registry-host}/acme/web', builder: 'buildah' },
  files: { Dockerfile: 'FROM scratch AS base\nCOPY app.txt /app.txt\nFROM base AS final\n', 'app.txt': 'app\n' },
  control: { endpoints: ['registry'] },
  noBadValue: {},
  cases: [
    { why: 'empty (required)', inputs: { image: '' }, names: 'image', shows: false },
    { why: 'not a repository name', inputs: { image: 'Acme Web!' }, names: 'image', shows: 'Acme Web!' },
    { why: 'a tag (tags come from the rules)', inputs: { image: '{registry-host}/acme/web:latest' }, names: 'image' },
    { why: 'a digest', inputs: { image: `{registry-host}/acme/web@${DIGEST}` }, names: 'image' },
    { why: 'the same repository twice', inputs: { image: '{registry-host}/acme/web\n{registry-host}/ACME/web' }, names: 'image', shows: '{registry-host}/ACME/web' },
    { why: 'a URL with credentials', inputs: { image: 'https://ci:s3cret-pw@ghcr.io/acme/web' }, names: 'image', shows: false, hides: 's3cret-pw', from: 'issue 13 item 6' },
    { why: 'outside the workspace (..)', inputs: { context: '../../../..' }, names: 'context', from: 'issue 13 item 7' },
    { why: 'an absolute path outside', inputs: { context: '/etc' }, names: 'context', from: 'issue 13 item 7' },
    { why: 'a symbolic link out of the workspace', inputs: { context: 'ctx' }, links: { ctx: '/etc' }, names: 'context', from: 'issue 13 item 7' },
    { why: 'a directory that does not exist', inputs: { context: 'no-such-dir' }, names: 'context' },
    { why: 'outside the workspace (..)', inputs: { file: '../../../../etc/passwd' }, names: 'file', hides: 'root:x:0:0', from: 'issue 13 item 7' },
    { why: 'an absolute path outside', inputs: { file: '/etc/hostname' }, names: 'file', from: 'issue 13 item 7' },
    { why: 'a symbolic link out of the workspace', inputs: { file: 'Dockerfile.link' }, links: { 'Dockerfile.link': '/etc/passwd' }, names: 'file', hides: 'root:x:0:0', from: 'issue 13 item 7' },
    { why: 'a file that does not exist', inputs: { file: 'docker/Dockerfile.prod' }, names: 'file' },
    { why: 'a stage the Dockerfile does not have', inputs: { target: 'no-such-stage' }, names: 'target', from: 'issue 13 item 8' },
    { why: 'a line without =', inputs: { 'build-args': 'VERSION' }, names: 'build-args' },
    { why: 'a line without a name', inputs: { 'build-args': '=1.2.3' }, names: 'build-args' },
    { why: 'a line without = (the value is not shown)', inputs: { secrets: 'npm-token-hunter2' }, names: 'secrets', shows: 'line 1 (value hidden)', hides: 'npm-token-hunter2', from: 'issue 18' },
    { why: 'an id that is not a name', inputs: { secrets: 'my token=hunter2-value' }, names: 'secrets', shows: 'line 1 (value hidden)', hides: 'hunter2-value', from: 'issue 18' },
    { why: 'the same id twice', inputs: { secrets: 'TOKEN=first-hunter2\nTOKEN=second-hunter2' }, names: 'secrets', shows: "line 2 (id 'TOKEN')", hides: 'second-hunter2', from: 'issue 18' },
    { why: 'a file outside the workspace', inputs: { 'secret-files': 'passwd=/etc/passwd' }, names: 'secret-files', hides: 'root:x:0:0', from: 'issue 18' },
    { why: 'a file that does not exist', inputs: { 'secret-files': 'npmrc=.npmrc' }, names: 'secret-files', from: 'issue 18' },
    { why: 'a line without =', inputs: { 'secret-files': 'npmrc' }, names: 'secret-files', from: 'issue 18' },
    { why: 'default without an agent (no SSH_AUTH_SOCK)', inputs: { ssh: 'default' }, names: 'ssh', from: 'issue 18' },
    { why: 'an id without a path', inputs: { ssh: 'deploy' }, names: 'ssh', from: 'issue 18' },
    { why: 'a key file that does not exist', inputs: { ssh: 'deploy=keys/id_ed25519' }, names: 'ssh', from: 'issue 18' },
    { why: 'a line without =', inputs: { labels: 'team' }, names: 'labels' },
    { why: 'not a boolean', inputs: { 'push-by-digest': 'maybe' }, names: 'push-by-digest', from: 'issue 18' },
    { why: 'with push false', inputs: { 'push-by-digest': 'true', push: 'false' }, names: 'push-by-digest', shows: 'true', from: 'issue 18' },
    { why: 'two platforms on one runner', inputs: { 'push-by-digest': 'true', platforms: 'linux/amd64,linux/arm64' }, names: 'platforms', shows: 'linux/amd64,linux/arm64', from: 'issue 18' },
    { why: 'not a digest', inputs: { 'merge-digests': 'sha256:abc' }, names: 'merge-digests', from: 'issue 18' },
    { why: 'the same digest twice', inputs: { 'merge-digests': `${DIGEST}\n${DIGEST}` }, names: 'merge-digests', shows: DIGEST, from: 'issue 18' },
    { why: 'a line without a key', inputs: { labels: '=web' }, names: 'labels' },
    { why: 'an unknown architecture', inputs: { platforms: 'linux/amd65' }, names: 'platforms' },
    { why: 'an os without an architecture', inputs: { platforms: 'windows' }, names: 'platforms' },
    { why: 'an unknown variant', inputs: { platforms: 'linux/arm/v4' }, names: 'platforms' },
    { why: 'not a boolean', inputs: { push: 'nope' }, names: 'push' },
    { why: 'missing while password is set', inputs: { password: 'pw-without-user' }, names: 'username', shows: false, hides: 'pw-without-user' },
    { why: 'missing while username is set', inputs: { username: 'ci' }, names: 'password', shows: false },
    { why: 'not host[:port]', inputs: { 'insecure-registries': '::::' }, names: 'insecure-registries', from: 'issue 13 item 10 (as for promote-artifact)' },
    { why: 'a port out of range', inputs: { 'insecure-registries': 'registry.internal:99999' }, names: 'insecure-registries' },
    { why: 'a raw tag with a space and !', inputs: { tags: 'sha\nraw:bad tag!' }, names: 'tags', shows: 'raw:bad tag!', from: 'issue 13 item 8' },
    { why: 'a raw tag starting with -', inputs: { tags: 'raw:-rc1' }, names: 'tags' },
    { why: 'a raw tag of 129 characters', inputs: { tags: `raw:${'a'.repeat(129)}` }, names: 'tags' },
    { why: 'an empty raw tag', inputs: { tags: 'raw:' }, names: 'tags' },
    { why: 'an unknown rule', inputs: { tags: 'nightly' }, names: 'tags' },
    { why: 'an unknown builder', inputs: { builder: 'kaniko' }, names: 'builder' },
    { why: 'an unknown cache', inputs: { cache: 's3' }, names: 'cache' },
    { why: 'gha with buildah (a BuildKit feature)', inputs: { cache: 'gha', builder: 'buildah' }, names: 'cache' },
    { why: 'a tag', inputs: { 'cache-repository': '{registry-host}/acme/web-cache:main' }, names: 'cache-repository' },
    { why: 'not a repository name', inputs: { 'cache-repository': 'Not A Repo!' }, names: 'cache-repository' },
    { why: 'not a boolean', inputs: { 'reuse-existing': 'sometimes' }, names: 'reuse-existing' },
    { why: 'not a boolean', inputs: { 'immutable-tags': 'yes' }, names: 'immutable-tags' },
    { why: 'an unknown mode', inputs: { sign: 'gpg' }, names: 'sign', from: 'issue 19' },
    { why: "keyless without the job's OIDC token (no id-token: write)", inputs: { sign: 'keyless' }, names: 'sign', from: 'issue 19' },
    { why: 'a signing config that cannot be read (and no OIDC token)', inputs: { sign: 'keyless', 'signing-config': 'no-such-signing-config.json' }, names: ['signing-config', 'sign'], from: 'issue 19' },
    { why: 'a signing config that is no signing config', inputs: { sign: 'keyless', 'signing-config': 'trusted_root.json' }, files: { 'trusted_root.json': '{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1"}' }, names: ['signing-config', 'sign'], from: 'issue 19' },
    { why: 'key without push', inputs: { sign: 'key', 'signing-key': ENCRYPTED_KEY, 'signing-key-password': 'right-password', push: 'false' }, names: 'sign', shows: 'key', hides: keyLine(ENCRYPTED_KEY) },
    { why: 'missing while sign is key', inputs: { sign: 'key' }, names: 'signing-key', shows: false, from: 'issue 19' },
    { why: 'no PEM key', inputs: { sign: 'key', 'signing-key': 'not-a-key-0123456789abcdef' }, names: 'signing-key', shows: false, hides: 'not-a-key-0123456789abcdef' },
    { why: 'an RSA key (cosign keys are ECDSA P-256)', inputs: { sign: 'key', 'signing-key': RSA_KEY }, names: 'signing-key', shows: false, hides: keyLine(RSA_KEY) },
    { why: 'an unknown mode', inputs: { provenance: 'full' }, names: 'provenance', shows: 'full', from: 'issue 19' },
    { why: 'without sign: key (an unsigned provenance proves nothing)', inputs: { provenance: 'max' }, names: 'provenance', shows: 'max', from: 'issue 19' },
    { why: 'an unknown format', inputs: { sbom: 'syft' }, names: 'sbom', shows: 'syft', from: 'issue 19' },
    { why: 'without sign: key (promote-artifact could not trust it)', inputs: { sbom: 'spdx' }, names: 'sbom', shows: 'spdx', from: 'issue 19' },
    { why: 'syft not on PATH', inputs: { sbom: 'cyclonedx', sign: 'key', 'signing-key': ENCRYPTED_KEY, 'signing-key-password': 'right-password' }, names: 'sbom', shows: 'cyclonedx', hides: keyLine(ENCRYPTED_KEY), from: 'issue 19' },
    { why: 'a password that does not open the key', inputs: { sign: 'key', 'signing-key': ENCRYPTED_KEY, 'signing-key-password': 'wrong-password-42' }, names: 'signing-key-password', shows: false, hides: keyLine(ENCRYPTED_KEY) }
  ]
})
