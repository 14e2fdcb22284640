/**
 * health-rollback on a StatefulSet or DaemonSet of the real local cluster: the test service released version after
 * version with the pinned kubectl (`kubectl set image`, as a pipeline would), the action run in-process, and what the
 * pinned kubectl reads back (history, templates) for differential checks against `kubectl rollout undo`.
 */
import type { V1Pod } from '@kubernetes/client-node'
import { realClock } from '../../src/health-rollback/clock.js'
import { healthRollback } from '../../src/health-rollback/main.js'
import { kubectl } from '../kube/cluster.js'
import { webDaemonSet, webStatefulSet } from '../kube/manifests.js'
import { inputsFor, type Web } from './health-rollback.js'

export type Kind = 'StatefulSet' | 'DaemonSet'

/** `statefulset/db` or `daemonset/agent`. */
export const refOf = (kind: Kind, name: string) => `${kind.toLowerCase()}/${name}`

const kc = (web: Web, args: string[]) => kubectl(web.kube.cluster, web.kube.kubeconfig, args)

/** `kubectl rollout status` until it says the rollout is complete. */
export const rolloutStatus = (web: Web, kind: Kind, name: string) => kc(web, ['rollout', 'status', refOf(kind, name), '--timeout=120s'])

/**
 * Creates the workload with the first image and releases each next one with `kubectl set image`, waiting for each
 * rollout but the last one's: revisions 1, 2, ..., the last one rolling out.
 */
export async function release(web: Web, kind: Kind, name: string, images: string[]): Promise<void> {
  const [first, ...rest] = images
  await web.kube.create(kind === 'StatefulSet' ? webStatefulSet(first!, { name }) : webDaemonSet(first!, { name }))
  await rolloutStatus(web, kind, name)
  for (const [index, image] of rest.entries()) {
    await kc(web, ['set', 'image', refOf(kind, name), `app=${image}`])
    if (index < rest.length - 1) await rolloutStatus(web, kind, name)
  }
}

export function runOn(web: Web, kind: Kind, name: string, inputs: Record<string, string>) {
  return healthRollback(inputsFor({ kubeconfig: web.kubeconfig, deployment: name, kind, probes: '3', 'probe-interval': '100ms', ...inputs }), {
    clock: realClock,
    log: () => {},
    pollMs: 500,
    kube: { retry: { attempts: 5, baseDelayMs: 5, maxDelayMs: 20 }, log: () => {} }
  })
}

/** The revision numbers `kubectl rollout history` lists. */
export async function historyOf(web: Web, kind: Kind, name: string): Promise<number[]> {
  const table = await kc(web, ['rollout', 'history', refOf(kind, name)])
  return table.split('\n').flatMap((line) => /^(\d+)\s/.exec(line)?.slice(1, 2) ?? []).map(Number)
}

/** The workload's pod template as kubectl reads it. */
export async function templateOf(web: Web, kind: Kind, name: string): Promise<unknown> {
  return (JSON.parse(await kc(web, ['get', refOf(kind, name), '-o', 'json'])) as { spec: { template: unknown } }).spec.template
}

/** The pod template of a revision as `kubectl rollout history --revision=N` shows it. */
export async function revisionTemplateOf(web: Web, kind: Kind, name: string, revision: number): Promise<unknown> {
  return (JSON.parse(await kc(web, ['rollout', 'history', refOf(kind, name), `--revision=${revision}`, '-o', 'json'])) as { spec: { template: unknown } }).spec.template
}

/** The workload's live pods: name, image, revision label and readiness. */
export async function podsOf(web: Web, name: string): Promise<{ name: string; image: string; revision: string; ready: boolean }[]> {
  const pods = (await web.kube.pods(`app=${name}`)).filter((p: V1Pod) => !p.metadata?.deletionTimestamp)
  return pods
    .map((p) => ({
      name: p.metadata!.name!,
      image: p.spec!.containers[0]!.image!,
      revision: p.metadata?.labels?.['controller-revision-hash'] ?? '',
      ready: (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
    }))
    .sort((a, b) => a.name.localeCompare(b.name))
}

/** `kubectl rollout undo`, the reference client. */
export const kubectlUndo = (web: Web, kind: Kind, name: string, toRevision?: number) =>
  kc(web, ['rollout', 'undo', refOf(kind, name), ...(toRevision !== undefined ? [`--to-revision=${toRevision}`] : [])])
