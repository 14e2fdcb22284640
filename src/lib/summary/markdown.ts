/** Pure Markdown builders for job summaries and PR comments (what users read is built from the decision's data). */

export type Cell = string | number | boolean | null | undefined

/** Escapes what would break a table cell: pipes and new lines. */
export function cell(value: Cell): string {
  if (value === null || value === undefined) return ''
  return String(value).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>')
}

export function table(headers: string[], rows: Cell[][]): string {
  const head = `| ${headers.map(cell).join(' | ')} |`
  const rule = `| ${headers.map(() => '---').join(' | ')} |`
  const body = rows.map((row) => `| ${headers.map((_, i) => cell(row[i])).join(' | ')} |`)
  return [head, rule, ...body].join('\n')
}

export function heading(text: string, level = 2): string {
  return `${'#'.repeat(level)} ${text}`
}

export function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`
}

export function codeBlock(text: string, language = ''): string {
  const fence = text.includes('```') ? '````' : '```'
  return `${fence}${language}\n${text}\n${fence}`
}

export function mermaid(diagram: string): string {
  return codeBlock(diagram, 'mermaid')
}

export function join(...blocks: (string | undefined | false)[]): string {
  return blocks.filter((block): block is string => typeof block === 'string' && block !== '').join('\n\n') + '\n'
}

export const PASS = '✅'
export const FAIL = '❌'
export const WARN = '⚠️'
export const SKIP = '⏭️'
