import { expect, test } from '@jest/globals'
import { planPromotion } from '../../../src/promote-artifact/plan.js'
import { renderSummary, runContext, type SummaryData } from '../../../src/promote-artifact/summary.js'
import { resolveTargets } from '../../../src/promote-artifact/targets.js'

const D = `sha256:${'d'.repeat(64)}`
const OLD = `sha256:${'0'.repeat(64)}`
const source = { registry: 'ghcr.io', repository: 'acme/web', tag: 'sha-1' }
const [a, b, c] = resolveTargets(source, ['v1', 'stable', 'registry.example.com/acme/web:v1']).targets
const plan = planPromotion(source, D, [{ target: a!, current: undefined }, { target: b!, current: OLD }, { target: c!, current: D }], ['stable'])
const base: SummaryData = {
  source,
  plan,
  expectedDigest: D,
  dryRun: false,
  referrers: 2,
  copyReferrers: true,
  warnings: [],
  stats: { blobsMounted: 0, blobsCopied: 3, blobsSkipped: 1, bytesCopied: 5 * 1024 * 1024, manifestsWritten: 3 },
  run: runContext({ GITHUB_ACTOR: 'octocat', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/web', GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '2', GITHUB_WORKFLOW: 'Release', GITHUB_RUN_NUMBER: '7' })
}

test('shows source, verified digest, each target with what happened, and who promoted it from which run', () => {
  const md = renderSummary(base)
  expect(md).toContain('`ghcr.io/acme/web:sha-1`')
  expect(md).toContain(`\`${D}\` ✅ matches \`expected-digest\``)
  expect(md).toContain('by @octocat from [Release #7](https://github.com/acme/web/actions/runs/42/attempts/2)')
  expect(md).toMatch(/\| `ghcr.io\/acme\/web:v1` \| ✅ created \| manifest PUT only \(same repository\) \|/)
  expect(md).toMatch(new RegExp(`\\| \`ghcr.io/acme/web:stable\` \\| ✅ moved \\| .* \\| \`${OLD}\` \\|`))
  expect(md).toMatch(/registry.example.com\/acme\/web:v1` \| ⏭️ already at the digest/)
  expect(md).toContain('carried: 2')
  expect(md).toContain('3 copied (5.0 MiB)')
})

test('a dry run says what would happen; a failure says it stopped and why', () => {
  expect(renderSummary({ ...base, dryRun: true })).toContain('would create')
  const failed = renderSummary({ ...base, failure: 'x.example: HTTP 403' })
  expect(failed).toContain('Promotion stopped')
  expect(failed).toContain('x.example: HTTP 403')
  expect(failed).not.toContain('✅ created')
  const partly = renderSummary({ ...base, failure: 'x.example: HTTP 403', written: ['ghcr.io/acme/web:v1'] })
  expect(partly).toMatch(/`ghcr.io\/acme\/web:v1` \| ✅ created/)
  expect(partly).toMatch(/`ghcr.io\/acme\/web:stable` \| ⚠️ not written/)
})

test('without expected-digest the summary warns that the digest was not checked', () => {
  const { expectedDigest: _, ...unverified } = base
  expect(renderSummary(unverified)).toContain('not checked against a tested digest')
})

test('verify: signature and provenance say what verified, from which source, and the cosign command that checks the provenance', () => {
  const R = `sha256:${'e'.repeat(64)}`
  const md = renderSummary({
    ...base,
    signature: { verified: [{ where: `referrer ${R}`, format: 'sigstore-bundle' }] },
    provenance: { verified: [{ where: `referrer ${R}`, repository: 'https://github.com/acme/web', commit: 'c'.repeat(40) }], expected: { repository: 'acme/web', commit: 'c'.repeat(40) } }
  })
  expect(md).toContain(`Signature verified with \`public-key\` before any write (\`verify: signature\`): referrer ${R} (sigstore-bundle)`)
  expect(md).toContain(`SLSA v1 provenance verified with \`public-key\` before any write (\`verify: provenance\`): built from acme/web at commit ${'c'.repeat(40)}: referrer ${R} (https://github.com/acme/web@${'c'.repeat(40)})`)
  expect(md).toContain(`\`cosign verify-attestation --key cosign.pub --insecure-ignore-tlog --type slsaprovenance1 ghcr.io/acme/web@${D}\``)
})

test('sign: key lists each target repository signed (or found signed) with the cosign command that checks it', () => {
  const verify = `cosign verify --key cosign.pub --insecure-ignore-tlog registry.example.com/acme/web@${D}`
  const md = renderSummary({
    ...base,
    signed: [
      { image: `ghcr.io/acme/web@${D}`, signature: `sha256:${'5'.repeat(64)}`, outcome: 'already signed', fallback: false, verify: verify.replace('registry.example.com', 'ghcr.io') },
      { image: `registry.example.com/acme/web@${D}`, signature: `sha256:${'6'.repeat(64)}`, outcome: 'signed', fallback: true, verify }
    ]
  })
  expect(md).toContain('Signed with `signing-key` in every target repository before any tag moved (`sign: key`)')
  expect(md).toContain(`| \`registry.example.com/acme/web@${D}\` | signed: \`sha256:${'6'.repeat(64)}\` (fallback index) | \`${verify}\` |`)
  expect(md).toContain('already signed by this key')
  expect(renderSummary(base)).not.toContain('signing-key')
})
