/**
 * Where a Deployment's canary state lives: a coordination.k8s.io Lease of its own (`canary-deploy.<deployment>`),
 * held by the run that owns the canary and owned by the Deployment (deleted with it).
 *
 * Not an annotation on the Deployment: the deployment controller copies a Deployment's annotations onto each new
 * ReplicaSet, and `rollout undo` copies a ReplicaSet's annotations back, so a state kept there came back from an old
 * ReplicaSet after a rollback and blocked every later canary. Nothing copies a Lease.
 */
import * as k8s from '@kubernetes/client-node'
import { isNotFound, isStaleWrite, jsonPatchDiff, patchOptions, testResourceVersion, wireJson, type KubeClient } from '../lib/kube/index.js'
import { readState, STATE_ANNOTATION, writeState, type CanaryState } from './state.js'

export const stateLeaseName = (deployment: string): string => `canary-deploy.${deployment}`

export class StateLease {
  private readonly leases: k8s.CoordinationV1Api

  constructor(
    private readonly client: KubeClient,
    private readonly namespace: string
  ) {
    this.leases = client.api(k8s.CoordinationV1Api)
  }

  async read(deployment: string): Promise<CanaryState | undefined> {
    return readState((await this.find(deployment))?.metadata?.annotations)
  }

  /**
   * Writes (or, with `state` undefined, removes) the state against the Lease's resourceVersion just read. `check`
   * sees the state found and throws to refuse (another run's canary); when another writer got there first (409, a
   * failed resourceVersion test, or the Lease appeared or vanished meanwhile) the Lease is read and checked again, so of two runs exactly one wins.
   */
  async write(deployment: string, check: (found: CanaryState | undefined) => void, state: CanaryState | undefined, attempts = 5): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const lease = await this.find(deployment)
      check(readState(lease?.metadata?.annotations))
      try {
        if (!state) return lease ? await this.remove(lease) : undefined
        return lease ? await this.update(lease, state) : await this.create(deployment, state)
      } catch (error) {
        if (!(isStaleWrite(error) || isNotFound(error)) || attempt >= attempts) throw error
      }
    }
  }

  private async find(deployment: string): Promise<k8s.V1Lease | undefined> {
    const name = stateLeaseName(deployment)
    try {
      return await this.client.call(`get lease ${this.namespace}/${name}`, () => this.leases.readNamespacedLease({ name, namespace: this.namespace }))
    } catch (error) {
      if (isNotFound(error)) return undefined
      throw error
    }
  }

  private async create(deployment: string, state: CanaryState): Promise<void> {
    const owner = await this.client.getDeployment(this.namespace, deployment)
    const name = stateLeaseName(deployment)
    const body: k8s.V1Lease = {
      metadata: {
        name,
        namespace: this.namespace,
        labels: { 'app.kubernetes.io/managed-by': 'canary-deploy' },
        annotations: { [STATE_ANNOTATION]: writeState(state) },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment, uid: owner.metadata!.uid! }]
      },
      // No acquireTime/renewTime: they are MicroTime (6 fractional digits), which client-node writes with 3 and the
      // API server then refuses; the state carries its own times.
      spec: { holderIdentity: state.owner }
    }
    await this.client.call(`create lease ${this.namespace}/${name}`, () => this.leases.createNamespacedLease({ namespace: this.namespace, body }))
  }

  /**
   * A JSON patch of the state annotation and the holder only, behind a test of the resourceVersion read: nothing else
   * of the Lease is sent back, so what another writer set on it stays.
   */
  private async update(lease: k8s.V1Lease, state: CanaryState): Promise<void> {
    const name = lease.metadata!.name!
    const before = wireJson(lease)
    const after = { ...before, metadata: { ...before.metadata, annotations: { ...(before.metadata?.annotations ?? {}), [STATE_ANNOTATION]: writeState(state) } }, spec: { ...before.spec, holderIdentity: state.owner } }
    const body = [testResourceVersion(lease.metadata!.resourceVersion!), ...jsonPatchDiff(before, after)]
    await this.client.call(`patch lease ${this.namespace}/${name}`, () => this.leases.patchNamespacedLease({ name, namespace: this.namespace, body }, patchOptions('json')))
  }

  private async remove(lease: k8s.V1Lease): Promise<void> {
    const name = lease.metadata!.name!
    const body = { preconditions: { resourceVersion: lease.metadata!.resourceVersion! } }
    await this.client.call(`delete lease ${this.namespace}/${name}`, () => this.leases.deleteNamespacedLease({ name, namespace: this.namespace, body }))
  }
}
