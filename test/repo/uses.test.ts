/**
 * Every place a workflow or starter workflow uses this repository's actions or reusable workflows names one that
 * exists and passes only what it declares, including everything it requires.
 */
import { describe, expect, it } from '@jest/globals'
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parse } from 'yaml'
import { ROOT } from '../../local/harness.js'
// @ts-expect-error plain JavaScript module without type declarations
import { setSlug, slugsInUse } from '../../scripts/set-slug.mjs'

/** The repository this bundle is released from, as the workflows spell it (scripts/set-slug.mjs changes it). */
export const SLUG = slugsInUse(ROOT)[0] ?? 'pipeline-actions/pipeline-actions'
const SLUG_PATTERN = SLUG.replace(/[.]/g, '\\.')

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
    const action = new RegExp(`^${SLUG_PATTERN}/actions/([a-z-]+)@v\\d+$`).exec(use.ref) ?? (use.callable ? null : /^\.\/actions\/([a-z-]+)$/.exec(use.ref))
    const workflow = new RegExp(`^${SLUG_PATTERN}/\\.github/workflows/([a-z-]+\\.yml)@v\\d+$`).exec(use.ref)
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

/**
 * The chain as a new user copies it: the workflows, the starter workflows and the README's YAML examples, each job
 * checked for what GitHub would not tell before a run (or would only fail at it).
 */
interface Job {
  where: string
  job: any
  /** The workflow around the job (its top-level permissions), empty for a README fragment without `jobs:`. */
  workflow: any
  /** A README example that shows only steps: it has no job to declare needs or permissions in. */
  stepsOnly?: boolean
}

function readmeJobs(): Job[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
  const jobs: Job[] = []
  for (const match of readme.matchAll(/```ya?ml\n([\s\S]*?)```/g)) {
    let doc: any
    try {
      doc = parse(match[1]!)
    } catch {
      continue
    }
    const line = readme.slice(0, match.index).split('\n').length
    if (Array.isArray(doc)) jobs.push({ where: `README.md:${line} (steps)`, job: { steps: doc }, workflow: {}, stepsOnly: true })
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) continue
    for (const [id, job] of Object.entries<any>(doc.jobs ?? doc)) {
      if (job !== null && typeof job === 'object' && ('runs-on' in job || 'uses' in job || 'steps' in job)) jobs.push({ where: `README.md:${line} jobs.${id}`, job, workflow: doc.jobs ? doc : {} })
    }
  }
  return jobs
}

const workflowJobs: Job[] = workflowFiles.flatMap((file) => {
  const doc = load(file)
  return Object.entries<any>(doc.jobs ?? {}).map(([id, job]) => ({ where: `${path.relative(ROOT, file)} jobs.${id}`, job, workflow: doc }))
})
const readmeJobList = readmeJobs()
const allJobs = [...workflowJobs, ...readmeJobList]
const stepsOf = (job: any): any[] => (Array.isArray(job.steps) ? job.steps : [])
const calls = (job: any, workflow: string): boolean => typeof job.uses === 'string' && job.uses.startsWith(`${SLUG}/.github/workflows/${workflow}@`)
const usesAction = (step: any, action: string): boolean => typeof step?.uses === 'string' && new RegExp(`/actions/${action}@`).test(step.uses)

