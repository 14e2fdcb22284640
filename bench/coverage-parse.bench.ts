/**
 * The quality gate's coverage parsers on a monorepo-sized report: 100,000 source files as lcov and as Cobertura XML
 * (the same coverage in both), each parsed in a fresh process so its time and peak RSS are its own.
 * Targets: at most 2 s and 256 MB peak RSS per parse. The baseline, measured in the same run, is reading the same
 * file in the same chunks and counting its lines, in the same kind of process: the ratio is what parsing costs on
 * top of the I/O and the process itself.
 *
 * Run with `npm run bench coverage-parse` (the files are generated once into .tmp/bench/coverage/).
 */
import { spawnSync } from 'node:child_process'
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs'
import { open } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { coverageTotals, readCoverageFile } from '../src/quality-gate/coverage/index.js'
import { report } from './support/report.js'

const FILES = 100_000
const LINES_PER_FILE = 40
const FUNCTIONS_PER_FILE = 5
const BRANCH_LINES_PER_FILE = 4 // two branches each
const REPO = '/home/runner/work/monorepo/monorepo'

const root = path.resolve(import.meta.dirname, '..')
const dir = path.join(root, '.tmp/bench/coverage')
const self = fileURLToPath(import.meta.url)

interface Measured {
  ms: number
  cpuMs: number
  rssMb: number
  files: number
  lines: number
}

/** Deterministic hit counts: about 80% of lines ran. */
function* sourceFiles(): Generator<{ path: string; lines: [number, number][]; functions: [number, number][]; branches: [number, number, number][] }> {
  let seed = 12345
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed / 2147483648
  }
  for (let f = 0; f < FILES; f++) {
    const lines: [number, number][] = []
    for (let i = 0; i < LINES_PER_FILE; i++) lines.push([3 + i * 2, next() < 0.8 ? Math.floor(next() * 50) + 1 : 0])
    const functions: [number, number][] = []
    for (let i = 0; i < FUNCTIONS_PER_FILE; i++) functions.push([3 + i * 16, next() < 0.75 ? 1 + Math.floor(next() * 9) : 0])
    const branches: [number, number, number][] = []
    for (let i = 0; i < BRANCH_LINES_PER_FILE; i++) branches.push([5 + i * 20, next() < 0.7 ? 1 : 0, next() < 0.5 ? 2 : 0])
    yield { path: `${REPO}/packages/pkg-${Math.floor(f / 1000)}/src/module-${f % 1000}.ts`, lines, functions, branches }
  }
}

async function generateLcov(target: string): Promise<void> {
  const out = createWriteStream(target)
  let batch = ''
  for (const file of sourceFiles()) {
    batch += `TN:\nSF:${file.path}\n`
    file.functions.forEach(([line], i) => (batch += `FN:${line},fn${i}\n`))
    batch += `FNF:${file.functions.length}\nFNH:${file.functions.filter(([, hits]) => hits > 0).length}\n`
    file.functions.forEach(([, hits], i) => (batch += `FNDA:${hits},fn${i}\n`))
    for (const [line, hits] of file.lines) batch += `DA:${line},${hits}\n`
    batch += `LF:${file.lines.length}\nLH:${file.lines.filter(([, hits]) => hits > 0).length}\n`
    file.branches.forEach(([line, a, b], i) => (batch += `BRDA:${line},${i},0,${a}\nBRDA:${line},${i},1,${b}\n`))
    batch += `BRF:${file.branches.length * 2}\nBRH:0\nend_of_record\n`
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
      batch = ''
    }
  }
  await finish(out, batch)
}

async function generateCobertura(target: string): Promise<void> {
  const out = createWriteStream(target)
  let batch =
    '<?xml version="1.0" ?>\n<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">\n' +
    '<coverage lines-valid="0" lines-covered="0" line-rate="0" branches-valid="0" branches-covered="0" branch-rate="0" timestamp="0" complexity="0" version="0.1">\n' +
    `  <sources>\n    <source>${REPO}</source>\n  </sources>\n  <packages>\n    <package name="main" line-rate="0" branch-rate="0">\n      <classes>\n`
  for (const file of sourceFiles()) {
    const relative = file.path.slice(REPO.length + 1)
    batch += `        <class name="${path.basename(relative)}" filename="${relative}" line-rate="0" branch-rate="0">\n          <methods>\n`
    file.functions.forEach(([line, hits], i) => {
      batch += `            <method name="fn${i}" hits="${hits}" signature="()V">\n              <lines>\n                <line number="${line}" hits="${hits}"/>\n              </lines>\n            </method>\n`
    })
    batch += '          </methods>\n          <lines>\n'
    const branchByLine = new Map(file.branches.map(([line, a, b]) => [line, (a > 0 ? 1 : 0) + (b > 0 ? 1 : 0)]))
    for (const [line, hits] of file.lines) {
      const covered = branchByLine.get(line)
      batch +=
        covered === undefined
          ? `            <line number="${line}" hits="${hits}" branch="false"/>\n`
          : `            <line number="${line}" hits="${hits}" branch="true" condition-coverage="${covered * 50}% (${covered}/2)"/>\n`
    }
    batch += '          </lines>\n        </class>\n'
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
      batch = ''
    }
  }
  await finish(out, batch + '      </classes>\n    </package>\n  </packages>\n</coverage>\n')
}

