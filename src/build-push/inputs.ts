/** Reads and validates every build-push input up front, reporting all bad ones at once and naming each. */
import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { Inputs, type InputSource, runnerInputs } from '../lib/action/inputs.js'
import { actionRoots, placePath, type Root } from '../lib/action/paths.js'
import type { Credentials } from '../lib/oci/credentials.js'
import { findProgram } from '../lib/exec/find-program.js'
import { readInsecureRegistries } from '../lib/oci/insecure-registries.js'
import { parseReference, type ImageReference } from '../lib/oci/reference.js'
import { dockerfileStages } from './dockerfile.js'
import type { ProvenanceEnv } from './provenance.js'
import { readBuildSecrets } from './secret-inputs.js'
import type { BuildSecret, SshForward } from './build-secrets.js'
import { readProvenance, readSigning, type Provenance, type Signing } from './signing-inputs.js'
import { DEFAULT_RULES, parseRule, RULE_NAMES, TAG_GRAMMAR, tagProblem, type TagRule } from './tags.js'

export type BuilderChoice = 'auto' | 'buildx' | 'buildah'
export type CacheMode = 'registry' | 'gha' | 'none'

export interface BuildArg {
  name: string
  value: string
}

/** The runner variables build-push reads itself (the run context reads the GITHUB_* ones); main passes process.env. */
/** `sbom`: the format of the SBOM syft makes of the pushed digest (sbom.ts), or none. */
export type SbomFormat = 'none' | 'spdx' | 'cyclonedx'

export interface RunnerEnv extends ProvenanceEnv {
  /** The checkout; context and file are resolved against it (the current directory when unset) and must lie inside it or RUNNER_TEMP. */
  GITHUB_WORKSPACE?: string | undefined
  RUNNER_TEMP?: string | undefined
  /** The SSH agent `ssh: default` forwards. */
  SSH_AUTH_SOCK?: string | undefined
  /** Where `sbom` looks for syft. */
  PATH?: string | undefined
}

export interface BuildPushInputs {
  /** Repositories (no tag), lower-cased; the first is the primary one. */
  images: ImageReference[]
  context: string
  file: string
  target?: string
  buildArgs: BuildArg[]
  /** `secrets` and `secret-files`, for `RUN --mount=type=secret`. */
  secrets: BuildSecret[]
  /** `ssh`, for `RUN --mount=type=ssh`. */
  ssh: SshForward[]
  labels: Record<string, string>
  platforms: string[]
  push: boolean
  /** Push the image by digest only, no tag (one platform of a multi-runner build). */
  pushByDigest: boolean
  /** Digests pushed by `push-by-digest` jobs, to join into one index instead of building (empty: build). */
  mergeDigests: string[]
  credentials?: Credentials
  insecureRegistries: string[]
  rules: TagRule[]
  builder: BuilderChoice
  cache: CacheMode
  /** Where the registry cache lives (default `<first image>-cache`). */
  cacheRepository: ImageReference
  reuseExisting: boolean
  immutableTags: boolean
  /** `sign`: none, or the opened private key. */
  signing: Signing
  /** `provenance`: none, or min/max with the run it names (signed with the `sign: key` key). */
  provenance: Provenance
  /** `sbom`: none, or the format of the SBOM syft makes of the pushed digest (attested with the `sign: key` key). */
  sbom: SbomFormat
}

const OSES = ['linux', 'windows', 'darwin', 'freebsd']
const ARCHES = ['amd64', 'arm64', 'arm', '386', 'ppc64le', 's390x', 'riscv64', 'mips64le', 'loong64']
const VARIANTS = /^v[5-9]$/

/** `os/arch[/variant]`, as buildx and buildah take it. */
export function isPlatform(text: string): boolean {
  const [os, arch, variant, ...rest] = text.split('/')
  return rest.length === 0 && OSES.includes(os ?? '') && ARCHES.includes(arch ?? '') && (variant === undefined || VARIANTS.test(variant))
}

