/** Every action.yml is valid by GitHub's own schema and runs a bundle that exists, on node24. */
import { describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parse } from 'yaml'
import { parseAction } from '@actions/workflow-parser/actions/action-parser'
import { NoOperationTraceWriter } from '@actions/workflow-parser'
import { ROOT } from '../../local/harness.js'

const actions = readdirSync(path.join(ROOT, 'actions')).filter((name) => existsSync(path.join(ROOT, 'actions', name, 'action.yml')))

function schemaErrors(file: string): string[] {
  const content = readFileSync(file, 'utf8')
  const result = parseAction({ name: file, content }, new NoOperationTraceWriter())
  return result.context.errors.getErrors().map((error) => error.message)
}

describe.each(actions)('actions/%s/action.yml', (name) => {
  const file = path.join(ROOT, 'actions', name, 'action.yml')
  const metadata = parse(readFileSync(file, 'utf8')) as {
    name: string
    description: string
    author?: string
    branding?: { icon: string; color: string }
    inputs?: Record<string, { description?: string; default?: unknown; required?: boolean }>
    outputs?: Record<string, { description?: string }>
    runs: { using: string; main: string; post?: string }
  }

  it("passes GitHub's action schema", () => {
    expect(schemaErrors(file)).toEqual([])
  })

  it('runs its own committed bundle on node24', () => {
    expect(metadata.runs.using).toBe('node24')
    expect(metadata.runs.main).toBe(`../../dist/${name}/index.js`)
    expect(existsSync(path.resolve(path.dirname(file), metadata.runs.main))).toBe(true)
    if (metadata.runs.post) expect(metadata.runs.post).toBe(metadata.runs.main)
  })

  it('documents every input and output, with kebab-case names and string defaults', () => {
    expect(metadata.author).toBeTruthy()
    expect(metadata.branding).toBeDefined()
    for (const [input, spec] of Object.entries(metadata.inputs ?? {})) {
      expect(input).toMatch(/^[a-z][a-z0-9-]*$/)
      expect(spec.description?.length ?? 0).toBeGreaterThan(10)
      if (spec.default !== undefined) expect(typeof spec.default).toBe('string')
    }
    for (const [output, spec] of Object.entries(metadata.outputs ?? {})) {
      expect(output).toMatch(/^[a-z][a-z0-9-]*$/)
      expect(spec.description?.length ?? 0).toBeGreaterThan(10)
    }
  })
})

describe('github-token', () => {
  const declaring = actions.filter((name) => 'github-token' in ((parse(readFileSync(path.join(ROOT, 'actions', name, 'action.yml'), 'utf8')) as { inputs?: object }).inputs ?? {}))

  it('is declared by the actions that call GitHub (the pull-request comment, Deployment statuses)', () => {
    expect(declaring.sort()).toEqual(expect.arrayContaining(['health-rollback', 'quality-gate']))
  })

  it.each(declaring)("defaults to the job's token in %s, so a workflow passes it only to use another", (name) => {
    const metadata = parse(readFileSync(path.join(ROOT, 'actions', name, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> }
    expect(metadata.inputs['github-token']!.default).toBe('${{ github.token }}')
  })
})

describe('the schema check itself', () => {
  it('rejects an action that GitHub would reject', () => {
    const bad = path.join(mkdtempSync(path.join(tmpdir(), 'action-')), 'action.yml')
    writeFileSync(bad, "name: x\ndescription: y\nbranding:\n  icon: not-an-icon\nruns:\n  using: node26\n  main: index.js\n")
    expect(schemaErrors(bad).join('\n')).toMatch(/not-an-icon|node26/)
  })
})

describe('root action.yml (the Marketplace listing)', () => {
  it("is quality-gate with paths from the repository root, and passes GitHub's schema", () => {
    const file = path.join(ROOT, 'action.yml')
    const root = parse(readFileSync(file, 'utf8')) as { name: string; runs: { main: string; post?: string } }
    const flagship = parse(readFileSync(path.join(ROOT, 'actions/quality-gate/action.yml'), 'utf8')) as { name: string }
    expect(root.name).toBe(flagship.name)
    expect(root.runs.main).toBe('dist/quality-gate/index.js')
    expect(existsSync(path.join(ROOT, root.runs.main))).toBe(true)
    expect(schemaErrors(file)).toEqual([])
  })
})
