/**
 * The demo once Node 24 runs it (see run.ts):
 *   --report-file=<path>   also write what happened as JSON (the contract test reads it)
 *   --verbose              print every action's log, not only the failing ones
 *   --cluster=emulator     (default) the Kubernetes API emulator; a real cluster (KUBECONFIG) is detected and named,
 *                          never changed: --cluster=kubeconfig is not implemented yet
 */
import { writeFileSync } from 'node:fs'
import { ROOT } from '../test/support/harness.js'
import { bootstrap, reachableCluster } from './bootstrap.js'
import { stopAll, stopOnSignals } from './cleanup.js'
import { runPipeline } from './pipeline.js'
import { renderSummary } from './report.js'

const args = new Map(process.argv.slice(2).map((a) => (a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, 'true'])))
const log = (line: string) => console.log(line)

async function main(): Promise<number> {
  const unknown = [...args.keys()].filter((k) => !['--report-file', '--verbose', '--cluster'].includes(k))
  if (unknown.length > 0) {
    console.error(`demo: unknown option ${unknown.join(', ')} (known: --report-file=<path>, --verbose, --cluster=emulator|kubeconfig)`)
    return 2
  }
  const cluster = args.get('--cluster') ?? 'emulator'
  if (cluster !== 'emulator') {
    console.error(`demo: --cluster=${cluster} is not available yet (its service pods would need an image registry the cluster can pull from); the Kubernetes stages run on the emulator (--cluster=emulator)`)
    return 2
  }
  const problems = bootstrap(ROOT, log)
  if (problems.length > 0) {
    for (const problem of problems) console.error(`demo: ${problem}`)
    return 1
  }
  const realCluster = await reachableCluster()
  if (realCluster) log(`KUBECONFIG=${process.env.KUBECONFIG} reaches a cluster at ${realCluster}; the demo leaves it alone and uses the emulator.`)
  stopOnSignals()
  const started = Date.now()
  try {
    const report = await runPipeline({ log, verbose: args.has('--verbose') })
    log(renderSummary(report))
    log(`Total: ${((Date.now() - started) / 1000).toFixed(0)} s`)
    if (args.has('--report-file')) writeFileSync(args.get('--report-file')!, JSON.stringify(report, null, 2))
    return report.ok ? 0 : 1
  } finally {
    await stopAll()
  }
}

export default main
