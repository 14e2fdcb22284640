/** Reads an audit report file another step wrote (SARIF or an audit command's JSON) into findings. */
import { readFile } from 'node:fs/promises'
import { UserError } from '../../lib/action/errors.js'
import { readAuditOutput } from './audit-output.js'
import type { Finding } from './finding.js'
import { isSarifLog, parseSarif, type SarifOptions } from './sarif.js'

/**
 * Findings from a report file another step wrote: SARIF (any scanner) or the JSON an audit command prints (npm,
 * pnpm, yarn classic or berry). The format is told by the content, not the file name.
 */
export async function readAuditReport(path: string, options: SarifOptions = {}): Promise<Finding[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new UserError(`Cannot read the audit report '${path}': ${(error as NodeJS.ErrnoException).code ?? String(error)}.`)
  }
  if (looksLikeSarif(text)) {
    try {
      return parseSarif(text, options)
    } catch (error) {
      throw new UserError(`The audit report '${path}' is not valid SARIF: ${(error as Error).message}`)
    }
  }
  const read = readAuditOutput(text, sourceOf(text))
  if ('findings' in read && read.format !== 'empty') return read.findings
  const why = 'problem' in read ? read.problem : 'the file is empty'
  throw new UserError(
    `The audit report '${path}' is neither SARIF nor the JSON output of npm, pnpm or yarn audit: ${why}.`
  )
}

function looksLikeSarif(text: string): boolean {
  try {
    return isSarifLog(JSON.parse(text))
  } catch {
    return false
  }
}

/** yarn reports are one object a line; pnpm shares npm 6's format but roots its paths at the workspace, `.>`. */
function sourceOf(text: string): string {
  const first = text.trimStart()
  if (first.startsWith('{"type":"audit') || first.startsWith('{"value":')) return 'yarn audit'
  return text.includes('".>') ? 'pnpm audit' : 'npm audit'
}
