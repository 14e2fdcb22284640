/**
 * The real cosign, the independent judge of signatures in the tests: the pinned build .ci/install-components makes
 * through the Go module proxy (PIPELINE_ACTIONS_CACHE/bin/cosign-<version>). Run with argument arrays, never a shell.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export const COSIGN_VERSION = 'v3.1.3'
export const COSIGN = path.join(process.env.PIPELINE_ACTIONS_CACHE ?? '/var/cache/pipeline-actions', 'bin', `cosign-${COSIGN_VERSION}`)

/** Whether the pinned cosign is built; under CI its absence fails the test instead of skipping it. */
export function haveCosign(): boolean {
  if (existsSync(COSIGN)) return true
  if (process.env.CI === 'true') throw new Error(`missing test component: cosign ${COSIGN_VERSION} at ${COSIGN} (bash .ci/install-components builds it)`)
  return false
}

export interface CosignRun {
  code: number
  stdout: string
  stderr: string
}

/** Runs cosign offline (no TUF root fetched: a key is given), with its own HOME so no user config leaks in. */
export function cosign(args: string[], env: Record<string, string> = {}): Promise<CosignRun> {
  const home = mkdtempSync(path.join(tmpdir(), 'cosign-home-'))
  return new Promise((resolve) => {
    execFile(COSIGN, args, { env: { PATH: process.env.PATH ?? '', HOME: home, COSIGN_YES: 'true', ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ code, stdout, stderr })
    })
  })
}

export interface CosignKeyPair {
  dir: string
  /** cosign.key: ENCRYPTED SIGSTORE PRIVATE KEY, as cosign generate-key-pair writes it. */
  privateKeyFile: string
  publicKeyFile: string
  privateKey: string
  publicKey: string
  password: string
}

/** `cosign generate-key-pair` in a fresh directory. */
export async function generateKeyPair(password: string): Promise<CosignKeyPair> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cosign-keys-'))
  const run = await cosign(['generate-key-pair', '--output-key-prefix', path.join(dir, 'cosign')], { COSIGN_PASSWORD: password })
  if (run.code !== 0) throw new Error(`cosign generate-key-pair failed: ${run.stderr}`)
  const privateKeyFile = path.join(dir, 'cosign.key')
  const publicKeyFile = path.join(dir, 'cosign.pub')
  return { dir, privateKeyFile, publicKeyFile, privateKey: readFileSync(privateKeyFile, 'utf8'), publicKey: readFileSync(publicKeyFile, 'utf8'), password }
}

/** `cosign verify --key <pub> --insecure-ignore-tlog` of `image` (a loopback plain-http registry allowed). */
export function cosignVerify(publicKeyFile: string, image: string): Promise<CosignRun> {
  return cosign(['verify', '--key', publicKeyFile, '--insecure-ignore-tlog', '--allow-insecure-registry', '--allow-http-registry', image])
}

/** `cosign sign --key <key> --tlog-upload=false` of `image`; `legacy` writes the classic `.sig` tag instead of a bundle referrer. */
export function cosignSign(keys: CosignKeyPair, image: string, legacy = false): Promise<CosignRun> {
  return cosign(
    // Without a transparency log cosign v3 needs --use-signing-config=false (its signing config names Rekor).
    ['sign', '--key', keys.privateKeyFile, '--tlog-upload=false', '--use-signing-config=false', '--allow-insecure-registry', '--allow-http-registry', ...(legacy ? ['--new-bundle-format=false'] : []), image],
    { COSIGN_PASSWORD: keys.password }
  )
}

/** `cosign verify-attestation --key <pub> --type <type> --insecure-ignore-tlog` of `image`. */
export function cosignVerifyAttestation(publicKeyFile: string, image: string, type = 'slsaprovenance1'): Promise<CosignRun> {
  return cosign(['verify-attestation', '--key', publicKeyFile, '--type', type, '--insecure-ignore-tlog', '--allow-insecure-registry', '--allow-http-registry', image])
}

/** `cosign attest --key <key> --type <type> --predicate <file> --tlog-upload=false` of `image` (a Sigstore bundle referrer; `legacy`: cosign v2's `.att` tag). */
export function cosignAttest(keys: CosignKeyPair, image: string, predicateFile: string, type = 'slsaprovenance1', legacy = false): Promise<CosignRun> {
  return cosign(
    ['attest', '--key', keys.privateKeyFile, '--type', type, '--predicate', predicateFile, '--tlog-upload=false', '--use-signing-config=false', '--allow-insecure-registry', '--allow-http-registry', ...(legacy ? ['--new-bundle-format=false'] : []), image],
    { COSIGN_PASSWORD: keys.password }
  )
}
