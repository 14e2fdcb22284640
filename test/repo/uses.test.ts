/**
 * Every place a workflow or starter workflow uses this repository's actions or reusable workflows names one that
 * exists and passes only what it declares, including everything it requires.
 */
import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { ROOT } from '../../local/harness.js'

export const SLUG = 'pipeline-actions/pipeline-actions'

interface Declared {
  inputs: Record<string, { required?: boolean; default?: unknown }>
  secrets: Record<string, { required?: boolean }>
}

const workflowFiles = ['.github/workflows', '.github/workflow-templates']
  .map((dir) => path.join(ROOT, dir))
  .filter((dir) => existsSync(dir))
  .flatMap((dir) => readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(dir, f)))

function load(file: string): any {
  return parse(readFileSync(file, 'utf8'))
}

function declaredByAction(name: string): Declared | undefined {
  const file = path.join(ROOT, 'actions', name, 'action.yml')
  return existsSync(file) ? { inputs: load(file).inputs ?? {}, secrets: {} } : undefined
}

function declaredByWorkflow(name: string): Declared | undefined {
  const file = path.join(ROOT, '.github/workflows', name)
  if (!existsSync(file)) return undefined
  const call = load(file).on?.workflow_call ?? {}
  return { inputs: call.inputs ?? {}, secrets: call.secrets ?? {} }
}

interface Use {
  where: string
  /** A reusable workflow or a starter workflow: it runs in other repositories, where ./ means theirs. */
  callable: boolean
  ref: string
  with: Record<string, unknown>
  secrets: Record<string, unknown> | 'inherit'
}

function usesIn(file: string): Use[] {
  const found: Use[] = []
  const doc = load(file)
  const callable = file.includes(`${path.sep}workflow-templates${path.sep}`) || (typeof doc.on === 'object' && doc.on !== null && 'workflow_call' in doc.on)
  for (const [jobId, job] of Object.entries<any>(doc.jobs ?? {})) {
    if (typeof job.uses === 'string') found.push({ where: `${path.basename(file)} jobs.${jobId}`, callable, ref: job.uses, with: job.with ?? {}, secrets: job.secrets ?? {} })
    for (const [i, step] of (job.steps ?? []).entries()) {
      if (typeof step.uses === 'string') found.push({ where: `${path.basename(file)} jobs.${jobId}.steps[${i}]`, callable, ref: step.uses, with: step.with ?? {}, secrets: {} })
    }
  }
  return found
}

const ours = workflowFiles.flatMap(usesIn).filter((u) => u.ref.startsWith(`${SLUG}/`) || u.ref.startsWith('./'))

describe("uses of this repository's actions and workflows", () => {
  it('are found (the check has something to check)', () => {
    expect(ours.length).toBeGreaterThan(5)
  })

  it.each(ours.map((u) => [u.where, u] as const))('%s', (_where, use) => {
    // This repository's own CI (e.g. the e2e workflows) tests the checked-out code: there ./actions/<name> is right.
    const action = /^pipeline-actions\/pipeline-actions\/actions\/([a-z-]+)@v\d+$/.exec(use.ref) ?? (use.callable ? null : /^\.\/actions\/([a-z-]+)$/.exec(use.ref))
    const workflow = /^pipeline-actions\/pipeline-actions\/\.github\/workflows\/([a-z-]+\.yml)@v\d+$/.exec(use.ref)
    if (use.ref.startsWith('./') && use.callable) throw new Error(`${use.where}: a ./ reference resolves in the caller's repository; use ${SLUG}/...@v1`)
    const declared = action ? declaredByAction(action[1]!) : workflow ? declaredByWorkflow(workflow[1]!) : undefined
    expect([use.ref, declared !== undefined]).toEqual([use.ref, true])
    const unknownInputs = Object.keys(use.with).filter((key) => !(key in declared!.inputs))
    expect([use.where, unknownInputs]).toEqual([use.where, []])
    const missingInputs = Object.entries(declared!.inputs).filter(([key, spec]) => spec.required && spec.default === undefined && !(key in use.with)).map(([key]) => key)
    expect([use.where, missingInputs]).toEqual([use.where, []])
    if (workflow && use.secrets !== 'inherit') {
      const unknownSecrets = Object.keys(use.secrets).filter((key) => !(key in declared!.secrets))
      const missingSecrets = Object.entries(declared!.secrets).filter(([key, spec]) => spec.required && !(key in (use.secrets as object))).map(([key]) => key)
      expect([use.where, unknownSecrets, missingSecrets]).toEqual([use.where, [], []])
    }
  })
})

describe('starter workflows', () => {
  const dir = path.join(ROOT, '.github/workflow-templates')
  const templates = readdirSync(dir).filter((f) => f.endsWith('.yml'))

  it('are at least the four the organisation needs', () => {
    expect(templates.sort()).toEqual(expect.arrayContaining(['container-build-push.yml', 'full-pipeline.yml', 'kubernetes-canary.yml', 'node-ci-gate.yml']))
  })

  it.each(templates)('%s has a complete .properties.json', (file) => {
    const properties = JSON.parse(readFileSync(path.join(dir, file.replace(/\.yml$/, '.properties.json')), 'utf8'))
    expect(Object.keys(properties).sort()).toEqual(['categories', 'description', 'filePatterns', 'iconName', 'name'])
    expect(properties.categories.length).toBeGreaterThan(0)
    for (const pattern of properties.filePatterns) expect(() => new RegExp(pattern)).not.toThrow()
    expect(properties.iconName).toMatch(/^(octicon [a-z-]+|[a-z-]+)$/)
  })
})
