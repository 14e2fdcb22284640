/** The job summary, built from the same data as the outputs. Pure. */
import { cell, codeBlock, heading, join, table, WARN, FAIL, PASS } from '../lib/summary/markdown.js'
import type { CacheResult } from './cache-result.js'

export interface BuildReport {
  images: string[]
  /** Every reference the run is to push (none without push, or when absent). */
  planned?: string[]
  /** The references pushed so far, each with its result. */
  references: { reference: string; outcome: string }[]
  /** The reference whose push failed the run. */
  failedReference?: string
  digest?: string
  size?: number
  version: string
  builder: string
  builderWhy: string
  reused: boolean
  pushed: boolean
  cache: CacheResult
  buildSeconds?: number
  /** The builder's own push (buildah; buildx pushes within the build). */
  pushSeconds?: number
  labels: Record<string, string>
  skippedRules: { rule: string; why: string }[]
  warnings: string[]
  failure?: string
  /** sign: key, the signatures made or found (one per image repository). */
  signatures?: { image: string; signature: string; outcome: string; fallback: boolean; verify: string }[]
  /** merge-digests: the platforms of the index made. */
  mergedPlatforms?: string[]
  /** push-by-digest: the image was pushed by digest only, with no tag. */
  byDigest?: boolean
  /** provenance: min|max, the SLSA provenance attestations made or found (one per image repository). */
  attestations?: { image: string; mode: string; attestation: string; outcome: string; fallback: boolean; source: string; verify: string }[]
  /** sbom: spdx|cyclonedx, the SBOM attestations made or found (one per image repository). */
  sboms?: { image: string; format: string; attestation: string; outcome: string; fallback: boolean; packages: number; verify: string; platform?: string }[]
}

/** What the cosign commands below check: the key's signature, or a keyless one for the identity its certificate names. */
function verifyHow(commands: string[], promoteCheck?: string): string {
  const also = promoteCheck ? `, or with promote-artifact's \`verify: ${promoteCheck}\`` : ''
  return commands.every((c) => c.includes(' --key '))
    ? `Verify with the public key of \`signing-key\` (cosign v2.5 or later; no transparency log is used)${also}:`
    : `Verify keyless, for the identity the Fulcio certificate names (cosign v2.5 or later; the log entry and certificate are checked)${also}:`
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KiB', 'MiB', 'GiB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`
}

export function describeCache(cache: CacheResult): string {
  if (cache.status === 'off') return 'off'
  if (cache.status === 'unavailable') return `${WARN} unavailable (${cache.mode}): ${cache.warning ?? ''}`
  const steps = cache.cacheableSteps > 0 ? ` (${cache.cachedSteps}/${cache.cacheableSteps} steps from the cache)` : ''
  return `${cache.status}${steps} (${cache.mode})`
}

/** The planned references that were not pushed (all pushed on a run that succeeded). */
export function notPushed(report: Pick<BuildReport, 'planned' | 'references'>): string[] {
  return (report.planned ?? []).filter((reference) => !report.references.some((r) => r.reference === reference))
}

function referenceRows(report: BuildReport): string[][] {
  const missing = notPushed(report).map((reference) => [reference, `${FAIL} not pushed${reference === report.failedReference ? ' (its push failed)' : ''}`])
  return [...report.references.map((r) => [r.reference, r.outcome]), ...missing].map(([reference, outcome]) => [`\`${reference}\``, outcome!])
}

