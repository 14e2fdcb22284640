// npm run bench [name ...]: runs bench/<name>.bench.ts (all by default) on Node 24 through tsx, one at a time, so a
// benchmark never competes with another for the two cores. Each prints its own figures and ratios against a
// baseline it measures in the same run; this runner only reports which ones missed their targets.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const all = readdirSync(path.join(root, 'bench')).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, '')).sort()
const wanted = process.argv.slice(2)
const unknown = wanted.filter((name) => !all.includes(name))
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; known: ${all.join(', ')}`)
  process.exit(2)
}
const missed = []
for (const name of wanted.length > 0 ? wanted : all) {
  console.log(`\n=== ${name} ===`)
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', path.join('bench', `${name}.bench.ts`)], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) missed.push(name)
}
if (missed.length > 0) {
  console.error(`\nmissed a target or failed: ${missed.join(', ')}`)
  process.exit(1)
}
console.log('\nall benchmarks met their targets')
