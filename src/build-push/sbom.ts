/**
 * build-push's `sbom: spdx|cyclonedx`: an SBOM of the pushed digest made by syft (Anchore's scanner, the one
 * anchore/sbom-action and buildx's own SBOM generator run) from the image as the registry holds it, so both builders
 * give the same document, then signed as `sign` says and stored as `cosign attest --type spdxjson|cyclonedx` stores
 * it (a Sigstore bundle referrer) in every image repository. A multi-platform index gets one SBOM per platform, each
 * attested on its platform's manifest (as buildx attaches one per platform): one SBOM for the index would describe
 * the platform syft picks as if it were all. With a key, a repository whose copy already carries an SBOM attestation
 * of that format by the key (a reused build) is left as it is.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import * as core from '@actions/core'
import { UserError } from '../lib/action/errors.js'
import { runCommand } from '../lib/exec/command.js'
import type { Manifest } from '../lib/oci/client.js'
import { parseManifest, platformManifests } from '../lib/oci/media-types.js'
import { formatReference, isLoopback, type ImageReference } from '../lib/oci/reference.js'
import { attestInRepositories, cosignVerifyAttestationCommand } from '../lib/signing/sign-in-repositories.js'
import type { Signing } from '../lib/signing/signing-inputs.js'
import { CYCLONEDX_PREDICATE, SPDX_PREDICATE, statementFor } from '../lib/signing/statement.js'
import type { SbomFormat } from './inputs.js'
import type { ClientFor } from './registry.js'


const FORMATS = {
  spdx: { syft: 'spdx-json', predicateType: SPDX_PREDICATE, cosignType: 'spdxjson' },
  cyclonedx: { syft: 'cyclonedx-json', predicateType: CYCLONEDX_PREDICATE, cosignType: 'cyclonedx' }
} as const

export interface SbomRecord {
  /** `registry/repository@digest`, the attested image. */
  image: string
  format: Exclude<SbomFormat, 'none'>
  /** The referrer holding the attestation bundle. */
  attestation: string
  outcome: 'attested' | 'already attested'
  fallback: boolean
  /** How many packages the SBOM lists. */
  packages: number
  /** For an index: the platform whose manifest the SBOM describes (os/architecture[/variant]). */
  platform?: string
  /** The cosign command that checks it. */
  verify: string
}

/** The syft command line and environment that scan `image` (by digest) from its registry into `output`. */
export function syftCommand(image: string, format: Exclude<SbomFormat, 'none'>, output: string, insecure: boolean, dockerConfigDir: string | undefined, platform?: string): { argv: string[]; env: Record<string, string> } {
  return {
    argv: ['syft', 'scan', `registry:${image}`, ...(platform ? ['--platform', platform] : []), '--output', `${FORMATS[format].syft}=${output}`, '--quiet'],
    env: {
      SYFT_CHECK_FOR_APP_UPDATE: 'false',
      ...(insecure && { SYFT_REGISTRY_INSECURE_USE_HTTP: 'true' }),
      ...(dockerConfigDir && { DOCKER_CONFIG: dockerConfigDir })
    }
  }
}

/** Packages an SPDX (`packages`) or CycloneDX (`components`) document lists. */
export function packageCount(document: unknown): number {
  const d = (document ?? {}) as { packages?: unknown[]; components?: unknown[] }
  return (d.packages ?? d.components ?? []).length
}

/** What gets an SBOM: the manifest itself, or each platform manifest of an index (not attestation manifests). */
export function sbomSubjects(manifest: Manifest): { digest: string; mediaType: string; size: number; platform?: string }[] {
  const parsed = parseManifest(manifest.bytes, manifest.mediaType)
  if (!parsed.isIndex) return [{ digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.bytes.length }]
  return platformManifests(parsed).map((child) => ({ digest: child.digest, mediaType: child.mediaType, size: child.size, platform: child.platformText }))
}

/** Scans the pushed digest (each platform of an index) once and attests the SBOM in every image repository it was pushed to. */
export async function attestSbom(
  format: SbomFormat,
  signing: Signing,
  images: ImageReference[],
  manifest: Manifest,
  clientFor: ClientFor,
  insecureRegistries: string[],
  dockerConfigDir: string | undefined,
  workdir: string
): Promise<SbomRecord[]> {
  if (format === 'none' || signing.mode === 'none' || images.length === 0) return []
  const { predicateType, cosignType } = FORMATS[format]
  const insecure = (registry: string): boolean => insecureRegistries.includes(registry) || isLoopback(registry)
  const first = images[0]!
  const targets = images.map((image) => ({ registry: image.registry, repository: image.repository, client: clientFor(image.registry) }))
  const records: SbomRecord[] = []
  for (const { platform, ...subject } of sbomSubjects(manifest)) {
    const document = await scan(formatReference({ registry: first.registry, repository: first.repository, digest: subject.digest }), format, insecure(first.registry), dockerConfigDir, workdir, platform)
    const packages = packageCount(document)
    const names = { kind: `a ${format} SBOM attestation`, what: `${format} SBOM of ${packages} package(s)${platform ? ` (${platform})` : ''}` }
    const attested = await attestInRepositories(signing, targets, subject, statementFor(subject.digest, predicateType, document), names, (line) => core.info(line))
    records.push(...attested.map(({ signer, ...record }, i) => ({ ...record, format, packages, ...(platform && { platform }), verify: cosignVerifyAttestationCommand(record.image, cosignType, insecure(images[i]!.registry), signer) })))
  }
  return records
}

async function scan(image: string, format: Exclude<SbomFormat, 'none'>, insecure: boolean, dockerConfigDir: string | undefined, workdir: string, platform?: string): Promise<unknown> {
  const dir = mkdtempSync(path.join(workdir, 'sbom-'))
  const output = path.join(dir, 'sbom.json')
  try {
    const { argv, env } = syftCommand(image, format, output, insecure, dockerConfigDir, platform)
    core.info(`scanning ${image}${platform ? ` (${platform})` : ''} with syft`)
    const result = await runCommand(argv, { env, echo: false, timeoutMs: 15 * 60_000 })
    if (result.startError) {
      throw new UserError(`Input 'sbom': syft is not installed (${result.startError}); add a step that installs it before build-push, e.g. uses: anchore/sbom-action/download-syft@v0`)
    }
    if (result.exitCode !== 0) throw new UserError(`syft could not scan ${image} (exit code ${result.exitCode}): ${result.output.trim().split('\n').slice(-5).join('\n')}`)
    return JSON.parse(readFileSync(output, 'utf8')) as unknown
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
