/**
 * Whose a canary object is (the canary or green Deployment, the canary Service, the canary Ingress): canary-deploy
 * labels what it creates and notes the run that created it, so it never takes over, overwrites or deletes an object
 * of the same name that someone else made, and a create retried after its answer was lost knows its own. Pure.
 */
import type { V1ObjectMeta } from '@kubernetes/client-node'

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by'
export const MANAGED_BY = { [MANAGED_BY_LABEL]: 'canary-deploy' }

/** The run (CanaryState.owner) that created the object. */
export const RUN_ANNOTATION = 'canary-deploy.pipeline-actions.dev/run'

/** Why the object is not canary-deploy's own; undefined when it is. */
export function notCanaryDeploys(meta: V1ObjectMeta | undefined): string | undefined {
  return meta?.labels?.[MANAGED_BY_LABEL] === MANAGED_BY[MANAGED_BY_LABEL] ? undefined : `was not created by canary-deploy (it lacks the label ${MANAGED_BY_LABEL}=canary-deploy)`
}

/** Why the object is not the one the run `owner` created; undefined when it is. */
export function notThisRuns(meta: V1ObjectMeta | undefined, owner: string): string | undefined {
  const foreign = notCanaryDeploys(meta)
  if (foreign) return foreign
  const run = meta?.annotations?.[RUN_ANNOTATION]
  return run === owner ? undefined : `was created by ${run ? `another canary-deploy run (${run})` : 'an earlier canary-deploy'}, not by this run (${owner})`
}
