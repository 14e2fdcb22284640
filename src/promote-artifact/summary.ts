/** The job summary: what was promoted, where, how, and by whom from which run. Pure: built from the plan's data. */
import type { TransferStats } from '../lib/oci/client.js'
import { formatReference, type ImageReference } from '../lib/oci/reference.js'
import { FAIL, PASS, SKIP, WARN, heading, join, table } from '../lib/summary/markdown.js'
import type { SignatureRecord } from '../lib/signing/sign-in-repositories.js'
import type { Plan, TargetPlan, Transfer } from './plan.js'

export interface RunContext {
  actor?: string
  runUrl?: string
  workflow?: string
}

export interface SummaryData {
  source: ImageReference
  plan: Plan
  /** Set when the source was checked against it (and so matched: a mismatch stops before any plan). */
  expectedDigest?: string
  dryRun: boolean
  referrers: number
  copyReferrers: boolean
  /** require-referrers, met. */
  required?: { required: string[]; attached: string[] }
  /** verify: whom the signatures were checked against (markdown), and the cosign flags that name the same signer. */
  verifiedBy?: { phrase: string; flags: string[] }
  /** verify: signature, the signatures that verified. */
  signature?: { verified: { where: string; format: string }[] }
  /** verify: sbom, the SBOM attestations that verified. */
  sbom?: { verified: { where: string; format: 'spdx' | 'cyclonedx'; platform?: string; digest?: string }[] }
  /** verify: provenance, the attestations that verified and named the expected source. */
  provenance?: { verified: { where: string; repository: string; commit?: string }[]; expected: { repository: string; commit?: string } }
  stats?: TransferStats
  /** sign: how the targets were signed. */
  signMode?: 'none' | 'key' | 'keyless'
  /** sign: the digest signed (or found signed) in each target repository. */
  signed?: SignatureRecord[]
  warnings: string[]
  /** Set when the promotion stopped. */
  failure?: string
  /** Targets written before it stopped. */
  written?: string[]
  run: RunContext
}

const TRANSFER: Record<Transfer, string> = {
  tag: 'manifest PUT only (same repository)',
  mount: 'blob mounts (same registry)',
  copy: 'missing blobs streamed (other registry)'
}

