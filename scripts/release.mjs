// Releases the bundle: node scripts/release.mjs vX.Y.Z [--push]
// Checks that the tree is clean and dist/ and action-docs.md are current, makes the release commit (the current commit
// with every nested reference pinned to vX.Y.Z, scripts/pin-nested.mjs; no branch moves), tags it vX.Y.Z (annotated),
// moves vX to it, and with --push sends both tags in one atomic push, so consumers of @vX never see one without the
// other. Only vX is forced: a vX.Y.Z that already exists on the remote makes the push fail, and nothing moves.
// Without --push it prints the refspecs, and writes them as the step output `refspecs` under GitHub Actions.
import { appendFileSync } from 'node:fs'
import { execFileSync, spawnSync } from 'node:child_process'
import path from 'node:path'
import { planRelease } from './release-plan.mjs'
import { slugsInUse } from './set-slug.mjs'
import { movableNestedReferences, pinNestedReferences } from './pin-nested.mjs'

const root = path.resolve(import.meta.dirname, '..')
const [version, ...flags] = process.argv.slice(2)
const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim()
const fail = (message) => {
  console.error(`release: ${message}`)
  process.exit(1)
}

if (!version) fail('usage: node scripts/release.mjs vX.Y.Z [--push]')
if (git('status', '--porcelain') !== '') fail('the working tree has changes: commit or stash them first')
const plan = planRelease(version, git('tag', '--list').split('\n').filter(Boolean))
if (!plan.ok) fail(plan.problem)

// The workflows name the repository they are released from (uses: holds no expression): a copy released elsewhere
// with the original's name would run the original's actions.
const origin = spawnSync('git', ['remote', 'get-url', 'origin'], { cwd: root, encoding: 'utf8' }).stdout?.trim() ?? ''
const repository = process.env.GITHUB_REPOSITORY || /github\.com[:/]([^/]+\/[^/]+?)(?:\.git)?$/.exec(origin)?.[1]
const slugs = slugsInUse(root)
if (repository && (slugs.length !== 1 || slugs[0].toLowerCase() !== repository.toLowerCase())) {
  fail(`the workflows use ${slugs.join(', ') || 'no slug'} but this is ${repository}: run node scripts/set-slug.mjs ${repository}, commit, and release again`)
}

const check = spawnSync('npm', ['run', 'check:generated'], { cwd: root, stdio: 'inherit' })
if (check.status !== 0) fail('dist/ or action-docs.md is stale: run npm run build && npm run docs, commit, and release again')

// The release commit, made on a detached HEAD so that no branch moves; the checkout goes back where it was.
const branch = spawnSync('git', ['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim()
const start = git('rev-parse', 'HEAD')
git('checkout', '--quiet', '--detach')
let problem
try {
  const pinned = pinNestedReferences(root, plan.tag)
  if (pinned.length > 0) git('commit', '--quiet', '--message', `pipeline-actions ${plan.tag}: nested references pinned to ${plan.tag}`, '--', ...pinned)
  const movable = movableNestedReferences(root)
  if (movable.length > 0) throw new Error(`the release commit still has movable nested references: ${movable.map((m) => `${m.file}:${m.line} ${m.ref}`).join(', ')}`)
  git('tag', '--annotate', plan.tag, '--message', `pipeline-actions ${plan.tag}`)
  if (plan.major) git('tag', '--annotate', '--force', plan.major, '--message', `pipeline-actions ${plan.major} -> ${plan.tag}`)
} catch (error) {
  problem = error instanceof Error ? error.message : String(error)
} finally {
  git('checkout', '--quiet', branch || start)
}
if (problem) fail(problem)
// The new version tag is pushed without force (it must not exist yet); only the major tag, prefixed +, may move.
const refspecs = [`refs/tags/${plan.tag}`, ...(plan.major ? [`+refs/tags/${plan.major}`] : [])]
console.log(`tagged ${plan.tag}${plan.major ? ` and moved ${plan.major}` : ''}${plan.prerelease ? ' (pre-release)' : ''} at ${git('rev-parse', '--short', `${plan.tag}^{commit}`)}, the release commit on ${start.slice(0, 12)}`)
if (flags.includes('--push')) {
  execFileSync('git', ['push', 'origin', '--atomic', ...refspecs], { cwd: root, stdio: 'inherit' })
  console.log(`pushed ${refspecs.join(' ')}`)
} else {
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `refspecs=${refspecs.join(' ')}\n`)
  console.log(`not pushed; to publish: git push origin --atomic ${refspecs.join(' ')}`)
}
