/**
 * The documented pipeline, run locally by the real bundles: quality gate → build once → promote the same digest →
 * canary with analysis (a good release promoted, a faulty one aborted) → health check and rollback of a bad full
 * deploy. Returns what happened as data; every process it starts is stopped through cleanup.ts.
 */
import path from 'node:path'
import { ROOT } from '../local/harness.js'
import { pushNodeBase } from './base-image.js'
import { onCleanup } from './cleanup.js'
import { pullReference, type DemoRegistry } from './cluster/local-registry.js'
import { runClusterStages } from './cluster/stages.js'
import { kubeconfigCluster, type ReachableCluster } from './cluster/target.js'
import { DemoRepo, pushEvent, type Commit } from './repo.js'
import type { DemoReport } from './report.js'
import type { RunOptions } from '../local/harness.js'
import { bundleExists, runStage, StageFailed, type Judge, type StageLog, type StageRun } from './stage.js'

export interface PipelineOptions {
  log: StageLog
  verbose?: boolean
  /** Where the Kubernetes stages run, and the registry it pulls the demo's images from. */
  target: DemoTarget
}

export interface DemoTarget {
  kind: 'local' | 'kubeconfig'
  cluster: ReachableCluster
  registry: DemoRegistry
}

export interface Release {
  version: string
  commit: Commit
  /** `registry/repo@sha256:...` of the promoted release tag. */
  imageRef: string
  digest: string
}

