/**
 * What a release changes in the pod template, for the job summary and the report: per container its image,
 * environment variable names (never their values), resources, probes, ports, command, mounts; the volumes; any other
 * pod setting; and which containers' images change (the ImageChange list the rest of canary-deploy reports). Pure.
 */
import type * as k8s from '@kubernetes/client-node'
import type { ImageChange } from './images.js'

/** One difference: what it is about (`container app`, `volumes`, `pod`) and what changed. */
export interface TemplateChange {
  subject: string
  change: string
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

const listed = (names: string[]): string => names.map((n) => `\`${n}\``).join(', ')

/** Names added, removed and changed between two lists of named items. */
function namedChanges<T extends { name: string }>(before: T[] | undefined, after: T[] | undefined, noun: string): string[] {
  const b = new Map((before ?? []).map((item) => [item.name, item]))
  const a = new Map((after ?? []).map((item) => [item.name, item]))
  const added = [...a.keys()].filter((n) => !b.has(n))
  const removed = [...b.keys()].filter((n) => !a.has(n))
  const changed = [...a.keys()].filter((n) => b.has(n) && !same(b.get(n), a.get(n)))
  return [
    ...(added.length > 0 ? [`${noun} added: ${listed(added)}`] : []),
    ...(removed.length > 0 ? [`${noun} removed: ${listed(removed)}`] : []),
    ...(changed.length > 0 ? [`${noun} changed: ${listed(changed)}`] : [])
  ]
}

function resources(r: k8s.V1ResourceRequirements | undefined): string {
  const part = (label: string, values: Record<string, string> | undefined) =>
    values && Object.keys(values).length > 0 ? `${label} ${Object.entries(values).map(([k, v]) => `${k}=${v}`).join(' ')}` : ''
  return [part('requests', r?.requests as Record<string, string> | undefined), part('limits', r?.limits as Record<string, string> | undefined)].filter(Boolean).join(', ') || 'none'
}

function containerChanges(before: k8s.V1Container, after: k8s.V1Container): string[] {
  const changes: string[] = []
  if (before.image !== after.image) changes.push(`image ${before.image} → ${after.image}`)
  changes.push(...namedChanges(before.env, after.env, 'env'))
  if (!same(before.envFrom, after.envFrom)) changes.push(`envFrom: ${envFromText(after.envFrom)} (was ${envFromText(before.envFrom)})`)
  if (!same(before.resources, after.resources)) changes.push(`resources: ${resources(after.resources)} (was ${resources(before.resources)})`)
  for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe'] as const) {
    if (!same(before[probe], after[probe])) changes.push(`${probe} ${before[probe] ? (after[probe] ? 'changed' : 'removed') : 'added'}`)
  }
  for (const key of ['command', 'args'] as const) if (!same(before[key], after[key])) changes.push(`${key} changed`)
  changes.push(...namedChanges(before.ports?.map((p) => ({ ...p, name: p.name ?? String(p.containerPort) })), after.ports?.map((p) => ({ ...p, name: p.name ?? String(p.containerPort) })), 'ports'))
  changes.push(...namedChanges(before.volumeMounts?.map((m) => ({ ...m, name: `${m.name}:${m.mountPath}` })), after.volumeMounts?.map((m) => ({ ...m, name: `${m.name}:${m.mountPath}` })), 'mounts'))
  const covered = new Set(['name', 'image', 'env', 'envFrom', 'resources', 'readinessProbe', 'livenessProbe', 'startupProbe', 'command', 'args', 'ports', 'volumeMounts'])
  const other = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !covered.has(k) && !same(before[k as keyof k8s.V1Container], after[k as keyof k8s.V1Container]))
  if (other.length > 0) changes.push(`${listed(other)} changed`)
  return changes
}

function envFromText(from: k8s.V1EnvFromSource[] | undefined): string {
  const names = (from ?? []).map((f) => (f.configMapRef ? `ConfigMap ${f.configMapRef.name}` : f.secretRef ? `Secret ${f.secretRef.name}` : '?'))
  return names.join(', ') || 'none'
}

function volumeText(volume: k8s.V1Volume): string {
  if (volume.configMap) return `\`${volume.name}\` (ConfigMap ${volume.configMap.name})`
  if (volume.secret) return `\`${volume.name}\` (Secret ${volume.secret.secretName})`
  return `\`${volume.name}\``
}

/** Every difference between the stable pod template and the release's, in the order a reader checks them. */
export function templateChanges(before: k8s.V1PodTemplateSpec, after: k8s.V1PodTemplateSpec): TemplateChange[] {
  const rows: TemplateChange[] = []
  const b = before.spec ?? { containers: [] }
  const a = after.spec ?? { containers: [] }
  for (const [kind, bList, aList] of [['container', b.containers, a.containers], ['init container', b.initContainers ?? [], a.initContainers ?? []]] as const) {
    for (const container of aList) {
      const old = bList.find((c) => c.name === container.name)
      if (!old) rows.push({ subject: `${kind} \`${container.name}\``, change: `added (${container.image})` })
      else for (const change of containerChanges(old, container)) rows.push({ subject: `${kind} \`${container.name}\``, change })
    }
    for (const container of bList.filter((c) => !aList.some((x) => x.name === c.name))) rows.push({ subject: `${kind} \`${container.name}\``, change: 'removed' })
  }
  const bVolumes = new Map((b.volumes ?? []).map((v) => [v.name, v]))
  const aVolumes = new Map((a.volumes ?? []).map((v) => [v.name, v]))
  for (const [name, volume] of aVolumes) {
    const old = bVolumes.get(name)
    if (!old) rows.push({ subject: 'volumes', change: `added ${volumeText(volume)}` })
    else if (!same(old, volume)) rows.push({ subject: 'volumes', change: `changed ${volumeText(old)} → ${volumeText(volume)}` })
  }
  for (const [name, volume] of bVolumes) if (!aVolumes.has(name)) rows.push({ subject: 'volumes', change: `removed ${volumeText(volume)}` })
  const covered = new Set(['containers', 'initContainers', 'volumes'])
  const podFields = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !covered.has(k) && !same(b[k as keyof k8s.V1PodSpec], a[k as keyof k8s.V1PodSpec]))
  if (podFields.length > 0) rows.push({ subject: 'pod', change: `${listed(podFields)} changed` })
  for (const key of ['labels', 'annotations'] as const) {
    const changed = namedChanges(mapEntries(before.metadata?.[key]), mapEntries(after.metadata?.[key]), key)
    for (const change of changed) rows.push({ subject: 'pod metadata', change })
  }
  return rows
}

const mapEntries = (map: Record<string, string> | undefined) => Object.entries(map ?? {}).map(([name, value]) => ({ name, value }))

/**
 * The containers whose image the release changes (or adds), with the stable image ('' for a container stable does
 * not have); every container when no image changes, so a report always names what runs.
 */
export function imageChangesOf(before: k8s.V1PodTemplateSpec, after: k8s.V1PodTemplateSpec): ImageChange[] {
  const all = (t: k8s.V1PodTemplateSpec) => [...(t.spec?.containers ?? []), ...(t.spec?.initContainers ?? [])]
  const previous = (name: string) => all(before).find((c) => c.name === name)?.image ?? ''
  const images = all(after).map((c) => ({ container: c.name, image: c.image ?? '', previousImage: previous(c.name) }))
  const changed = images.filter((i) => i.image !== i.previousImage)
  return changed.length > 0 ? changed : images.filter((i) => (after.spec?.containers ?? []).some((c) => c.name === i.container))
}
