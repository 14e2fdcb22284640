/**
 * The API server's defaulting and the validation rules the actions can trip over. Defaults matter for fidelity:
 * a Deployment read back carries them, and `rollout undo` compares pod templates that include them.
 * Sources: k8s.io/kubernetes/pkg/apis/apps/v1/defaults.go, pkg/apis/core/v1/defaults.go, apps validation.
 */
import { canonicalJson } from './canonical.js'
import { labelSelectorMatcher } from './selectors.js'
import type { KObject, Loose } from './types.js'

function defaultPodSpec(spec: Loose): void {
  if (!spec) return
  spec.restartPolicy ??= 'Always'
  spec.terminationGracePeriodSeconds ??= 30
  spec.dnsPolicy ??= 'ClusterFirst'
  spec.schedulerName ??= 'default-scheduler'
  spec.securityContext ??= {}
  for (const container of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const image = String(container.image ?? '')
    const tag = /:([^/:@]+)$/.exec(image)?.[1]
    container.imagePullPolicy ??= tag === undefined || tag === 'latest' ? (image.includes('@') ? 'IfNotPresent' : 'Always') : 'IfNotPresent'
    container.terminationMessagePath ??= '/dev/termination-log'
    container.terminationMessagePolicy ??= 'File'
    container.resources ??= {}
    for (const port of container.ports ?? []) port.protocol ??= 'TCP'
  }
}

function defaultTemplate(spec: Loose): void {
  spec.template ??= {}
  spec.template.metadata ??= {}
  defaultPodSpec(spec.template.spec)
}

/** SetDefaults_StatefulSet: partition is defaulted only inside a rollingUpdate that exists or that the type's own
 * defaulting created (an explicit `type: RollingUpdate` without rollingUpdate stays without one). */
function defaultStatefulSet(spec: Loose): void {
  spec.podManagementPolicy ??= 'OrderedReady'
  spec.updateStrategy ??= {}
  if (!spec.updateStrategy.type) {
    spec.updateStrategy.type = 'RollingUpdate'
    spec.updateStrategy.rollingUpdate ??= {}
  }
  if (spec.updateStrategy.type === 'RollingUpdate' && spec.updateStrategy.rollingUpdate) spec.updateStrategy.rollingUpdate.partition ??= 0
  spec.persistentVolumeClaimRetentionPolicy ??= {}
  spec.persistentVolumeClaimRetentionPolicy.whenDeleted ??= 'Retain'
  spec.persistentVolumeClaimRetentionPolicy.whenScaled ??= 'Retain'
  spec.replicas ??= 1
  spec.revisionHistoryLimit ??= 10
  // Embedded PersistentVolumeClaims get the PVC defaults (SetDefaults_PersistentVolumeClaim and its spec).
  for (const claim of spec.volumeClaimTemplates ?? []) {
    claim.apiVersion ??= 'v1'
    claim.kind ??= 'PersistentVolumeClaim'
    claim.spec ??= {}
    claim.spec.volumeMode ??= 'Filesystem'
    claim.status ??= { phase: 'Pending' }
  }
  defaultTemplate(spec)
}

export const TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation'

/**
 * The DaemonSet registry strategy owns spec.templateGeneration, written in apps/v1 as the annotation
 * `deprecated.daemonset.template.generation`: 1 on create, the stored value on update, plus one when the template
 * changed (pkg/registry/apps/daemonset/strategy.go PrepareForCreate/PrepareForUpdate).
 */
export function applyTemplateGeneration(object: KObject, previous?: KObject): void {
  let generation = 1
  if (previous) {
    generation = Number(previous.metadata.annotations?.[TEMPLATE_GENERATION] ?? 1)
    if (canonicalJson(previous.spec?.template) !== canonicalJson(object.spec?.template)) generation += 1
  }
  object.metadata.annotations = { ...object.metadata.annotations, [TEMPLATE_GENERATION]: String(generation) }
}