export function renderSummary(report: BuildReport): string {
  const rows = referenceRows(report)
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
            : `${PASS} build-push: built (not pushed)`
  const facts: [string, string][] = [
    ['Image', report.images.join(', ')],
    ['Digest', report.digest ? `\`${report.digest}\`` : 'n/a'],
    ['Size', report.size !== undefined ? formatBytes(report.size) : 'n/a'],
    ['Version', report.version || 'n/a'],
    ['Builder', report.reused ? `none (reused; ${report.builder} would have built)` : `${report.builder} (${report.builderWhy})`],
    ['Build time', report.reused ? 'no build' : report.buildSeconds !== undefined ? `${report.buildSeconds.toFixed(1)} s${report.pushSeconds !== undefined ? ` (push ${report.pushSeconds.toFixed(1)} s)` : ''}` : 'n/a'],
    ['Cache', report.reused ? 'not needed' : describeCache(report.cache)],
    ...(report.mergedPlatforms ? [['Platforms (merged)', report.mergedPlatforms.join(', ')] as [string, string]] : [])
  ]
  return join(
    heading(title),
    report.failure && codeBlock(report.failure),
    table(['', ''], facts.map(([k, v]) => [k, v])),
    rows.length > 0 && heading('Tags', 3),
    rows.length > 0 && table(['Reference', 'Result'], rows),
    report.signatures && report.signatures.length > 0 && signatureSection(report.signatures),
    report.attestations && report.attestations.length > 0 && attestationSection(report.attestations),
    report.sboms && report.sboms.length > 0 && sbomSection(report.sboms),
    report.skippedRules.length > 0 && `Rules that gave no tag on this run: ${report.skippedRules.map((s) => `\`${s.rule}\` (${cell(s.why)})`).join('; ')}`,
    report.warnings.length > 0 && heading('Warnings', 3),
    report.warnings.length > 0 && report.warnings.map((w) => `- ${WARN} ${w}`).join('\n'),
    Object.keys(report.labels).length > 0 && heading(report.reused ? 'Labels (as the reused image carries them, set by its first build)' : 'Labels', 3),
    Object.keys(report.labels).length > 0 && table(['Label', 'Value'], Object.entries(report.labels))
  )
}

/** The signatures, and the cosign command that checks each one with the public key. */
function signatureSection(signatures: NonNullable<BuildReport['signatures']>): string {
  return join(
    heading('Signature', 3),
    table(
      ['Image', 'Signature (Sigstore bundle, OCI referrer)', 'Result'],
      signatures.map((s) => [`\`${s.image}\``, `\`${s.signature}\`${s.fallback ? ' (fallback index: the registry has no referrers API)' : ''}`, s.outcome])
    ),
    verifyHow(signatures.map((s) => s.verify)),
    codeBlock(signatures.map((s) => s.verify).join('\n'))
  )
}

/** The SBOM attestations, how many packages they list, and the cosign command that checks each one. */
function sbomSection(sboms: NonNullable<BuildReport['sboms']>): string {
  const perPlatform = sboms.some((s) => s.platform)
  return join(
    heading('SBOM', 3),
    perPlatform && 'One SBOM per platform, attested on that platform\'s manifest of the index:',
    table(
      ['Image', ...(perPlatform ? ['Platform'] : []), 'SBOM (syft, signed in-toto statement, OCI referrer)', 'Packages', 'Result'],
      sboms.map((s) => [`\`${s.image}\``, ...(perPlatform ? [s.platform ?? ''] : []), `\`${s.attestation}\` (${s.format === 'spdx' ? 'SPDX' : 'CycloneDX'})${s.fallback ? ' (fallback index: the registry has no referrers API)' : ''}`, String(s.packages), s.outcome])
    ),
    verifyHow(sboms.map((s) => s.verify), 'sbom'),
    codeBlock(sboms.map((s) => s.verify).join('\n'))
  )
}

/** The provenance attestations, what they say, and the cosign command that checks each one with the public key. */
function attestationSection(attestations: NonNullable<BuildReport['attestations']>): string {
  return join(
    heading('Provenance', 3),
    table(
      ['Image', 'SLSA v1 provenance (signed in-toto statement, OCI referrer)', 'Source', 'Result'],
      attestations.map((a) => [`\`${a.image}\``, `\`${a.attestation}\` (\`${a.mode}\`)${a.fallback ? ' (fallback index: the registry has no referrers API)' : ''}`, `\`${a.source}\``, a.outcome])
    ),
    verifyHow(attestations.map((a) => a.verify), 'provenance'),
    codeBlock(attestations.map((a) => a.verify).join('\n'))
  )
}