/** Reads every input and reports all bad ones together, before anything is built or pushed. */
export function readInputs(source: InputSource = runnerInputs, env: RunnerEnv = process.env): BuildPushInputs {
  const inputs = new Inputs(source)
  const roots = actionRoots(env, { temp: true })
  const workspace = roots[0]!.dir
  const images = readImages(inputs)
  const mergeDigests = readMergeDigests(inputs)
  // A merge builds nothing: its job has no checkout to read a Dockerfile from.
  const merging = mergeDigests.length > 0
  const { context, file } = merging ? { context: '', file: '' } : readBuildFiles(inputs, workspace, roots)
  const target = merging ? undefined : readTarget(inputs, file, workspace)
  const buildArgs = readBuildArgs(inputs)
  const { secrets, ssh } = readBuildSecrets(inputs, workspace, roots, env)
  const labels = readLabels(inputs)
  const platforms = readPlatforms(inputs)
  const push = inputs.boolean('push', true)
  const pushByDigest = inputs.boolean('push-by-digest', false)
  if (pushByDigest && !push) inputs.fail('push-by-digest', 'true', "'false' with push 'false' (pushing by digest is a push)")
  if (pushByDigest && merging) inputs.fail('push-by-digest', 'true', "'false' with merge-digests (each matrix job pushes by digest; the final job merges)")
  if (pushByDigest && platforms.length > 1) inputs.fail('platforms', platforms.join(','), 'one platform with push-by-digest (one per matrix job; merge-digests joins them)')
  if (merging && !push) inputs.fail('merge-digests', mergeDigests.join(' '), "digests to merge with push 'true' (the merged index is pushed)")
  if (merging && platforms.length > 0) inputs.fail('platforms', platforms.join(','), 'no platforms with merge-digests (each image says its own)')
  const credentials = readCredentials(inputs)
  const insecureRegistries = readInsecureRegistries(inputs)
  const rules = readRules(inputs)
  const builder = inputs.oneOf<BuilderChoice>('builder', ['auto', 'buildx', 'buildah'], 'auto')
  const cache = inputs.oneOf<CacheMode>('cache', ['registry', 'gha', 'none'], 'registry')
  if (cache === 'gha' && builder === 'buildah') inputs.fail('cache', 'gha', "'registry' or 'none' with builder 'buildah' (the gha cache is a BuildKit feature)")
  const cacheRepository = readCacheRepository(inputs)
  const reuseExisting = inputs.boolean('reuse-existing', true)
  const immutableTags = inputs.boolean('immutable-tags', true)
  const signing = readSigning(inputs, push)
  const provenance = readProvenance(inputs, signing, env)
  if (pushByDigest && signing.mode !== 'none') inputs.fail('sign', signing.mode, "'none' with push-by-digest: sign the merged index in the merge job")
  if (pushByDigest && provenance.mode !== 'none') inputs.fail('provenance', provenance.mode, "'none' with push-by-digest (not available for multi-runner builds yet)")
  if (merging && provenance.mode !== 'none') inputs.fail('provenance', provenance.mode, "'none' with merge-digests (not available for multi-runner builds yet)")
  const sbom = inputs.oneOf<SbomFormat>('sbom', ['none', 'spdx', 'cyclonedx'], 'none')
  if (sbom !== 'none' && !['key', 'keyless'].includes(inputs.string('sign') ?? '')) inputs.fail('sbom', sbom, "'none' unless 'sign' is 'key' or 'keyless' (the SBOM is attested as the image is signed, so that promote-artifact's verify: sbom can trust it)")
  if (sbom !== 'none' && pushByDigest) inputs.fail('sbom', sbom, "'none' with push-by-digest: attest the SBOMs in the merge job (merge-digests with sbom makes one per platform)")
  if (sbom !== 'none' && !findProgram('syft', env.PATH)) inputs.fail('sbom', sbom, "'none' here: syft, which makes the SBOM, is not on PATH (on GitHub's runners add 'uses: anchore/sbom-action/download-syft@v0' before this step)")
  inputs.done()

  const first = images[0]!
  return {
    images,
    context,
    file,
    ...(target !== undefined && { target }),
    buildArgs,
    secrets,
    ssh,
    labels,
    platforms,
    push,
    pushByDigest,
    mergeDigests,
    ...(credentials && { credentials }),
    insecureRegistries,
    rules,
    builder,
    cache,
    cacheRepository: cacheRepository ?? { registry: first.registry, repository: `${first.repository}-cache` },
    reuseExisting,
    immutableTags,
    signing,
    provenance,
    sbom
  }
}

