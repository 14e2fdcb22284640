/** Reads and validates the promote-artifact inputs, reporting every bad one at once. */
import picomatch from 'picomatch'
import { Inputs, runnerInputs, type InputSource } from '../lib/action/inputs.js'
import type { Credentials } from '../lib/oci/credentials.js'
import { readInsecureRegistries } from '../lib/oci/insecure-registries.js'
import { isSha256Digest, parseReference, type ImageReference } from '../lib/oci/reference.js'
import { readSigning, type Signing } from '../lib/signing/signing-inputs.js'
import { tagPatternProblem } from './plan.js'
import { isRequirement, REFERRER_KINDS } from './required-referrers.js'
import { readVerify, type VerifyPolicy } from './verify-policy.js'
import { runContext, type RunContext } from './summary.js'
import { resolveTargets, type Target } from './targets.js'

/** The validated inputs of one promotion: the rest of the action reads nothing else. */
export interface PromoteArtifactInputs {
  source: ImageReference
  expectedDigest?: string
  targets: Target[]
  allowOverwrite: string[]
  copyReferrers: boolean
  /** Attached artifacts the digest must have before it is promoted (REFERRER_KINDS or artifact types). */
  requireReferrers: string[]
  /** `verify`: what must verify cryptographically before any write. */
  verify: VerifyPolicy
  /** `sign: key`: the promoted digest signed with `signing-key` in every target repository, before any tag moves. */
  signing: Signing
  credentials?: Credentials
  targetCredentials?: Credentials
  insecureRegistries: string[]
  dryRun: boolean
  /** Who promotes from which run, for the summary. */
  run: RunContext
  /** Where the docker CLI's config.json is (DOCKER_CONFIG, else HOME/.docker), for credentials no input gives. */
  dockerConfigEnv: { DOCKER_CONFIG?: string; HOME?: string }
}

/** The runner variables promote-artifact reads, here and nowhere else: the docker config's place and the run. */
export type RunnerEnv = {
  [name in 'DOCKER_CONFIG' | 'HOME' | 'GITHUB_ACTOR' | 'GITHUB_SERVER_URL' | 'GITHUB_REPOSITORY' | 'GITHUB_RUN_ID' | 'GITHUB_RUN_ATTEMPT' | 'GITHUB_WORKFLOW' | 'GITHUB_RUN_NUMBER']?: string
}

const SOURCE_FORMS = "'registry/repository:tag' or 'registry/repository@sha256:<64 hex digits>'"

export function readInputs(source: InputSource = runnerInputs, env: RunnerEnv = process.env): PromoteArtifactInputs {
  const inputs = new Inputs(source)
  const sourceText = inputs.string('source', { required: true })
  let image: ImageReference | undefined
  if (sourceText !== '') {
    try {
      image = parseReference(sourceText)
    } catch (error) {
      inputs.fail('source', sourceText, `${SOURCE_FORMS} (${(error as Error).message})`)
    }
  }

  const expectedDigest = inputs.optionalString('expected-digest')
  if (expectedDigest !== undefined && !isSha256Digest(expectedDigest)) {
    inputs.fail('expected-digest', expectedDigest, "a digest 'sha256:' followed by 64 lower-case hex digits (build-push's digest output)")
  }
  if (image?.digest && expectedDigest && isSha256Digest(expectedDigest) && image.digest !== expectedDigest) {
    inputs.fail('expected-digest', expectedDigest, `the digest named in 'source' (${image.digest}), or leave one of them out`)
  }
  if (image?.digest && !isSha256Digest(image.digest)) inputs.fail('source', sourceText, `${SOURCE_FORMS}: only sha256 digests can be verified`)

  const targetLines = inputs.lines('targets')
  if (targetLines.length === 0) inputs.fail('targets', '', 'one or more tags or references, one per line (e.g. `v1.2.3` or `ghcr.io/acme/web:stable`)')
  const targets: Target[] = []
  {
    // Bare tags are checked even when the source is bad, so every problem is reported in one round.
    const resolved = resolveTargets(image ?? { registry: 'docker.io', repository: 'library/invalid-source' }, targetLines)
    for (const problem of resolved.problems) inputs.fail('targets', problem.line, problem.why)
    targets.push(...resolved.targets)
  }

  const allowOverwrite = inputs.list('allow-overwrite')
  for (const pattern of allowOverwrite) {
    let problem = tagPatternProblem(pattern)
    try {
      picomatch.makeRe(pattern)
    } catch (error) {
      problem ??= (error as Error).message
    }
    if (problem !== undefined) inputs.fail('allow-overwrite', pattern, `tags or glob patterns such as \`stable\`, \`latest\` or \`prod-*\` (${problem})`)
  }

  const credentials = pair(inputs, 'username', 'password')
  const targetCredentials = pair(inputs, 'target-username', 'target-password')
  const insecureRegistries = readInsecureRegistries(inputs)
  const copyReferrers = inputs.boolean('copy-referrers', true)
  const requireReferrers = inputs.list('require-referrers')
  for (const value of requireReferrers) {
    if (!isRequirement(value)) inputs.fail('require-referrers', value, `${REFERRER_KINDS.join(', ')}, or an artifact media type (e.g. application/vnd.in-toto+json)`)
  }
  const verify = readVerify(inputs, env)
  const signing = readSigning(inputs)
  const dryRun = inputs.boolean('dry-run', false)
  inputs.done()
  return {
    source: image!,
    ...(expectedDigest !== undefined && { expectedDigest }),
    targets,
    allowOverwrite,
    copyReferrers,
    requireReferrers,
    verify,
    signing,
    ...(credentials && { credentials }),
    ...(targetCredentials && { targetCredentials }),
    insecureRegistries,
    dryRun,
    run: runContext(env),
    dockerConfigEnv: { ...(env.DOCKER_CONFIG !== undefined && { DOCKER_CONFIG: env.DOCKER_CONFIG }), ...(env.HOME !== undefined && { HOME: env.HOME }) }
  }
}

function pair(inputs: Inputs, userInput: string, passwordInput: string): Credentials | undefined {
  const username = inputs.optionalString(userInput)
  const password = inputs.optionalString(passwordInput, { secret: true })
  if (username === undefined && password === undefined) return undefined
  if (username === undefined) inputs.fail(userInput, '', `a user name, since '${passwordInput}' is set`)
  if (password === undefined) inputs.fail(passwordInput, '', `a password or token, since '${userInput}' is set`)
  return username !== undefined && password !== undefined ? { username, password } : undefined
}