export async function runPipeline(options: PipelineOptions): Promise<DemoReport> {
  const { log } = options
  const report: DemoReport = { stages: [], missing: ['canary-deploy', 'health-rollback'].filter((a) => !bundleExists(a)), endpoints: {}, ok: false }
  const stage: StageFn = async (name, action, runOptions, judge) => {
    try {
      const done = await runStage(name, action, runOptions, judge, log, options.verbose)
      report.stages.push(done.report)
      return done
    } catch (error) {
      if (error instanceof StageFailed) report.stages.push(error.report)
      throw error
    }
  }
  try {
    await runAll()
    report.ok = report.missing.length === 0
  } catch (error) {
    log(`✘ ${(error as Error).message}`)
  }
  return report

  async function runAll(): Promise<void> {
    const { target } = options
    const { registry } = target
    log(`Building a Node 24 base image from this machine's binaries and pushing it to ${registry.push}...`)
    const base = await pushNodeBase(registry.push)
    // A run id keeps the cluster's registry, which outlives the demo, from handing this run an earlier run's tags.
    const image = `${registry.push}/acme/web-${Date.now().toString(36)}`
    const repo = new DemoRepo(path.join(ROOT, 'examples/service'))
    onCleanup('demo repository', () => repo.remove())

    // (1) The quality gate on the example service, in its own directory (it uses the repository's ESLint and tsc).
    await stage('quality-gate', 'quality-gate', {
      workspace: path.join(ROOT, 'examples/service'),
      inputs: {
        checks: 'lint: npm run lint\ntypecheck: npm run typecheck\ntest: npm test',
        parallel: 'true',
        'coverage-files': 'coverage/lcov.info',
        'min-line-coverage': '90',
        'min-branch-coverage': '80',
        'min-function-coverage': '90',
        audit: 'none'
      }
    }, (run) => ({ result: run.outputs.passed === 'true' ? 'passed' : 'failed', detail: `coverage ${coverageLine(run.outputs.coverage)}`, expected: run.outputs.passed === 'true' }))

    // (2) Build once per commit. The version running in production before the demo: 0.9.0.
    const buildArgs = (version: string) => `BASE=${base}\nVERSION=${version}`
    const build = async (name: string, commit: Commit, ref: string, version: string) => {
      const { env, event } = pushEvent(commit, ref)
      return stage(name, 'build-push', {
        workspace: repo.dir,
        env,
        event,
        eventName: 'push',
        inputs: { image, builder: 'buildah', context: '.', file: 'Containerfile', 'build-args': buildArgs(version), tags: 'sha\nbranch\nsemver', 'insecure-registries': registry.push }
      }, (run) => ({
        result: run.exitCode === 0 && run.outputs.digest ? 'passed' : 'failed',
        detail: `${run.outputs.version ?? '?'} ${short(run.outputs.digest)}${JSON.parse(run.outputs.metadata ?? '{}').reused ? ' (reused, not rebuilt)' : ''} tags ${tagList(run.outputs.tags)}`,
        expected: run.exitCode === 0 && /^sha256:/.test(run.outputs.digest ?? '')
      }))
    }
    const promote = async (name: string, rc: string, release: string, expectedDigest: string) =>
      stage(name, 'promote-artifact', {
        inputs: { source: `${image}:${rc}`, 'expected-digest': expectedDigest, targets: `${image}:${release}`, 'insecure-registries': registry.push }
      }, (run) => ({
        result: run.exitCode === 0 && run.outputs.digest === expectedDigest ? 'passed' : 'failed',
        detail: `${rc} → ${release}, same digest ${short(run.outputs.digest)}`,
        expected: run.exitCode === 0 && run.outputs.digest === expectedDigest
      }))

    const version = (v: string) => ({ 'package.json': (text: string) => text.replace(/"version": "[^"]*"/, `"version": "${v}"`) })
    const seedCommit = repo.commit('example service 0.9.0', version('0.9.0'))
    const seed = await build('build-push v0.9.0 (in production before the demo)', seedCommit, 'refs/tags/v0.9.0', '0.9.0')
    const stableRelease: Release = { version: '0.9.0', commit: seedCommit, imageRef: `${image}@${seed.run.outputs.digest}`, digest: seed.run.outputs.digest! }

    const goodCommit = repo.commit('release 1.0.0', version('1.0.0'))
    const onMain = await build('build-push on push to main', goodCommit, 'refs/heads/main', '1.0.0')
    const rc = await build('build-push on tag v1.0.0-rc.1', goodCommit, 'refs/tags/v1.0.0-rc.1', '1.0.0')
    if (rc.run.outputs.digest !== onMain.run.outputs.digest) throw new Error('the rc build is not the digest built on main')
    // (3) Promote the digest that passed staging to its release tag.
    const promoted = await promote('promote-artifact 1.0.0-rc.1 → 1.0.0', '1.0.0-rc.1', '1.0.0', rc.run.outputs.digest!)
    const goodRelease: Release = { version: '1.0.0', commit: goodCommit, imageRef: `${image}@${promoted.run.outputs.digest}`, digest: promoted.run.outputs.digest! }

    // The faulty release: a config change that makes half the requests fail.
    const badCommit = repo.commit('tune: new default error budget', { Containerfile: (t) => t.replace('ARG FAULT_ERROR_RATE=0', 'ARG FAULT_ERROR_RATE=0.5') })
    const badRc = await build('build-push on tag v1.1.0-rc.1 (faulty)', badCommit, 'refs/tags/v1.1.0-rc.1', '1.1.0')
    const badPromoted = await promote('promote-artifact 1.1.0-rc.1 → 1.1.0', '1.1.0-rc.1', '1.1.0', badRc.run.outputs.digest!)
    const badRelease: Release = { version: '1.1.0', commit: badCommit, imageRef: `${image}@${badPromoted.run.outputs.digest}`, digest: badPromoted.run.outputs.digest! }

    // (4) and (5): the cluster stages, when their bundles exist.
    if (report.missing.length > 0) {
      log(`Skipping the cluster stages: ${report.missing.join(', ')} not built (dist/<name>/index.js missing).`)
      for (const name of report.missing) report.stages.push({ name, action: name, result: 'missing', durationMs: 0, detail: 'bundle not built yet', outputs: {} })
      return
    }
    const cluster = kubeconfigCluster(target.cluster, target.kind)
    // The cluster pulls what was pushed, possibly under another registry name (KEP-1755 hostFromContainerRuntime).
    const pulled = (release: Release): Release => ({ ...release, imageRef: pullReference(release.imageRef, registry) })
    await runClusterStages({ cluster, stable: pulled(stableRelease), good: pulled(goodRelease), bad: pulled(badRelease), report, stage, log })
  }
}

/** Runs one action as a stage of the report (see runStage). */
export type StageFn = (name: string, action: string, options: RunOptions, judge: Judge) => Promise<StageRun>

const short = (digest: string | undefined): string => (digest ? digest.slice(0, 19) : '?')
function tagList(tags: string | undefined): string {
  return (tags ?? '').split('\n').filter(Boolean).map((t) => t.slice(t.lastIndexOf(':') + 1)).join(', ')
}
function coverageLine(coverage: string | undefined): string {
  try {
    const c = JSON.parse(coverage ?? '{}') as Record<string, { percent?: number } | null>
    return Object.entries(c)
      .filter(([, v]) => typeof v?.percent === 'number')
      .map(([k, v]) => `${k} ${v!.percent!.toFixed(1)}%`)
      .join(', ')
  } catch {
    return coverage ?? '?'
  }
}
