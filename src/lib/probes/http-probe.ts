/** One HTTP health request: bounded in time and in body size, latency measured to the end of the body. */
import type { ProbeObservation } from './verdict.js'

export interface HttpProbeOptions {
  headers?: Record<string, string>
  timeoutMs: number
  /** Bodies are read up to this many bytes (default 64 KiB); health endpoints are small. */
  maxBodyBytes?: number
  now?: () => number
}

export async function httpProbe(url: string, options: HttpProbeOptions): Promise<ProbeObservation> {
  const at = (options.now ?? Date.now)()
  const started = performance.now()
  const limit = options.maxBodyBytes ?? 64 * 1024
  try {
    const response = await fetch(url, {
      headers: { 'user-agent': 'pipeline-actions-health-rollback', ...options.headers },
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs)
    })
    const body = await readLimited(response, limit)
    return { url, at, status: response.status, latencyMs: performance.now() - started, body }
  } catch (error) {
    const latencyMs = performance.now() - started
    return { url, at, latencyMs, error: describeFetchError(error, options.timeoutMs) }
  }
}

async function readLimited(response: Response, limit: number): Promise<string> {
  if (!response.body) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    size += value.byteLength
    if (size >= limit) {
      await reader.cancel()
      break
    }
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8')
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: string } | null)?.name
  if (name === 'TimeoutError' || name === 'AbortError') return `no response within ${timeoutMs} ms`
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause
  if (cause?.code) return `request failed: ${cause.code}`
  return `request failed: ${cause?.message ?? (error instanceof Error ? error.message : String(error))}`
}
