/**
 * The versioned ConfigMaps and Secrets of a release in the cluster (config-copies.ts plans them): which exist
 * already, creating the missing ones for the canary (labelled as canary-deploy's, annotated with the creating run),
 * and deleting on abort only those that run created. Secret contents are sent to the API server, never logged.
 */
import * as k8s from '@kubernetes/client-node'
import { UserError } from '../lib/action/errors.js'
import { isNotFound, kubeErrorMessage } from '../lib/kube/index.js'
import type { Cluster } from './cluster.js'
import { sameContent, type ConfigCopy, type PlannedCopy, type RecordedConfig } from './config-copies.js'
import { MANAGED_BY, notThisRuns, RUN_ANNOTATION } from './object-ownership.js'

type Obj = Record<string, unknown>

async function find(cluster: Cluster, kind: ConfigCopy['kind'], name: string): Promise<(Obj & { metadata?: k8s.V1ObjectMeta }) | undefined> {
  const ns = cluster.namespace
  try {
    const found = await cluster.client.call(`get ${kind.toLowerCase()} ${ns}/${name}`, () =>
      kind === 'ConfigMap' ? cluster.client.core.readNamespacedConfigMap({ name, namespace: ns }) : cluster.client.core.readNamespacedSecret({ name, namespace: ns })
    )
    return found as unknown as Obj & { metadata?: k8s.V1ObjectMeta }
  } catch (error) {
    if (isNotFound(error)) return undefined
    throw error
  }
}

/**
 * Which copies exist already with the same content (kept as they are, never deleted by this release) and which
 * this run will create (`createdBy: owner`). A copy's name held by other content is refused before any write.
 */
export async function surveyCopies(cluster: Cluster, copies: PlannedCopy[], owner: string, input: string): Promise<RecordedConfig[]> {
  const recorded: RecordedConfig[] = []
  for (const copy of copies) {
    const found = await find(cluster, copy.kind, copy.copy)
    if (found && !sameContent(copy.kind, found, copy.body)) {
      throw new UserError(`Input '${input}': the ${copy.kind} ${cluster.namespace}/${copy.copy} (the versioned copy of '${copy.name}') exists with other content; canary-deploy does not overwrite it. Delete it, then run again.`)
    }
    recorded.push({ kind: copy.kind, name: copy.name, copy: copy.copy, ...(found ? {} : { createdBy: owner }) })
  }
  return recorded
}

/** Creates the copies this run is to create (a retried create recognises its own). */
export async function createCopies(cluster: Cluster, copies: PlannedCopy[], recorded: RecordedConfig[]): Promise<void> {
  const ns = cluster.namespace
  for (const entry of recorded.filter((r) => r.createdBy !== undefined)) {
    const planned = copies.find((c) => c.kind === entry.kind && c.copy === entry.copy)!
    const meta = (planned.body.metadata ?? {}) as k8s.V1ObjectMeta
    const body = { ...planned.body, metadata: { ...meta, namespace: ns, labels: { ...(meta.labels ?? {}), ...MANAGED_BY }, annotations: { ...(meta.annotations ?? {}), [RUN_ANNOTATION]: entry.createdBy! } } }
    const what = `${entry.kind.toLowerCase()} ${ns}/${entry.copy}`
    const read = () => (entry.kind === 'ConfigMap' ? cluster.client.core.readNamespacedConfigMap({ name: entry.copy, namespace: ns }) : cluster.client.core.readNamespacedSecret({ name: entry.copy, namespace: ns }))
    const create = () =>
      entry.kind === 'ConfigMap'
        ? cluster.client.core.createNamespacedConfigMap({ namespace: ns, body: body as k8s.V1ConfigMap })
        : cluster.client.core.createNamespacedSecret({ namespace: ns, body: body as k8s.V1Secret })
    await cluster.client.create<k8s.V1ConfigMap | k8s.V1Secret>(what, create, read, (found) => notThisRuns(found.metadata, entry.createdBy!))
  }
}

/** Deletes the copies the canary's run created (the object of that name and uid only); true for each one deleted. */
export async function removeCopies(cluster: Cluster, recorded: RecordedConfig[]): Promise<string[]> {
  const ns = cluster.namespace
  const deleted: string[] = []
  for (const entry of recorded.filter((r) => r.createdBy !== undefined)) {
    const found = await find(cluster, entry.kind, entry.copy)
    if (!found || notThisRuns(found.metadata, entry.createdBy!)) continue
    const body = { preconditions: { uid: found.metadata!.uid! } }
    try {
      await cluster.client.call(`delete ${entry.kind.toLowerCase()} ${ns}/${entry.copy}`, () =>
        entry.kind === 'ConfigMap' ? cluster.client.core.deleteNamespacedConfigMap({ name: entry.copy, namespace: ns, body }) : cluster.client.core.deleteNamespacedSecret({ name: entry.copy, namespace: ns, body })
      )
      deleted.push(`${entry.kind} ${entry.copy}`)
    } catch (error) {
      if (isNotFound(error)) continue
      throw new UserError(`could not delete ${entry.kind} ${ns}/${entry.copy}: ${kubeErrorMessage(error)}`)
    }
  }
  return deleted
}
