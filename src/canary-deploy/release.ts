/**
 * What a new canary releases, planned after the stable Deployment is read and before any write: the containers'
 * new images (`image`), or the whole pod template (`manifest`, `template-patch`, with `image` set over it) as the API
 * server merges, defaults and validates it in a dry run, with the versioned copies of the ConfigMaps and Secrets the
 * manifest brings and the differences from the stable template.
 */
import type * as k8s from '@kubernetes/client-node'
import { UserError } from '../lib/action/errors.js'
import { kubeErrorMessage, statusCode } from '../lib/kube/index.js'
import type { Cluster } from './cluster.js'
import { versionConfigs, type PlannedCopy, type RecordedConfig } from './config-copies.js'
import { surveyCopies } from './config-store.js'
import { nothingChanges, planImageChanges, withImages, type ImageChange } from './images.js'
import type { CanaryDeployInputs } from './inputs.js'
import { imageChanges } from './stable.js'
import { imageChangesOf, templateChanges, type TemplateChange } from './template-diff.js'

export interface Release {
  /** The containers whose image changes (report and state), with the stable image. */
  images: ImageChange[]
  /** The whole pod template the canary runs and the promotion writes; undefined for an image-only release. */
  template?: k8s.V1PodTemplateSpec
  /** The manifest's ConfigMaps and Secrets the template refers to, by their versioned names, and their content. */
  copies: PlannedCopy[]
  configs: RecordedConfig[]
  /** The differences from the stable template (template releases). */
  changes: TemplateChange[]
  /** Objects of the manifest that canary-deploy does not apply. */
  ignored: string[]
  /** The stable Deployment already runs this. */
  unchanged: boolean
}

export async function planRelease(inputs: CanaryDeployInputs, cluster: Cluster, stable: k8s.V1Deployment, owner: string): Promise<Release> {
  if (!inputs.manifest && !inputs.templatePatch) {
    const images = imageChanges(stable, inputs.images)
    return { images, copies: [], configs: [], changes: [], ignored: [], unchanged: nothingChanges(images) }
  }
  const input = inputs.manifest ? 'manifest' : 'template-patch'
  const given = inputs.manifest ? inputs.manifest.file : 'the patch'
  let copies: PlannedCopy[] = []
  let merged: k8s.V1PodTemplateSpec
  const name = inputs.deployment
  try {
    if (inputs.manifest) {
      const manifest = inputs.manifest.content
      const elsewhere = manifest.namespaces.filter((ns) => ns !== cluster.namespace)
      if (elsewhere.length > 0) throw new UserError(`Input 'manifest': got ${given}, whose objects are for namespace ${elsewhere.join(', ')}; expected objects of namespace ${cluster.namespace} (where Deployment ${name} is) or of none.`)
      const versioned = versionConfigs(manifest.template as k8s.V1PodTemplateSpec, manifest.configs)
      copies = versioned.copies
      merged = await cluster.dryRunTemplate(name, [{ op: 'replace', path: '/spec/template', value: versioned.template }], 'json')
    } else {
      merged = await cluster.dryRunTemplate(name, { spec: { template: inputs.templatePatch } }, 'strategic')
    }
  } catch (error) {
    const code = statusCode(error)
    if (code === 422 || code === 400) throw new UserError(`Input '${input}': the API server refuses the pod template it makes for Deployment ${name}: ${kubeErrorMessage(error)}`)
    throw error
  }
  let template = merged
  if (inputs.images.length > 0) {
    const planned = planImageChanges(template.spec, inputs.images, name)
    if (!planned.ok) throw new UserError(planned.problem)
    template = { ...template, spec: withImages(template.spec!, planned.changes).spec }
  }
  const changes = templateChanges(stable.spec!.template, template)
  const configs = await surveyCopies(cluster, copies, owner, input)
  const ignored = inputs.manifest ? [...inputs.manifest.content.others, ...inputs.manifest.content.configs.filter((c) => !copies.some((p) => p.kind === c.kind && p.name === c.name)).map((c) => `${c.kind} ${c.name}`)] : []
  return { images: imageChangesOf(stable.spec!.template, template), template, copies, configs, changes, ignored, unchanged: changes.length === 0 }
}
