/**
 * Before any test: Node 24 (the runtime of runs.using: node24), and the local Kubernetes cluster the Kubernetes tests
 * share, started once here (built from source first on a new machine, with its progress shown) so no test waits on it
 * inside its timeout. Its JSON line reaches the workers through the environment (local/kube/cluster.ts reads it).
 * Jest loads this file outside its module resolution, so it imports no project module.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'

export default function globalSetup(): void {
  const major = Number(process.versions.node.split('.')[0])
  if (major < 24) {
    throw new Error(
      `tests need Node >= 24 (the runtime of runs.using: node24), got ${process.version}: run them through npm (npm test), which puts node_modules/.bin/node first`
    )
  }
  // Outside CI a developer without root still runs every other test; the Kubernetes ones then fail naming why.
  if (process.getuid?.() !== 0 && process.env.CI !== 'true') return
  const root = path.resolve(import.meta.dirname, '../..')
  const up = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'local/cluster/main.ts'), 'up'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' })
  if (up.status !== 0) throw new Error('the local Kubernetes cluster did not start (npm run cluster -- up; its reason is above)')
  process.env.PIPELINE_ACTIONS_CLUSTER = up.stdout.trim().split('\n').pop()
}
