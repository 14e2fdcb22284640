/** The TrafficContext of a canary: from this run's inputs for a new one, or from its recorded state to continue or undo it. */
import type { Cluster } from './cluster.js'
import type { CanaryDeployInputs } from './inputs.js'
import type { ImageChange } from './images.js'
import { changesOf, type CanaryState } from './state.js'
import type { TrafficContext } from './traffic.js'

export const canaryNameOf = (deployment: string): string => `${deployment}-canary`

export function trafficContext(
  inputs: CanaryDeployInputs,
  cluster: Cluster,
  images: ImageChange[],
  total: number,
  log: (m: string) => void,
  method = inputs.traffic
): TrafficContext {
  return {
    cluster,
    method,
    stableName: inputs.deployment,
    canaryName: canaryNameOf(inputs.deployment),
    service: inputs.service,
    canaryService: `${inputs.service}-canary`,
    router: inputs.router,
    istioRoute: inputs.istioRoute,
    headerRoute: inputs.headerRoute,
    images,
    template: undefined,
    configs: [],
    copies: [],
    total,
    rolloutTimeoutMs: inputs.rolloutTimeoutMs,
    log
  }
}

/** The context of a recorded canary (from its state, not from this run's inputs). */
export function contextFromState(inputs: CanaryDeployInputs, cluster: Cluster, state: CanaryState, log: (m: string) => void): TrafficContext {
  return {
    ...trafficContext(inputs, cluster, changesOf(state), state.total, log, state.method),
    canaryName: state.workload,
    ...(state.canaryService ? { canaryService: state.canaryService } : {}),
    template: state.template,
    configs: state.configs ?? [],
    // The header route the canary started with, whatever this run's inputs say.
    headerRoute: state.headerRoute
  }
}