describe('the chain, as the workflows, starters and README examples wire it', () => {
  it('finds the README examples (the checks below have them to check)', () => {
    expect(readmeJobList.map((j) => j.where.replace(/:\d+/, ''))).toEqual(expect.arrayContaining(['README.md jobs.build', 'README.md jobs.production', 'README.md jobs.pipeline']))
  })

  it('every job that reads needs.<job> declares needs: <job>', () => {
    const problems = allJobs.filter((j) => !j.stepsOnly).flatMap(({ where, job }) => {
      const needs = [job.needs ?? []].flat()
      const read = [...new Set([...JSON.stringify(job).matchAll(/needs\.([A-Za-z0-9_-]+)/g)].map((m) => m[1]!))]
      return read.filter((name) => !needs.includes(name)).map((name) => `${where} reads needs.${name} without needs: ${name}`)
    })
    expect(problems).toEqual([])
  })

  it('every job that sets GitHub Deployment statuses (health-rollback with environment or deployment-id, reusable-deploy, pipeline.yml) has deployments: write', () => {
    const problems = allJobs.flatMap(({ where, job, workflow }) => {
      const needsDeployments =
        calls(job, 'reusable-deploy.yml') || calls(job, 'pipeline.yml') || stepsOf(job).some((step) => usesAction(step, 'health-rollback') && (step.with?.environment || step.with?.['deployment-id']))
      const granted = (job.permissions ?? workflow.permissions)?.deployments
      return needsDeployments && granted !== 'write' ? [`${where}: deployments is ${granted ?? 'not granted'}`] : []
    })
    expect(problems).toEqual([])
  })

  it('no job on a GitHub-hosted runner queries a Prometheus by an in-cluster name it cannot resolve', () => {
    const inCluster = (url: string): boolean => {
      const host = /^https?:\/\/([^/:]+)/.exec(url)?.[1] ?? ''
      if (host === '' || host === 'localhost' || /^[\d.]+$/.test(host)) return false
      return !host.includes('.') || /\.(svc|local|internal|monitoring)$/.test(host)
    }
    const problems = allJobs.flatMap(({ where, job }) => {
      const withs = [job.with ?? {}, ...stepsOf(job).map((step) => step.with ?? {})]
      const urls = withs.map((w) => w['prometheus-url']).filter((u): u is string => typeof u === 'string' && !u.includes('${{'))
      // A called deploy workflow runs on its runs-on input (default ubuntu-latest); a job on its own runs-on.
      const runner = String(job['runs-on'] ?? job.with?.['runs-on'] ?? job.with?.['deploy-runs-on'] ?? 'ubuntu-latest')
      const githubHosted = /^(ubuntu|windows|macos)-/.test(runner)
      return githubHosted ? urls.filter(inCluster).map((url) => `${where} runs on ${runner} and queries ${url}`) : []
    })
    expect(problems).toEqual([])
  })

  it('every secret a reusable workflow declares can be passed by secrets: inherit (GitHub secret names have no hyphen)', () => {
    const problems = workflowFiles.flatMap((file) =>
      Object.keys(load(file).on?.workflow_call?.secrets ?? {})
        .filter((name) => !/^[A-Z_][A-Z0-9_]*$/.test(name) || name.startsWith('GITHUB_'))
        .map((name) => `${path.basename(file)}: secret '${name}'`)
    )
    expect(problems).toEqual([])
  })

  /** The environments the jobs of `file` run in, called workflows included, with `inputs` given by the caller. */
  function environments(file: string, given: Record<string, unknown> = {}): string[] {
    const doc = load(file)
    const declared: Record<string, { default?: unknown }> = doc.on?.workflow_call?.inputs ?? {}
    const inputs: Record<string, unknown> = { ...Object.fromEntries(Object.entries(declared).map(([k, v]) => [k, v.default ?? ''])), ...given }
    const resolve = (value: unknown): string | undefined => {
      const text = String(value ?? '').replace(/\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}/g, (_, name: string) => String(inputs[name] ?? ''))
      return text.includes('${{') ? undefined : text
    }
    return Object.values<any>(doc.jobs ?? {}).flatMap((job) => {
      const called = typeof job.uses === 'string' ? new RegExp(`^${SLUG_PATTERN}/\\.github/workflows/([a-z-]+\\.yml)@`).exec(job.uses) : null
      if (called) {
        const passed = Object.fromEntries(Object.entries<unknown>(job.with ?? {}).map(([k, v]) => [k, resolve(v) ?? '${{ unknown }}']))
        return environments(path.join(ROOT, '.github/workflows', called[1]!), passed)
      }
      const name = resolve(typeof job.environment === 'object' && job.environment !== null ? job.environment.name : job.environment)
      return name ? [name] : []
    })
  }

  it.each(workflowFiles.map((f) => [path.relative(ROOT, f), f]))('%s: each environment guards one job of the chain (its reviewers are asked once)', (_name, file) => {
    const counts = new Map<string, number>()
    for (const name of environments(file)) counts.set(name, (counts.get(name) ?? 0) + 1)
    expect([...counts].filter(([, n]) => n > 1)).toEqual([])
  })

  it('release tags come from promotion only: where a workflow promotes, its build gives no semver or latest tags, and a build stage called on its own gives none by default', () => {
    const rules = (value: unknown): string[] => String(value ?? '').split('\n').map((l) => l.trim()).filter(Boolean)
    const buildDefault = rules(load(path.join(ROOT, '.github/workflows/reusable-build-push.yml')).on.workflow_call.inputs.tags.default)
    expect(buildDefault.filter((r) => r === 'semver' || r === 'latest')).toEqual([])
    const problems = workflowFiles.flatMap((file) => {
      const jobs = Object.values<any>(load(file).jobs ?? {})
      const promotes = jobs.some((job) => calls(job, 'reusable-promote.yml') || stepsOf(job).some((step) => usesAction(step, 'promote-artifact')))
      if (!promotes) return []
      const buildRules = jobs.flatMap((job) => [
        ...(calls(job, 'reusable-build-push.yml') ? (job.with?.tags !== undefined ? rules(job.with.tags) : buildDefault) : []),
        ...stepsOf(job).filter((step) => usesAction(step, 'build-push')).flatMap((step) => (step.with?.tags !== undefined ? rules(step.with.tags) : ['semver']))
      ])
      return buildRules.filter((r) => r === 'semver' || r === 'latest').map((r) => `${path.basename(file)} builds with '${r}' before its promotion`)
    })
    expect(problems).toEqual([])
  })

  it('the starters that deploy a canary wire the error-rate and latency-p99 analysis and mark what must be filled in', () => {
    const dir = path.join(ROOT, '.github/workflow-templates')
    const problems = readdirSync(dir)
      .filter((f) => f.endsWith('.yml'))
      .flatMap((f) => {
        const text = readFileSync(path.join(dir, f), 'utf8')
        return Object.values<any>(parse(text).jobs ?? {}).flatMap((job) => {
          const canarySteps = String(job.with?.steps ?? '5:2m, 25:5m, 50:5m, 100').split(/[,\n]/).some((step) => parseInt(step, 10) < 100)
          const metrics = calls(job, 'pipeline.yml') ? job.with?.['canary-metrics'] : calls(job, 'reusable-deploy.yml') && canarySteps ? job.with?.metrics : null
          if (metrics === null) return []
          const names = String(metrics ?? '').split('\n').map((l) => l.trim().split(':')[0])
          const missing = ['error-rate', 'latency-p99'].filter((n) => !names.includes(n)).map((n) => `${f}: no ${n}`)
          const url = job.with?.['prometheus-url']
          if (!url) missing.push(`${f}: no prometheus-url`)
          else if (!/#\s*FILL IN[^\n]*\n(\s*#[^\n]*\n)*\s*prometheus-url:/.test(text)) missing.push(`${f}: prometheus-url is not marked FILL IN`)
          return missing
        })
      })
    expect(problems).toEqual([])
  })
})

describe('the repository slug', () => {
  it('is one owner/repo in every workflow and starter workflow, and scripts/set-slug.mjs changes it everywhere in one step', () => {
    expect(slugsInUse(ROOT)).toEqual([SLUG])
    const copy = mkdtempSync(path.join(tmpdir(), 'slug-'))
    cpSync(path.join(ROOT, '.github'), path.join(copy, '.github'), { recursive: true })
    const changed = setSlug(copy, 'acme/delivery')
    expect(changed.length).toBeGreaterThanOrEqual(9)
    expect(slugsInUse(copy)).toEqual(['acme/delivery'])
    const left = ['.github/workflows', '.github/workflow-templates'].flatMap((dir) =>
      readdirSync(path.join(copy, dir)).filter((f) => readFileSync(path.join(copy, dir, f), 'utf8').includes(`${SLUG}/`)).map((f) => `${dir}/${f}`)
    )
    expect(left).toEqual([])
    expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain('node scripts/set-slug.mjs')
  })
})
