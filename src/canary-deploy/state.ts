/**
 * The canary's state, kept as JSON in an annotation of the Deployment's state Lease (state-lease.ts) so that a later
 * run (a rerun, a `promote` after `start`, an `abort`, or the post step of a cancelled job) knows what exists and how
 * to undo it. Writes go through the Lease's resourceVersion, so two runs cannot both claim it. Pure.
 */
import type * as k8s from '@kubernetes/client-node'
import type { RecordedConfig } from './config-copies.js'
import type { ImageChange } from './images.js'
import type { HeaderRoute, TrafficMethod } from './router-plan.js'

export const STATE_ANNOTATION = 'canary-deploy.pipeline-actions.dev/state'

export type Phase = 'progressing' | 'holding' | 'promoting'

export interface WeightPoint {
  /** Milliseconds since the canary started (across runs). */
  at: number
  weight: number
  /** The analysis verdict of the step at this weight, once known. */
  analysis?: 'pass' | 'fail' | 'inconclusive' | 'none'
}

type FreshFields = 'version' | 'phase' | 'startedAt' | 'weight' | 'history'

/** The state a run writes when it claims the stable Deployment: progressing, at weight 0, with no history yet. */
export function freshState(fields: Omit<CanaryState, FreshFields>, now: number): CanaryState {
  return { version: 1, phase: 'progressing', startedAt: new Date(now).toISOString(), weight: 0, history: [], ...fields }
}

export interface CanaryState {
  version: 1
  strategy: 'canary' | 'blue-green'
  phase: Phase
  /** `GITHUB_RUN_ID/GITHUB_RUN_ATTEMPT/<random claim id>` of the action run holding the canary: two steps or matrix
   * jobs of one workflow run share the run id and attempt, so the claim id tells them apart. */
  owner: string
  startedAt: string
  /** The new image(s) and the stable one(s), in one line (images.ts describeImages), and the first container changed. */
  image: string
  previousImage: string
  container: string
  /** Every container the release changes (absent in a state written before several could change: `container` alone). */
  images?: ImageChange[]
  /** A `manifest` or `template-patch` release: the whole pod template the canary runs and the promotion writes. */
  template?: k8s.V1PodTemplateSpec
  /** The versioned ConfigMaps and Secrets that template refers to (removed on abort when this canary created them). */
  configs?: RecordedConfig[]
  method: TrafficMethod
  /** The canary (or green) Deployment. */
  workload: string
  /** The canary Service for router methods; blue-green: the Service switched. */
  service?: string
  canaryService?: string
  /** The stable Service selector was pinned to this pod-template-hash during the canary (router methods). */
  pinnedHash?: string
  /** gateway-api: the header that sends requests to the canary at every step below 100. */
  headerRoute?: HeaderRoute
  /** A router object the action created (TrafficSplit, canary Ingress) and deletes at the end. */
  createdRouter?: string
  /** Index into the schedule of the step reached, and its weight. */
  stepIndex: number
  weight: number
  /** The stable Deployment's replica count before the canary (restored on abort). */
  total: number
  /** Blue-green: the selector the Service had before the switch, for switching back. */
  previousSelector?: Record<string, string>
  history: WeightPoint[]
}

/** The containers a recorded canary changes: its `images`, or the one `container` of a state written before them. */
export function changesOf(state: CanaryState): ImageChange[] {
  return state.images ?? [{ container: state.container, image: state.image, previousImage: state.previousImage }]
}

export function readState(annotations: Record<string, string> | undefined): CanaryState | undefined {
  const raw = annotations?.[STATE_ANNOTATION]
  if (!raw) return undefined
  try {
    const parsed = JSON.parse(raw) as CanaryState
    return parsed.version === 1 ? parsed : undefined
  } catch {
    return undefined
  }
}

export const writeState = (state: CanaryState): string => JSON.stringify(state)

export type Ownership = { kind: 'free' } | { kind: 'ours' } | { kind: 'leftover-of-our-run' } | { kind: 'other'; owner: string; phase: Phase; weight: number }

/** Whether a run may take the Deployment: a canary of another action run blocks it (also another step or matrix job
 * of the same workflow run); a leftover of an earlier attempt of this workflow run (a rerun of a job killed before
 * its post step) is cleaned up first. */
export function ownership(state: CanaryState | undefined, owner: string): Ownership {
  if (!state) return { kind: 'free' }
  if (state.owner === owner) return { kind: 'ours' }
  const [run, attempt] = state.owner.split('/')
  const [ourRun, ourAttempt] = owner.split('/')
  if (run === ourRun && attempt !== ourAttempt) return { kind: 'leftover-of-our-run' }
  return { kind: 'other', owner: state.owner, phase: state.phase, weight: state.weight }
}
