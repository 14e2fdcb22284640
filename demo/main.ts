/**
 * The demo once Node 24 runs it (see run.ts):
 *   --report-file=<path>       also write what happened as JSON (the contract tests read it)
 *   --verbose                  print every action's log, not only the failing ones
 *   --cluster=local            the local cluster (local/cluster; the default): started when it is not running, then
 *                              used like any cluster, through its kubeconfig, in a namespace of its own. Needs root.
 *   --cluster=kubeconfig       the cluster of the user's kubeconfig (KUBECONFIG, else ~/.kube/config), in a namespace of
 *                              its own (deleted afterwards)
 *   --registry=push[,pull]     where to push images and the name the cluster pulls them by (default: what the cluster
 *                              announces in kube-public/local-registry-hosting, KEP-1755)
 */
import { writeFileSync } from 'node:fs'
import { ROOT } from '../local/harness.js'
import { bootstrap } from './bootstrap.js'
import { stopAll, stopOnSignals } from './cleanup.js'
import { chooseCluster, parseClusterOption, type ClusterOption } from './cluster-choice.js'
import { registryFromOption, type DemoRegistry } from './cluster/local-registry.js'
import { announcedRegistry, architectureProblem, namespaceProblem, reachableCluster, startLocalCluster, userKubeconfig, type ReachableCluster } from './cluster/target.js'
import { runPipeline, type DemoTarget } from './pipeline.js'
import { renderSummary } from './report.js'

const OPTIONS = ['--report-file', '--verbose', '--cluster', '--registry']
const args = new Map(process.argv.slice(2).map((a) => (a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, 'true'])))
const log = (line: string) => console.log(line)

class Refused extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 2
  ) {
    super(message)
  }
}

async function main(): Promise<number> {
  try {
    const unknown = [...args.keys()].filter((k) => !OPTIONS.includes(k))
    if (unknown.length > 0) throw new Refused(`unknown option ${unknown.join(', ')} (known: --report-file=<path>, --verbose, --cluster=local|kubeconfig, --registry=host[:port][,pull-host[:port]])`)
    const option = parseClusterOption(args.get('--cluster'))
    if (typeof option === 'object') throw new Refused(option.error)
    const registryOption = args.has('--registry') ? parseRegistry(args.get('--registry')!) : undefined
    const reachable = option === 'kubeconfig' ? await reachableCluster() : undefined
    const described = reachable && `${reachable.server} (Kubernetes ${reachable.version}, context ${reachable.kubeconfig.getCurrentContext()})`
    const choice = chooseCluster(option, { root: process.getuid?.() === 0, reachable: described, source: userKubeconfig() })
    if ('error' in choice) throw new Refused(choice.error, choice.exitCode)

    const problems = bootstrap(ROOT, choice.use === 'local', log)
    if (problems.length > 0) {
      for (const problem of problems) console.error(`demo: ${problem}`)
      return 1
    }
    const target = await prepareTarget(choice.use, reachable, registryOption)
    stopOnSignals()
    const started = Date.now()
    try {
      const report = await runPipeline({ log, verbose: args.has('--verbose'), target })
      log(renderSummary(report))
      log(`Total: ${((Date.now() - started) / 1000).toFixed(0)} s`)
      if (args.has('--report-file')) writeFileSync(args.get('--report-file')!, JSON.stringify(report, null, 2))
      return report.ok ? 0 : 1
    } finally {
      await stopAll()
    }
  } catch (error) {
    if (!(error instanceof Refused)) throw error
    console.error(`demo: ${error.message}`)
    return error.exitCode
  }
}

function parseRegistry(value: string): DemoRegistry {
  try {
    return registryFromOption(value)
  } catch (error) {
    throw new Refused((error as Error).message)
  }
}

async function prepareTarget(kind: ClusterOption, reachable: ReachableCluster | undefined, registryOption: DemoRegistry | undefined): Promise<DemoTarget> {
  const cluster = kind === 'local' ? await localCluster() : reachable!
  return { kind, cluster, registry: await clusterRegistry(cluster, registryOption) }
}

async function localCluster(): Promise<ReachableCluster> {
  log('Starting the local Kubernetes cluster, or finding it running (npm run cluster -- up; the first time it builds Kubernetes from source)...')
  try {
    return await startLocalCluster((line) => log(`  ${line}`))
  } catch (error) {
    throw new Refused((error as Error).message, 1)
  }
}

/**
 * Checks that the demo may work on the cluster (create its namespace, run this machine's architecture) and finds the
 * registry the cluster pulls from and this machine can push to; otherwise a refusal that says what to change.
 */
async function clusterRegistry(cluster: ReachableCluster, registryOption: DemoRegistry | undefined): Promise<DemoRegistry> {
  const problem = (await namespaceProblem(cluster.kubeconfig)) ?? (await architectureProblem(cluster.kubeconfig))
  if (problem) throw new Refused(problem)
  const registry = registryOption ?? (await announcedRegistry(cluster.kubeconfig))
  if (!registry) {
    throw new Refused(
      'the cluster needs a registry it can pull the demo images from. Give one with --registry=<host:port> (pushed to from here, pulled by the nodes;' +
        ' --registry=<push>,<pull> when the nodes know it by another name), or create the cluster with a local registry that it announces in' +
        ' ConfigMap kube-public/local-registry-hosting (kind: https://kind.sigs.k8s.io/docs/user/local-registry/)'
    )
  }
  try {
    const response = await fetch(`http://${registry.push}/v2/`, { signal: AbortSignal.timeout(3000) })
    if (![200, 401].includes(response.status)) throw new Error(`it answered ${response.status}`)
  } catch (error) {
    throw new Refused(`the registry ${registry.push} (from ${registry.source}) does not answer at http://${registry.push}/v2/ from this machine: ${(error as Error).message}`)
  }
  log(`Images go to ${registry.push} (from ${registry.source}); the cluster pulls them as ${registry.pull}.`)
  return registry
}

export default main