function readImages(inputs: Inputs): ImageReference[] {
  const imageLines = inputs.lines('image')
  if (imageLines.length === 0) inputs.fail('image', '', 'one or more image repositories, one per line (e.g. `ghcr.io/acme/web`)')
  const images: ImageReference[] = []
  for (const line of imageLines) {
    try {
      const ref = parseReference(line.toLowerCase())
      if (ref.tag !== undefined || ref.digest !== undefined) inputs.fail('image', line, 'a repository without a tag or digest (tags come from the `tags` rules)')
      else if (images.some((i) => i.registry === ref.registry && i.repository === ref.repository)) inputs.fail('image', line, 'each repository once')
      else images.push(ref)
    } catch (error) {
      inputs.fail('image', line, `a repository such as \`ghcr.io/acme/web\` (${(error as Error).message})`)
    }
  }
  return images
}

/**
 * The build context and the Dockerfile (its Containerfile when the context has no Dockerfile), both absolute and
 * inside the workspace or RUNNER_TEMP, symbolic links followed ('' when refused: nothing reads them then).
 */
function readBuildFiles(inputs: Inputs, workspace: string, roots: Root[]): { context: string; file: string } {
  const contextInput = inputs.string('context', { default: '.' })
  const context = inputs.path('context', { base: workspace, roots, default: '.' })
  const contextOk = context !== undefined && existsSync(context) && statSync(context).isDirectory()
  if (context !== undefined && !contextOk) inputs.fail('context', contextInput, `a directory (${context} does not exist)`)
  const fileInput = inputs.optionalString('file')
  let file: string | undefined
  if (fileInput !== undefined) file = inputs.path('file', { base: workspace, roots })
  else if (context !== undefined) {
    file = path.join(context, 'Dockerfile')
    if (!existsSync(file) && existsSync(path.join(context, 'Containerfile'))) file = path.join(context, 'Containerfile')
    const placed = placePath(file, workspace, roots)
    if ('problem' in placed) {
      inputs.fail('file', `${path.relative(workspace, file)} (the default)`, placed.problem)
      file = undefined
    }
  }
  if (file !== undefined && (contextOk || fileInput !== undefined)) {
    if (!existsSync(file) || !statSync(file).isFile()) inputs.fail('file', fileInput ?? '', `a Dockerfile that exists (${file} does not)`)
  }
  return { context: context ?? '', file: file ?? '' }
}

function readBuildArgs(inputs: Inputs): BuildArg[] {
  const buildArgs: BuildArg[] = []
  for (const line of inputs.lines('build-args')) {
    const eq = line.indexOf('=')
    if (eq <= 0) inputs.fail('build-args', line, 'lines of the form `NAME=value`')
    else buildArgs.push({ name: line.slice(0, eq).trim(), value: line.slice(eq + 1) })
  }
  return buildArgs
}

