/**
 * The API server's defaulting and the validation rules the actions can trip over. Defaults matter for fidelity:
 * a Deployment read back carries them, and `rollout undo` compares pod templates that include them.
 * Sources: k8s.io/kubernetes/pkg/apis/apps/v1/defaults.go, pkg/apis/core/v1/defaults.go, apps validation.
 */
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
  if (kind === 'Deployment' || kind === 'ReplicaSet') {
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

const isZero = (value: unknown): boolean => value === 0 || value === '0%'
