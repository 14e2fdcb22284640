/**
 * The demo once Node 24 runs it (see run.ts):
 *   --report-file=<path>       also write what happened as JSON (the contract tests read it)
 *   --verbose                  print every action's log, not only the failing ones
 *   --cluster=emulator         the Kubernetes API emulator (the default; a reachable cluster of the user's kubeconfig,
 *                              KUBECONFIG else ~/.kube/config, is offered)
 *   --cluster=kubeconfig       that cluster, in a namespace of its own (deleted afterwards)
 *   --registry=push[,pull]     with kubeconfig: where to push images and the name the cluster pulls them by
 *                              (default: what the cluster announces in kube-public/local-registry-hosting, KEP-1755)
 */
import { writeFileSync } from 'node:fs'
import { createInterface } from 'node:readline/promises'
import { ROOT } from '../test/support/harness.js'
import { bootstrap } from './bootstrap.js'
import { stopAll, stopOnSignals } from './cleanup.js'
import { accepted, chooseCluster, parseClusterOption } from './cluster-choice.js'
import { registryFromOption, type DemoRegistry } from './cluster/local-registry.js'
import { announcedRegistry, architectureProblem, namespaceProblem, reachableCluster, userKubeconfig, type ReachableCluster } from './cluster/target.js'
import { runPipeline, type DemoTarget } from './pipeline.js'
import { renderSummary } from './report.js'

const OPTIONS = ['--report-file', '--verbose', '--cluster', '--registry']
const args = new Map(process.argv.slice(2).map((a) => (a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, 'true'])))
const log = (line: string) => console.log(line)

class Refused extends Error {}

async function main(): Promise<number> {
  try {
    const unknown = [...args.keys()].filter((k) => !OPTIONS.includes(k))
    if (unknown.length > 0) throw new Refused(`unknown option ${unknown.join(', ')} (known: --report-file=<path>, --verbose, --cluster=emulator|kubeconfig, --registry=host[:port][,pull-host[:port]])`)
    const option = parseClusterOption(args.get('--cluster'))
    if (typeof option === 'object') throw new Refused(option.error)
    const registryOption = args.has('--registry') ? parseRegistry(args.get('--registry')!) : undefined

    const problems = bootstrap(ROOT, log)
    if (problems.length > 0) {
      for (const problem of problems) console.error(`demo: ${problem}`)
      return 1
    }
    const target = await chooseTarget(option, registryOption)
    if (registryOption && target.kind === 'emulator') log('demo: --registry applies to --cluster=kubeconfig only; the emulator uses a registry of its own.')
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
    return 2
  }
}

function parseRegistry(value: string): DemoRegistry {
  try {
    return registryFromOption(value)
  } catch (error) {
    throw new Refused((error as Error).message)
  }
}

async function chooseTarget(option: 'emulator' | 'kubeconfig' | undefined, registryOption: DemoRegistry | undefined): Promise<DemoTarget> {
  const reachable = option === 'emulator' ? undefined : await reachableCluster()
  const described = reachable && `${reachable.server} (Kubernetes ${reachable.version}, context ${reachable.kubeconfig.getCurrentContext()})`
  const choice = chooseCluster(option, described, Boolean(process.stdin.isTTY && process.stdout.isTTY), userKubeconfig())
  if ('error' in choice) throw new Refused(choice.error)
  if (choice.use === 'emulator') {
    if (choice.note) log(choice.note)
    return { kind: 'emulator' }
  }
  if (choice.use === 'ask' && !(await ask(choice.question))) return { kind: 'emulator' }
  return { kind: 'kubeconfig', cluster: reachable!, registry: await clusterRegistry(reachable!, registryOption) }
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

async function ask(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stdout })
  try {
    return accepted(await prompt.question(question, { signal: AbortSignal.timeout(60_000) }))
  } catch {
    log('\nNo answer: the demo uses the emulator.')
    return false
  } finally {
    prompt.close()
  }
}

export default main