/** `sha256:<hex>` lines (or `<repository>@sha256:<hex>`, as the `image-ref` output gives them). */
function readMergeDigests(inputs: Inputs): string[] {
  const digests: string[] = []
  for (const line of inputs.lines('merge-digests')) {
    const digest = line.slice(line.lastIndexOf('@') + 1)
    if (!/^sha256:[0-9a-f]{64}$/.test(digest)) inputs.fail('merge-digests', line, 'digests `sha256:<64 hex>` (or image-ref outputs `<repository>@sha256:<64 hex>`), one per line')
    else if (digests.includes(digest)) inputs.fail('merge-digests', line, 'each digest once')
    else digests.push(digest)
  }
  return digests
}

function readLabels(inputs: Inputs): Record<string, string> {
  const labels: Record<string, string> = {}
  for (const line of inputs.lines('labels')) {
    const eq = line.indexOf('=')
    if (eq <= 0) inputs.fail('labels', line, 'lines of the form `key=value`')
    else labels[line.slice(0, eq).trim()] = line.slice(eq + 1).trim()
  }
  return labels
}

function readPlatforms(inputs: Inputs): string[] {
  const platforms = inputs.list('platforms')
  for (const platform of platforms) {
    if (!isPlatform(platform)) inputs.fail('platforms', platform, `platforms of the form os/arch[/variant], such as linux/amd64 or linux/arm/v7 (os: ${OSES.join(', ')}; arch: ${ARCHES.join(', ')})`)
  }
  return platforms
}

/** username and password come together or not at all. */
function readCredentials(inputs: Inputs): Credentials | undefined {
  const username = inputs.optionalString('username')
  const password = inputs.optionalString('password', { secret: true })
  if (username !== undefined && password === undefined) inputs.fail('password', '', "a password or token, since 'username' is set")
  if (password !== undefined && username === undefined) inputs.fail('username', '', "a user name, since 'password' is set")
  return username !== undefined && password !== undefined ? { username, password } : undefined
}

function readRules(inputs: Inputs): TagRule[] {
  const ruleLines = inputs.raw('tags') === '' ? DEFAULT_RULES.split('\n') : inputs.lines('tags')
  const rules: TagRule[] = []
  for (const line of ruleLines) {
    const rule = parseRule(line)
    const problem = rule?.kind === 'raw' ? tagProblem(rule.value) : undefined
    if (rule && problem) inputs.fail('tags', line, `a raw tag the registry accepts, taken verbatim: the OCI tag grammar ${TAG_GRAMMAR} (${problem})`)
    else if (rule) rules.push(rule)
    else inputs.fail('tags', line, `tag rules, one per line: ${RULE_NAMES.join(', ')}`)
  }
  return rules
}

/** A `target` is one of the Dockerfile's stages (checked when the Dockerfile exists and names its stages plainly). */
function readTarget(inputs: Inputs, file: string, workspace: string): string | undefined {
  const target = inputs.optionalString('target')
  if (target === undefined || !existsSync(file) || !statSync(file).isFile()) return target
  const stages = dockerfileStages(readFileSync(file, 'utf8'))
  // A stage named from an ARG is known only to the builder.
  if (stages.some((stage) => stage.includes('$')) || stages.some((stage) => stage.toLowerCase() === target.toLowerCase())) return target
  const where = path.relative(workspace, file)
  inputs.fail('target', target, stages.length > 0 ? `one of the stages of ${where}: ${stages.join(', ')}` : `a stage of ${where}, which names none (stages are named with FROM <image> AS <name>)`)
  return target
}

function readCacheRepository(inputs: Inputs): ImageReference | undefined {
  const cacheText = inputs.optionalString('cache-repository')
  if (cacheText === undefined) return undefined
  try {
    const cacheRepository = parseReference(cacheText.toLowerCase())
    if (cacheRepository.tag !== undefined || cacheRepository.digest !== undefined) inputs.fail('cache-repository', cacheText, 'a repository without a tag or digest')
    return cacheRepository
  } catch (error) {
    inputs.fail('cache-repository', cacheText, `a repository such as \`ghcr.io/acme/web-cache\` (${(error as Error).message})`)
    return undefined
  }
}