async function finish(out: ReturnType<typeof createWriteStream>, rest: string): Promise<void> {
  await new Promise<void>((resolve, reject) => out.end(rest, () => resolve()).once('error', reject))
}

/** The baseline: the same bytes read in the same 1 MB chunks, lines counted. */
async function readAndCountLines(file: string): Promise<number> {
  const handle = await open(file, 'r')
  const buffer = Buffer.allocUnsafe(1024 * 1024)
  let lines = 0
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null)
      if (bytesRead === 0) return lines
      for (let at = buffer.indexOf(10, 0); at >= 0 && at < bytesRead; at = buffer.indexOf(10, at + 1)) lines++
    }
  } finally {
    await handle.close()
  }
}

async function child(mode: 'baseline' | 'parse', file: string): Promise<void> {
  const started = performance.now()
  const cpu = process.cpuUsage()
  let files = 0
  let lines: number
  if (mode === 'baseline') {
    lines = await readAndCountLines(file)
  } else {
    const parsed = await readCoverageFile(file, REPO)
    files = parsed.files.size
    lines = coverageTotals(parsed).lines.total
  }
  const ms = performance.now() - started
  const used = process.cpuUsage(cpu)
  const measured: Measured = { ms, cpuMs: (used.user + used.system) / 1000, rssMb: process.resourceUsage().maxRSS / 1024, files, lines }
  process.stdout.write(JSON.stringify(measured))
}

function run(mode: 'baseline' | 'parse', file: string): Measured {
  const result = spawnSync(process.execPath, ['--import', 'tsx', self, 'child', mode, file], { cwd: root, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${mode} ${file} failed: ${result.stderr}`)
  return JSON.parse(result.stdout) as Measured
}

async function main(): Promise<void> {
  mkdirSync(dir, { recursive: true })
  const lcov = path.join(dir, `lcov-${FILES}x${LINES_PER_FILE}.info`)
  const cobertura = path.join(dir, `cobertura-${FILES}x${LINES_PER_FILE}.xml`)
  if (!existsSync(lcov)) await generateLcov(lcov)
  if (!existsSync(cobertura)) await generateCobertura(cobertura)

  let met = true
  for (const [name, file] of [
    ['lcov', lcov],
    ['cobertura', cobertura]
  ] as const) {
    const baseline = run('baseline', file)
    const parsed = run('parse', file)
    if (parsed.files !== FILES || parsed.lines !== FILES * LINES_PER_FILE) {
      throw new Error(`${name}: parsed ${parsed.files} files and ${parsed.lines} lines, expected ${FILES} and ${FILES * LINES_PER_FILE}`)
    }
    const sizeMb = statSync(file).size / 1024 / 1024
    met =
      report(`${name}: ${FILES} files, ${LINES_PER_FILE} lines + ${FUNCTIONS_PER_FILE} functions + ${BRANCH_LINES_PER_FILE * 2} branches each, ${sizeMb.toFixed(0)} MB`, [
        { case: `${name} parse time`, value: parsed.ms, unit: 'ms', baseline: baseline.ms, target: { max: 2000, of: 'value', text: '<= 2000 ms' } },
        { case: `${name} parse CPU time (user+system)`, value: parsed.cpuMs, unit: 'ms', baseline: baseline.cpuMs },
        { case: `${name} parse peak RSS`, value: parsed.rssMb, unit: 'MB', baseline: baseline.rssMb, target: { max: 256, of: 'value', text: '<= 256 MB' } }
      ]) && met
  }
  if (!met) process.exitCode = 1
}

if (process.argv[2] === 'child') await child(process.argv[3] as 'baseline' | 'parse', process.argv[4]!)
else await main()
