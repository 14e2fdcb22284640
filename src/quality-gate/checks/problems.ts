/** Reads file/line problems from the output of tsc, ESLint, jest and compilers, to annotate those lines. */
import path from 'node:path'

/** A problem a tool reported at a place in the code, to become an annotation on that line. */
export interface Problem {
  file: string
  line: number
  column?: number
  severity: 'error' | 'warning'
  message: string
  /** Which tool format it was read from. */
  tool: 'tsc' | 'eslint' | 'jest' | 'compiler'
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g

/**
 * Reads file/line problems from the output of the tools a gate usually runs: tsc (plain and --pretty), ESLint
 * (stylish, the default, and unix/compact), jest failures (the first stack frame in the project), and the
 * `file:line:col: error: message` form of compilers. Paths become relative to `root`, as annotations need.
 */
export function extractProblems(output: string, root: string): Problem[] {
  const lines = output.replace(ANSI, '').split(/\r?\n/)
  const problems = [...readTsc(lines), ...readEslintStylish(lines), ...readCompilerStyle(lines), ...readJest(lines)]
  const unique = new Map<string, Problem>()
  for (const problem of problems) {
    const file = relativeTo(root, problem.file)
    if (file === undefined) continue
    const key = `${file}:${problem.line}:${problem.message}`
    if (!unique.has(key)) unique.set(key, { ...problem, file })
  }
  return [...unique.values()]
}

function relativeTo(root: string, file: string): string | undefined {
  const absolute = path.resolve(root, file)
  const relative = path.relative(root, absolute)
  if (relative.startsWith('..') || path.isAbsolute(relative) || relative.includes('node_modules')) return undefined
  return relative.split(path.sep).join('/')
}

const TSC_PLAIN = /^(.+?\.[cm]?[jt]sx?)\((\d+),(\d+)\): (error|warning) (TS\d+: .*)$/
const TSC_PRETTY = /^(.+?\.[cm]?[jt]sx?):(\d+):(\d+) - (error|warning) (TS\d+: .*)$/

function readTsc(lines: string[]): Problem[] {
  const problems: Problem[] = []
  for (const line of lines) {
    const match = TSC_PLAIN.exec(line.trim()) ?? TSC_PRETTY.exec(line.trim())
    if (match) {
      problems.push({ file: match[1]!, line: Number(match[2]), column: Number(match[3]), severity: match[4] as 'error', message: match[5]!, tool: 'tsc' })
    }
  }
  return problems
}

const ESLINT_FILE = /^(\/|[A-Za-z]:\\|\.{0,2}\/?[\w@.-]+\/)\S*\.\w+$/
const ESLINT_ROW = /^\s+(\d+):(\d+)\s+(error|warning)\s+(.+?)(?:\s{2,}(\S+))?$/

function readEslintStylish(lines: string[]): Problem[] {
  const problems: Problem[] = []
  let file: string | undefined
  for (const line of lines) {
    if (ESLINT_FILE.test(line)) {
      file = line
      continue
    }
    const row = file ? ESLINT_ROW.exec(line) : null
    if (row && file) {
      const rule = row[5] ? ` (${row[5]})` : ''
      problems.push({ file, line: Number(row[1]), column: Number(row[2]), severity: row[3] as 'error', message: `${row[4]}${rule}`, tool: 'eslint' })
    } else if (line.trim() === '') {
      file = undefined
    }
  }
  return problems
}

const COMPILER = /^(.+?):(\d+):(\d+):\s+(?:(error|warning):\s+)?(.+?)(?:\s+\[(Error|Warning)\/(.+)\])?$/

function readCompilerStyle(lines: string[]): Problem[] {
  const problems: Problem[] = []
  for (const line of lines) {
    const match = COMPILER.exec(line.trim())
    if (!match || /^\s*at /.test(line) || !/\.\w+$/.test(match[1]!) || match[1]!.includes(' ')) continue
    const level = (match[4] ?? match[6] ?? '').toLowerCase()
    if (level !== 'error' && level !== 'warning') continue
    const rule = match[7] ? ` (${match[7]})` : ''
    problems.push({ file: match[1]!, line: Number(match[2]), column: Number(match[3]), severity: level, message: `${match[5]}${rule}`, tool: match[7] ? 'eslint' : 'compiler' })
  }
  return problems
}

const JEST_TITLE = /^\s*● (.+)$/
const STACK_FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/

function readJest(lines: string[]): Problem[] {
  const problems: Problem[] = []
  for (let i = 0; i < lines.length; i++) {
    const title = JEST_TITLE.exec(lines[i]!)
    if (!title || /^Console$/.test(title[1]!)) continue
    const detail: string[] = []
    let j = i + 1
    for (; j < lines.length && !JEST_TITLE.test(lines[j]!); j++) {
      const frame = STACK_FRAME.exec(lines[j]!)
      if (frame && !frame[1]!.includes('node_modules') && !frame[1]!.startsWith('node:')) {
        const message = [title[1]!, ...detail.slice(0, 4)].join('\n')
        problems.push({ file: frame[1]!.replace(/^file:\/\//, ''), line: Number(frame[2]), column: Number(frame[3]), severity: 'error', message, tool: 'jest' })
        break
      }
      const text = lines[j]!.trim()
      if (text !== '' && !/^[>|\d\s]+\|/.test(text) && detail.length < 4) detail.push(text)
    }
    i = j - 1
  }
  return problems
}
