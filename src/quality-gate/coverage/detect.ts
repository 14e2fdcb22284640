/** Recognises a coverage report's format from its first bytes. */
import type { CoverageFormat } from './types.js'

/** How much of a file detectFormat needs: the first element of any XML report and the first JSON entry's keys. */
export const DETECTION_BYTES = 64 * 1024

/**
 * Recognises a report by its content (names like coverage.xml are shared by several formats). `content` may be
 * just the first DETECTION_BYTES of the file.
 */
export function detectFormat(content: string): CoverageFormat | undefined {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content
  const start = text.search(/\S/)
  if (start < 0) return undefined
  if (text[start] === '{') return detectJson(text.slice(start))
  if (text[start] === '<') return detectXml(text.slice(start))
  return /^(?:TN|SF|VER):/m.test(text.slice(start, start + 4096)) ? 'lcov' : undefined
}

function detectJson(text: string): CoverageFormat | undefined {
  // coverage-summary.json starts with its "total" entry; coverage-final.json entries carry statementMap
  if (/^\{\s*"total"\s*:\s*\{/.test(text)) return 'istanbul-summary'
  if (/"(?:statementMap|fnMap|branchMap)"\s*:/.test(text)) return 'istanbul-final'
  if (/^\{\s*\}\s*$/.test(text)) return 'istanbul-final' // a run that covered no file
  if (/^\{\s*"[^"]*"\s*:\s*\{\s*"(?:lines|statements)"\s*:\s*\{\s*"total"/.test(text)) return 'istanbul-summary'
  return undefined
}

function detectXml(text: string): CoverageFormat | undefined {
  const root = firstElement(text)
  if (root === undefined) return /<!DOCTYPE\s+report\s+PUBLIC\s+"-\/\/JACOCO\/\/DTD/.test(text) ? 'jacoco' : undefined
  if (root.name === 'report') return 'jacoco'
  if (root.name !== 'coverage') return undefined
  if (/\sclover\s*=/.test(root.tag) || /^<project[\s>]/.test(text.slice(root.end).trimStart())) return 'clover'
  if (/\s(?:line-rate|lines-valid|branch-rate)\s*=/.test(root.tag)) return 'cobertura'
  return /<(?:sources|packages)[\s>]/.test(text.slice(root.end, root.end + 2048)) ? 'cobertura' : undefined
}

/** The first element after the XML declaration, comments, processing instructions and the DOCTYPE. */
function firstElement(text: string): { name: string; tag: string; end: number } | undefined {
  let at = 0
  for (;;) {
    at = text.indexOf('<', at)
    if (at < 0) return undefined
    if (text.startsWith('<?', at)) at = text.indexOf('?>', at) + 2
    else if (text.startsWith('<!--', at)) at = text.indexOf('-->', at) + 3
    else if (text.startsWith('<!', at)) at = skipDeclaration(text, at)
    else break
    if (at < 3) return undefined // an unterminated declaration or comment
  }
  const end = text.indexOf('>', at)
  if (end < 0) return undefined
  const tag = text.slice(at, end + 1)
  const name = /^<([A-Za-z_][\w.-]*)/.exec(tag)?.[1]
  return name === undefined ? undefined : { name, tag, end: end + 1 }
}

/** Skips <!DOCTYPE ...> including an internal subset in brackets. */
function skipDeclaration(text: string, at: number): number {
  const bracket = text.indexOf('[', at)
  const close = text.indexOf('>', at)
  if (bracket >= 0 && bracket < close) {
    const subsetEnd = text.indexOf(']', bracket)
    return subsetEnd < 0 ? 0 : text.indexOf('>', subsetEnd) + 1
  }
  return close + 1
}