export function applyDefaults(kind: string, object: KObject): void {
  const spec = object.spec
  switch (kind) {
    case 'Deployment': {
      if (!spec) return
      spec.replicas ??= 1
      spec.strategy ??= {}
      spec.strategy.type ??= 'RollingUpdate'
      if (spec.strategy.type === 'RollingUpdate') {
        spec.strategy.rollingUpdate ??= {}
        spec.strategy.rollingUpdate.maxUnavailable ??= '25%'
        spec.strategy.rollingUpdate.maxSurge ??= '25%'
      }
      spec.revisionHistoryLimit ??= 10
      spec.progressDeadlineSeconds ??= 600
      spec.template ??= {}
      spec.template.metadata ??= {}
      defaultPodSpec(spec.template.spec)
      return
    }
    case 'StatefulSet':
      if (!spec) return
      defaultStatefulSet(spec)
      return
    case 'DaemonSet':
      if (!spec) return
      spec.updateStrategy ??= {}
      spec.updateStrategy.type ??= 'RollingUpdate'
      if (spec.updateStrategy.type === 'RollingUpdate') {
        spec.updateStrategy.rollingUpdate ??= {}
        spec.updateStrategy.rollingUpdate.maxUnavailable ??= 1
        spec.updateStrategy.rollingUpdate.maxSurge ??= 0
      }
      spec.revisionHistoryLimit ??= 10
      defaultTemplate(spec)
      return
    case 'ReplicaSet':
      if (!spec) return
      spec.replicas ??= 1
      spec.template ??= {}
      spec.template.metadata ??= {}
      defaultPodSpec(spec.template.spec)
      return
    case 'Pod':
      defaultPodSpec(spec)
      object.status ??= { phase: 'Pending', qosClass: 'BestEffort' }
      return
    case 'Service':
      if (!spec) return
      spec.type ??= 'ClusterIP'
      spec.sessionAffinity ??= 'None'
      for (const port of spec.ports ?? []) {
        port.protocol ??= 'TCP'
        port.targetPort ??= port.port
      }
      return
    case 'Namespace':
      object.metadata.labels = { ...object.metadata.labels, 'kubernetes.io/metadata.name': object.metadata.name! }
      object.spec = { finalizers: ['kubernetes'], ...spec }
      object.status = { phase: 'Active' }
      return
  }
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/

export interface Cause {
  field: string
  message: string
}

function validateContainers(containers: Loose, field: string, causes: Cause[]): void {
  if (!Array.isArray(containers) || containers.length === 0) {
    causes.push({ field, message: 'Required value' })
    return
  }
  containers.forEach((container: Loose, index: number) => {
    if (!container?.name) causes.push({ field: `${field}[${index}].name`, message: 'Required value' })
    if (!container?.image) causes.push({ field: `${field}[${index}].image`, message: 'Required value' })
  })
}

/** Validation of a create or update; `previous` is the stored object for updates. */
export function validate(kind: string, object: KObject, previous?: KObject): Cause[] {
  const causes: Cause[] = []
  const name = object.metadata.name ?? ''
  if (!DNS_SUBDOMAIN.test(name) || name.length > 253) {
    causes.push({ field: 'metadata.name', message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'` })
  }
  if (kind === 'Deployment' || kind === 'ReplicaSet' || kind === 'StatefulSet' || kind === 'DaemonSet') {
    const spec = object.spec ?? {}
    const selector = spec.selector
    if (!selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0)) {
      causes.push({ field: 'spec.selector', message: 'Required value' })
    } else if (!labelSelectorMatcher(selector)(spec.template?.metadata?.labels ?? {})) {
      causes.push({ field: 'spec.template.metadata.labels', message: `Invalid value: ${JSON.stringify(spec.template?.metadata?.labels ?? {})}: \`selector\` does not match template \`labels\`` })
    }
    if (previous && JSON.stringify(previous.spec?.selector) !== JSON.stringify(selector)) {
      causes.push({ field: 'spec.selector', message: `Invalid value: ${JSON.stringify(selector)}: field is immutable` })
    }
    if (typeof spec.replicas === 'number' && spec.replicas < 0) causes.push({ field: 'spec.replicas', message: `Invalid value: ${spec.replicas}: must be greater than or equal to 0` })
    validateContainers(spec.template?.spec?.containers, 'spec.template.spec.containers', causes)
    if (kind === 'StatefulSet') validateStatefulSet(spec, previous, causes)
    if (kind === 'DaemonSet') validateDaemonSet(spec, causes)
    if (kind === 'Deployment' && spec.strategy?.type === 'RollingUpdate') {
      const { maxSurge, maxUnavailable } = spec.strategy.rollingUpdate ?? {}
      if (isZero(maxSurge) && isZero(maxUnavailable)) {
        causes.push({ field: 'spec.strategy.rollingUpdate.maxUnavailable', message: 'Invalid value: 0: may not be 0 when `maxSurge` is 0' })
      }
    }
  }
  if (kind === 'Pod') validateContainers(object.spec?.containers, 'spec.containers', causes)
  return causes
}

// The StatefulSet fields an update may change (ValidateStatefulSetUpdate).
const STATEFUL_SET_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']

function validateStatefulSet(spec: Loose, previous: KObject | undefined, causes: Cause[]): void {
  const strategy = spec.updateStrategy ?? {}
  if (strategy.type !== 'RollingUpdate' && strategy.type !== 'OnDelete') {
    causes.push({ field: 'spec.updateStrategy.type', message: `Unsupported value: "${strategy.type}": supported values: "OnDelete", "RollingUpdate"` })
  } else if (strategy.type === 'OnDelete' && strategy.rollingUpdate) {
    causes.push({ field: 'spec.updateStrategy.rollingUpdate', message: `Invalid value: ${JSON.stringify(strategy.rollingUpdate)}: only allowed for updateStrategy 'RollingUpdate'` })
  }
  const partition = strategy.rollingUpdate?.partition
  if (typeof partition === 'number' && partition < 0) causes.push({ field: 'spec.updateStrategy.rollingUpdate.partition', message: `Invalid value: ${partition}: must be greater than or equal to 0` })
  if (spec.podManagementPolicy !== 'OrderedReady' && spec.podManagementPolicy !== 'Parallel') {
    causes.push({ field: 'spec.podManagementPolicy', message: `Unsupported value: "${spec.podManagementPolicy}": supported values: "OrderedReady", "Parallel"` })
  }
  if (!previous) return
  const frozen = (s: Loose): string => canonicalJson(Object.fromEntries(Object.entries(s ?? {}).filter(([key]) => !STATEFUL_SET_MUTABLE.includes(key))))
  if (frozen(previous.spec) !== frozen(spec)) {
    causes.push({
      field: 'spec',
      message:
        "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
    })
  }
}

function validateDaemonSet(spec: Loose, causes: Cause[]): void {
  if (spec.updateStrategy?.type === 'RollingUpdate') {
    const { maxSurge, maxUnavailable } = spec.updateStrategy.rollingUpdate ?? {}
    if (isZero(maxSurge) && isZero(maxUnavailable)) {
      causes.push({ field: 'spec.updateStrategy.rollingUpdate.maxUnavailable', message: 'Invalid value: 0: may not be 0 when `maxSurge` is 0' })
    }
  }
}

const isZero = (value: unknown): boolean => value === 0 || value === '0%'
