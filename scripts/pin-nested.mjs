// Pins the nested references of a release: pipeline.yml and the reusable workflows call this bundle's actions and
// each other as <owner>/<repo>/...@v1 in the source tree; the release commit names its own version instead
// (@vX.Y.Z), so a caller who pins pipeline.yml@vX.Y.Z (or its commit) runs exactly that release's stages and actions,
// whatever v1 points to later. scripts/release.mjs runs it on the release commit.
//   node scripts/pin-nested.mjs vX.Y.Z     rewrites every nested reference under .github/workflows to @vX.Y.Z
//   node scripts/pin-nested.mjs --check    lists the movable nested references and fails when there is one
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { slugsInUse, workflowFiles } from './set-slug.mjs'

/** An immutable ref: a release version (release tags never move) or a full commit SHA. */
const IMMUTABLE = /^(?:v(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?|[0-9a-f]{40})$/
/** `uses: <owner>/<repo>/actions/<name>@<ref>` or `uses: <owner>/<repo>/.github/workflows/<file>@<ref>`, not in a comment. */
const NESTED = /^(\s*(?:-\s*)?uses:\s*['"]?)([A-Za-z0-9-]+\/[A-Za-z0-9._-]+)(\/(?:actions\/[a-z-]+|\.github\/workflows\/[a-z-]+\.ya?ml))@([^\s'"#]+)/gm

/** The workflows whose references are nested: the ones under .github/workflows (the starters are the caller's own). */
function nestedFiles(root) {
  const dir = path.join(root, '.github', 'workflows') + path.sep
  return workflowFiles(root).filter((file) => file.startsWith(dir))
}

/** This bundle's slug, as the workflows name it. */
function slugOf(root) {
  const slugs = slugsInUse(root)
  if (slugs.length !== 1) throw new Error(`the workflows use ${slugs.length === 0 ? 'no slug' : `several slugs (${slugs.join(', ')})`}; expected one`)
  return slugs[0]
}

/**
 * Every reference to this bundle's actions or workflows under .github/workflows whose ref can move (a branch, v1).
 * @returns {{ file: string, line: number, ref: string }[]}
 */
export function movableNestedReferences(root) {
  const slug = slugOf(root).toLowerCase()
  return nestedFiles(root).flatMap((file) => {
    const text = readFileSync(file, 'utf8')
    return [...text.matchAll(NESTED)]
      .filter((m) => m[2].toLowerCase() === slug && !IMMUTABLE.test(m[4]))
      .map((m) => ({ file: path.relative(root, file), line: text.slice(0, m.index).split('\n').length, ref: `${m[2]}${m[3]}@${m[4]}` }))
  })
}

/** Rewrites every nested reference to @version; returns the files changed (relative to root). */
export function pinNestedReferences(root, version) {
  if (!IMMUTABLE.test(version)) throw new Error(`'${version}' is not a release version (vX.Y.Z) or a commit SHA`)
  const slug = slugOf(root).toLowerCase()
  const changed = []
  for (const file of nestedFiles(root)) {
    const text = readFileSync(file, 'utf8')
    const next = text.replace(NESTED, (whole, prefix, owner, rest) => (owner.toLowerCase() === slug ? `${prefix}${owner}${rest}@${version}` : whole))
    if (next !== text) {
      writeFileSync(file, next)
      changed.push(path.relative(root, file))
    }
  }
  return changed
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = path.resolve(import.meta.dirname, '..')
  const [arg] = process.argv.slice(2)
  try {
    if (arg === '--check') {
      const movable = movableNestedReferences(root)
      for (const m of movable) console.error(`${m.file}:${m.line}: ${m.ref} can move`)
      if (movable.length > 0) throw new Error(`${movable.length} nested reference(s) can move: run node scripts/pin-nested.mjs vX.Y.Z`)
      console.log('every nested reference is pinned')
    } else if (arg) {
      const changed = pinNestedReferences(root, arg)
      console.log(changed.length === 0 ? `nothing to pin` : `pinned to ${arg}: ${changed.join(', ')}`)
    } else {
      throw new Error('usage: node scripts/pin-nested.mjs vX.Y.Z | --check')
    }
  } catch (error) {
    console.error(`pin-nested: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
}