export function runContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const url =
    env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}${env.GITHUB_RUN_ATTEMPT && env.GITHUB_RUN_ATTEMPT !== '1' ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : ''}`
      : undefined
  return {
    ...(env.GITHUB_ACTOR && { actor: env.GITHUB_ACTOR }),
    ...(url && { runUrl: url }),
    ...(env.GITHUB_WORKFLOW && { workflow: `${env.GITHUB_WORKFLOW}${env.GITHUB_RUN_NUMBER ? ` #${env.GITHUB_RUN_NUMBER}` : ''}` })
  }
}

function result(target: TargetPlan, dryRun: boolean, failed: boolean, written: string[]): string {
  failed &&= !written.includes(target.target.name)
  switch (target.action) {
    case 'unchanged':
      return `${SKIP} already at the digest`
    case 'refused':
      return `${FAIL} refused: the tag holds another digest and is not in allow-overwrite`
    case 'create':
      return dryRun ? 'would create' : failed ? `${WARN} not written` : `${PASS} created`
    case 'move':
      return dryRun ? 'would move' : failed ? `${WARN} not written` : `${PASS} moved`
  }
}

export function renderSummary(data: SummaryData): string {
  const { plan, source } = data
  const image = formatReference({ registry: source.registry, repository: source.repository, digest: plan.digest })
  const by = data.verifiedBy ?? { phrase: 'with `public-key`', flags: ['--key', 'cosign.pub', '--insecure-ignore-tlog'] }
  const failed = data.failure !== undefined
  const title = failed ? `${FAIL} Promotion stopped` : data.dryRun ? 'Promotion plan (dry run)' : `${PASS} Promoted`
  // A source that differs from expected-digest stops before there is a plan (renderStopped).
  const verified = data.expectedDigest === undefined ? `${WARN} not checked against a tested digest (no \`expected-digest\`)` : `${PASS} matches \`expected-digest\``
  const who = [
    data.run.actor && `by @${data.run.actor}`,
    data.run.runUrl ? `from [${data.run.workflow ?? 'this run'}](${data.run.runUrl})` : data.run.workflow && `from ${data.run.workflow}`
  ].filter(Boolean)
  const rows = plan.targets.map((t) => [
    `\`${t.target.name}\``,
    result(t, data.dryRun, failed, data.written ?? []),
    t.action === 'unchanged' || t.action === 'refused' ? '' : TRANSFER[t.transfer],
    t.previous && t.previous !== plan.digest ? `\`${t.previous}\`` : ''
  ])
  const stats = data.stats
  const transfer =
    stats &&
    `Transfer: ${stats.manifestsWritten} manifest(s) written, ${stats.blobsMounted} blob(s) mounted, ${stats.blobsCopied} copied (${formatBytes(stats.bytesCopied)}), ${stats.blobsSkipped} already present.`
  return join(
    heading(title),
    [
      `**Source:** \`${formatReference(source)}\``,
      `**Digest:** \`${plan.digest}\` ${verified}`,
      who.length > 0 ? `**Promoted** ${who.join(' ')}` : undefined
    ]
      .filter(Boolean)
      .join('<br>\n'),
    data.failure && `${FAIL} ${data.failure}`,
    table(['Target', 'Result', 'How', 'Previous digest'], rows),
    data.signature && `${PASS} Signature verified ${by.phrase} before any write (\`verify: signature\`): ${data.signature.verified.map((v) => `${v.where} (${v.format})`).join('; ')}. cosign checks it with \`${['cosign', 'verify', ...by.flags, image].join(' ')}\`.`,
    data.provenance && provenanceLine(image, data.provenance, by),
    data.sbom &&
      `${PASS} SBOM attestation verified ${by.phrase} before any write (\`verify: sbom\`): ${data.sbom.verified.map((v) => `${v.where} (${v.format === 'spdx' ? 'SPDX' : 'CycloneDX'}${v.platform ? `, ${v.platform}` : ''})`).join('; ')}. cosign checks it with \`${['cosign', 'verify-attestation', ...by.flags, '--type', data.sbom.verified[0]!.format === 'spdx' ? 'spdxjson' : 'cyclonedx', formatReference({ registry: source.registry, repository: source.repository, digest: data.sbom.verified[0]!.digest ?? plan.digest })].join(' ')}\`.`,
    data.signed && data.signed.length > 0 && signedTable(data.signed, data.signMode ?? 'key'),
    data.required && `${PASS} Required before promotion (\`require-referrers\`): ${data.required.required.join(', ')}; attached: ${data.required.attached.join('; ')}. Present, not verified.`,
    data.copyReferrers ? `Referrers (signatures, SBOMs, attestations) carried: ${data.referrers}.` : 'Referrers were not copied (`copy-referrers: false`).',
    transfer,
    data.warnings.length > 0 && data.warnings.map((w) => `${WARN} ${w}`).join('<br>\n')
  )
}

/** `sign`: where the digest was signed before its tags moved, and how a user checks it. */
function signedTable(records: SignatureRecord[], mode: 'none' | 'key' | 'keyless'): string {
  const how = mode === 'keyless' ? "keyless (a Fulcio certificate for the job's OIDC identity, logged in Rekor)" : 'with `signing-key`'
  return join(
    `${PASS} Signed ${how} in every target repository before any tag moved (\`sign: ${mode}\`):`,
    table(
      ['Image', 'Signature', 'Check with'],
      records.map((r) => [`\`${r.image}\``, `${r.outcome === 'signed' ? 'signed' : 'already signed by this key'}: \`${r.signature}\`${r.fallback ? ' (fallback index)' : ''}`, `\`${r.verify}\``])
    )
  )
}

/** What the provenance check accepted, and the cosign command that checks the same attestation. */
function provenanceLine(image: string, provenance: NonNullable<SummaryData['provenance']>, by: NonNullable<SummaryData['verifiedBy']>): string {
  const expected = `${provenance.expected.repository}${provenance.expected.commit ? ` at commit ${provenance.expected.commit}` : ''}`
  const found = provenance.verified.map((v) => `${v.where} (${v.repository}${v.commit ? `@${v.commit}` : ''})`).join('; ')
  return `${PASS} SLSA v1 provenance verified ${by.phrase} before any write (\`verify: provenance\`): built from ${expected}: ${found}. cosign checks the same attestation with \`${['cosign', 'verify-attestation', ...by.flags, '--type', 'slsaprovenance1', image].join(' ')}\`.`
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(1)} ${units[unit]}`
}

/** A promotion that stopped before it had a plan: bad source, digest mismatch, refused credentials. */
export function renderStopped(source: ImageReference, message: string, run: RunContext): string {
  return join(
    heading(`${FAIL} Promotion stopped before any write`),
    `**Source:** \`${formatReference(source)}\``,
    `${FAIL} ${message}`,
    run.runUrl ? `Run: [${run.workflow ?? 'this run'}](${run.runUrl})${run.actor ? ` by @${run.actor}` : ''}` : undefined
  )
}
