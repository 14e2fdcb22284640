// The owner/repo this bundle is released from, as the workflows name it: `uses:` cannot hold an expression, so the
// reusable workflows and the starter workflows spell it out. node scripts/set-slug.mjs prints it;
// node scripts/set-slug.mjs <owner>/<repo> rewrites it in every workflow and starter workflow (the one change a fork
// or an organisation's copy needs); node scripts/set-slug.mjs --check <owner>/<repo> fails when it differs.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const DIRS = ['.github/workflows', '.github/workflow-templates']
const SLUG = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/
/** `uses: <owner>/<repo>/actions/<name>@...` or `uses: <owner>/<repo>/.github/workflows/<file>@...` */
const USES = /^\s*(?:-\s*)?uses:\s*['"]?([A-Za-z0-9-]+\/[A-Za-z0-9._-]+)\/(?:actions\/[a-z-]+|\.github\/workflows\/[a-z-]+\.ya?ml)@/gm

/** Every workflow and starter workflow file under root. */
export function workflowFiles(root) {
  return DIRS.map((dir) => path.join(root, dir))
    .filter((dir) => existsSync(dir))
    .flatMap((dir) => readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(dir, f)))
}

/** The slugs the workflows use for this bundle's actions and reusable workflows: exactly one when all is well. */
export function slugsInUse(root) {
  const found = new Set()
  for (const file of workflowFiles(root)) for (const match of readFileSync(file, 'utf8').matchAll(USES)) found.add(match[1])
  return [...found].sort()
}

/** Rewrites the slug in every workflow file (uses: lines and the comments that show them); returns the files changed. */
export function setSlug(root, slug) {
  if (!SLUG.test(slug)) throw new Error(`'${slug}' is not <owner>/<repo>`)
  const current = slugsInUse(root)
  if (current.length !== 1) throw new Error(`the workflows use ${current.length === 0 ? 'no slug' : `several slugs (${current.join(', ')})`}; expected one`)
  const from = `${current[0]}/`
  const changed = []
  for (const file of workflowFiles(root)) {
    const text = readFileSync(file, 'utf8')
    const next = text.split(from).join(`${slug}/`)
    if (next !== text) {
      writeFileSync(file, next)
      changed.push(path.relative(root, file))
    }
  }
  return changed
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = path.resolve(import.meta.dirname, '..')
  const args = process.argv.slice(2)
  const current = slugsInUse(root)
  try {
    if (args.length === 0) {
      console.log(current.join('\n'))
    } else if (args[0] === '--check') {
      const expected = args[1]
      if (!expected) throw new Error('usage: node scripts/set-slug.mjs --check <owner>/<repo>')
      if (current.length !== 1 || current[0].toLowerCase() !== expected.toLowerCase()) {
        throw new Error(`the workflows use ${current.join(', ') || 'no slug'}, not ${expected}: run node scripts/set-slug.mjs ${expected} and commit`)
      }
      console.log(`the workflows use ${expected}`)
    } else {
      const changed = setSlug(root, args[0])
      console.log(changed.length === 0 ? `the workflows already use ${args[0]}` : `${args[0]} in ${changed.join(', ')}`)
    }
  } catch (error) {
    console.error(`set-slug: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
}
