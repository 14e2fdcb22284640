/** The report of one run: what the outputs, the report file and the job summary are made from. */
import type { RecordedConfig } from './config-copies.js'
import type { ImageChange } from './images.js'
import type { CanaryDeployInputs } from './inputs.js'
import type { CanaryState, WeightPoint } from './state.js'
import type { TemplateChange } from './template-diff.js'
import type { Measurement } from './verdict.js'

export type Result = 'promoted' | 'aborted' | 'holding'

export interface Report {
  result: Result
  deployment: string
  namespace: string
  /** The new image(s) and the stable one(s) in one line: the reference alone for one container, `name=reference` for several. */
  image: string
  previousImage?: string
  /** With several containers changed: each one, its new image and its stable one. */
  images?: ImageChange[]
  /** A template release: where its pod template comes from (`manifest <file>`, `template-patch`). */
  templateSource?: string
  /** A template release (`manifest`, `template-patch`): how its pod template differs from the stable one. */
  changes?: TemplateChange[]
  /** The versioned copies of the ConfigMaps and Secrets the release brings. */
  configs?: RecordedConfig[]
  strategy: 'canary' | 'blue-green'
  method: string
  weight: number
  effectiveWeight?: number
  abortedReason?: string
  notes: string[]
  history: WeightPoint[]
  measurements: Measurement[]
  restored: string[]
}

/** The report before anything is done: aborted at weight 0 until a mode says otherwise. */
export function newReport(inputs: CanaryDeployInputs, namespace: string, found: CanaryState | undefined): Report {
  return {
    result: 'aborted',
    deployment: inputs.deployment,
    namespace,
    image: inputs.image || found?.image || '',
    strategy: inputs.strategy,
    method: inputs.strategy === 'blue-green' ? 'service selector' : inputs.traffic,
    weight: 0,
    notes: [],
    history: [],
    measurements: [],
    restored: []
  }
}
