// Bundles each action (src/<name>/index.ts) into dist/<name>/index.js with @vercel/ncc, one at a time (the
// Kubernetes client makes a bundle need ~2 GB while building). Usage: node scripts/build.mjs [name ...]
// ncc type-checks all of src (tsconfig.json); its --transpile-only mode emits require() for ESM-only packages and
// breaks the bundle, so it is not used. Each bundle is built beside dist/ and swapped in only when the build
// succeeded: a failed build leaves the committed bundle in place.
// An action's entry loads the rest of the action with import() once its inputs are valid; ncc writes each such part
// as a chunk file beside index.js (<id>.index.js), committed with it. ncc's own --license writes licenses.txt once per
// chunk, each overwriting the last, so licenses.txt is written here instead, from the build's module list: every
// package any chunk holds, with its license type and text, as ncc writes it.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const all = readdirSync(path.join(root, 'actions')).filter((name) => existsSync(path.join(root, 'src', name, 'index.ts')))
const names = process.argv.length > 2 ? process.argv.slice(2) : all
for (const name of names) {
  if (!all.includes(name)) {
    console.error(`unknown action '${name}'; known: ${all.join(', ')}`)
    process.exit(2)
  }
  const out = path.join(root, 'dist', name)
  const staging = path.join(root, '.tmp', 'build', name)
  rmSync(staging, { recursive: true, force: true })
  const started = Date.now()
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'), 'build', `src/${name}/index.ts`, '-o', staging, '--stats-out', `${staging}.stats.json`, '-q'],
    { cwd: root, stdio: 'inherit' }
  )
  if (result.status !== 0) {
    console.error(`dist/${name} left as it was: the build failed`)
    process.exit(result.status ?? 1)
  }
  writeFileSync(path.join(staging, 'licenses.txt'), licenses(JSON.parse(readFileSync(`${staging}.stats.json`, 'utf8'))))
  rmSync(`${staging}.stats.json`, { force: true })
  rmSync(out, { recursive: true, force: true })
  renameSync(staging, out)
  console.log(`dist/${name}/index.js built in ${((Date.now() - started) / 1000).toFixed(1)}s`)
}

/** licenses.txt for the packages the build's modules come from (license-webpack-plugin's format, as ncc writes it). */
function licenses(stats) {
  // The modules emitted into a chunk, and the modules concatenated into them (tree-shaken ones are in no chunk).
  const files = new Set()
  const visit = (module) => {
    if (typeof module.nameForCondition === 'string' && module.nameForCondition.includes('/node_modules/')) files.add(module.nameForCondition)
    for (const inner of module.modules ?? []) visit(inner)
  }
  for (const module of stats.modules ?? []) if (module.chunks?.length > 0) visit(module)
  const packages = new Map()
  for (const file of files) {
    const at = file.lastIndexOf('/node_modules/')
    const [first, second] = file.slice(at + '/node_modules/'.length).split('/')
    const name = first.startsWith('@') ? `${first}/${second}` : first
    const dir = path.join(file.slice(0, at), 'node_modules', name)
    if (existsSync(path.join(dir, 'package.json'))) packages.set(name, dir)
  }
  return [...packages.keys()]
    .sort()
    .map((name) => {
      const dir = packages.get(name)
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'))
      const type = typeof manifest.license === 'string' ? manifest.license : (manifest.license?.type ?? manifest.licenses?.map((l) => l.type).join(' OR ') ?? 'UNKNOWN')
      const file = readdirSync(dir).filter((f) => /^licen[cs]e/i.test(f)).sort()[0]
      return `${name}\n${type}${file ? `\n${readFileSync(path.join(dir, file), 'utf8')}` : ''}`
    })
    .join('\n\n')
}
