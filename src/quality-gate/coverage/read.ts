/** Reads one coverage report of any supported format, streaming, naming the file when it cannot. */
import { existsSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { dirname, relative, resolve } from 'node:path'
import { errorMessage, UserError } from '../../lib/action/errors.js'
import { detectFormat, DETECTION_BYTES } from './detect.js'
import { MalformedReport } from './malformed.js'
import { createParser } from './parse.js'
import { PathResolver } from './paths.js'
import type { CoverageReport } from './types.js'

const CHUNK_BYTES = 1024 * 1024

/**
 * Reads one coverage report of any supported format, recognised by its content, streaming it so that a report of
 * hundreds of megabytes is never one string. Paths become relative to `root`.
 * Throws a UserError naming the file when it cannot be read, is not a known format or is malformed.
 */
export async function readCoverageFile(path: string, root: string): Promise<CoverageReport> {
  const absolute = resolve(path)
  const shown = displayPath(absolute, resolve(root))
  let handle
  try {
    handle = await open(absolute, 'r')
  } catch (error) {
    throw new UserError(`Coverage report ${shown} cannot be read: ${ioMessage(error)}`)
  }
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES)
    const first = await readChunk(handle, buffer, shown)
    if (first.length === 0) throw new UserError(`Coverage report ${shown} is empty.`)
    const format = detectFormat(first.subarray(0, DETECTION_BYTES).toString('utf8'))
    if (format === undefined) {
      throw new UserError(
        `Coverage report ${shown} is not in a supported format (lcov, Cobertura XML, Clover XML, JaCoCo XML, ` +
          'istanbul coverage-final.json or coverage-summary.json).'
      )
    }
    const paths = new PathResolver({ root: resolve(root), reportDir: dirname(absolute), exists: existsSync })
    const parser = createParser(format, paths)
    try {
      for (let chunk = first; chunk.length > 0; chunk = await readChunk(handle, buffer, shown)) parser.write(chunk)
      return { files: parser.end(), sources: [{ path: shown, format }] }
    } catch (error) {
      if (error instanceof MalformedReport) throw new UserError(`Coverage report ${shown} (${format}) is malformed: ${error.message}`)
      throw error
    }
  } finally {
    await handle.close()
  }
}

/** Parsers keep no reference to a chunk, so one buffer is reused for the whole file. */
async function readChunk(handle: Awaited<ReturnType<typeof open>>, buffer: Buffer, shown: string): Promise<Buffer> {
  try {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, null)
    return buffer.subarray(0, bytesRead)
  } catch (error) {
    throw new UserError(`Coverage report ${shown} cannot be read: ${ioMessage(error)}`)
  }
}

/** fs errors can come from another realm (jest's VM), where instanceof Error does not hold. */
function ioMessage(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message
  return typeof message === 'string' ? message : errorMessage(error)
}

function displayPath(absolute: string, root: string): string {
  const inside = relative(root, absolute)
  return inside !== '' && !inside.startsWith('..') ? inside : absolute
}
