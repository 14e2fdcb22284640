// Releases the bundle: node scripts/release.mjs vX.Y.Z [--push]
// Checks that the tree is clean and dist/ and action-docs.md are current, tags vX.Y.Z (annotated), moves vX to it,
// and with --push sends both tags in one atomic push so consumers of @vX never see one without the other.
import { execFileSync, spawnSync } from 'node:child_process'
import path from 'node:path'
import { planRelease } from './release-plan.mjs'
import { slugsInUse } from './set-slug.mjs'

const [version, ...flags] = process.argv.slice(2)
const git = (...args) => execFileSync('git', args, { encoding: 'utf8' }).trim()
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
const origin = spawnSync('git', ['remote', 'get-url', 'origin'], { encoding: 'utf8' }).stdout?.trim() ?? ''
const repository = process.env.GITHUB_REPOSITORY || /github\.com[:/]([^/]+\/[^/]+?)(?:\.git)?$/.exec(origin)?.[1]
const slugs = slugsInUse(path.resolve(import.meta.dirname, '..'))
if (repository && (slugs.length !== 1 || slugs[0].toLowerCase() !== repository.toLowerCase())) {
  fail(`the workflows use ${slugs.join(', ') || 'no slug'} but this is ${repository}: run node scripts/set-slug.mjs ${repository}, commit, and release again`)
}

const check = spawnSync('npm', ['run', 'check:generated'], { stdio: 'inherit' })
if (check.status !== 0) fail('dist/ or action-docs.md is stale: run npm run build && npm run docs, commit, and release again')

git('tag', '--annotate', plan.tag, '--message', `pipeline-actions ${plan.tag}`)
const refs = [`refs/tags/${plan.tag}`]
if (plan.major) {
  git('tag', '--annotate', '--force', plan.major, '--message', `pipeline-actions ${plan.major} -> ${plan.tag}`)
  refs.push(`refs/tags/${plan.major}`)
}
console.log(`tagged ${plan.tag}${plan.major ? ` and moved ${plan.major}` : ''}${plan.prerelease ? ' (pre-release)' : ''}`)
if (flags.includes('--push')) {
  execFileSync('git', ['push', 'origin', '--atomic', '--force', ...refs], { stdio: 'inherit' })
  console.log(`pushed ${refs.join(' ')}`)
} else {
  console.log(`not pushed; to publish: git push origin --atomic --force ${refs.join(' ')}`)
}
