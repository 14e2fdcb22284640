/** Reads the API server (and the kubelet's health port) with the admin's client certificate, for readiness checks. */
import { readFileSync } from 'node:fs'
import { request } from 'node:https'
import { server, type Layout } from './layout.js'
import type { Pki } from './pki.js'

export interface Answer {
  status: number
  body: string
}

export function apiGet(l: Layout, pki: Pki, path: string, timeoutMs = 2000): Promise<Answer> {
  return apiRequest(l, pki, 'GET', path, undefined, timeoutMs)
}

export function apiRequest(l: Layout, pki: Pki, method: string, path: string, body?: unknown, timeoutMs = 5000): Promise<Answer> {
  const url = new URL(path, server(l))
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ca: readFileSync(pki.path('ca.crt')),
        cert: readFileSync(pki.path('admin.crt')),
        key: readFileSync(pki.path('admin.key')),
        timeout: timeoutMs
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      }
    )
    req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)))
    req.on('error', reject)
    req.end(body === undefined ? undefined : JSON.stringify(body))
  })
}

/** Polls `check` until it returns true; on timeout throws with `explain()` (usually the component's log tail). */
export async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>, explain: () => string): Promise<number> {
  const started = Date.now()
  for (;;) {
    try {
      if (await check()) return Date.now() - started
    } catch {
      // not up yet
    }
    if (Date.now() - started > timeoutMs) throw new Error(`${what} not ready after ${timeoutMs / 1000} s\n${explain()}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

export async function nodeReady(l: Layout, pki: Pki): Promise<boolean> {
  const answer = await apiGet(l, pki, `/api/v1/nodes/${l.nodeName}`)
  if (answer.status !== 200) return false
  const node = JSON.parse(answer.body) as { status?: { conditions?: { type: string; status: string }[] } }
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false
}
