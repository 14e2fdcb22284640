// Bundles each action (src/<name>/index.ts) into dist/<name>/index.js with @vercel/ncc, one at a time (the
// Kubernetes client makes a bundle need ~2 GB while building). Usage: node scripts/build.mjs [name ...]
// ncc type-checks all of src (tsconfig.json); its --transpile-only mode emits require() for ESM-only packages and
// breaks the bundle, so it is not used. Each bundle is built beside dist/ and swapped in only when the build
// succeeded: a failed build leaves the committed bundle in place.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs'
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
    [path.join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'), 'build', `src/${name}/index.ts`, '-o', staging, '--license', 'licenses.txt', '-q'],
    { cwd: root, stdio: 'inherit' }
  )
  if (result.status !== 0) {
    console.error(`dist/${name} left as it was: the build failed`)
    process.exit(result.status ?? 1)
  }
  rmSync(out, { recursive: true, force: true })
  renameSync(staging, out)
  console.log(`dist/${name}/index.js built in ${((Date.now() - started) / 1000).toFixed(1)}s`)
}
