/**
 * What a bundle loads before it refuses a bad input, and what its post step loads when main left nothing to do: only
 * the entry file (dist/<action>/index.js), never the chunk with the rest of the action and its heavy clients (the
 * Kubernetes client, the registry client, @actions/cache, Octokit). So a mistyped input fails in a fraction of the
 * start-up, and the post step the runner runs after every job costs little. Which files Node loads is recorded by a
 * module hook given through NODE_OPTIONS, the bundle run as the runner runs it (local/harness.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROOT, runAction } from '../../local/harness.js'
import { haveTools } from '../../local/process.js'
import { putManifest, uploadBlob } from '../../local/registry/raw.js'
import { startRegistry } from '../../local/registry/registry.js'

/** undici, which @actions/core loads through its HTTP client (actions/toolkit#1621) and the registry client for blob streams. */
const UNDICI = { what: 'undici', marker: 'class Dispatcher' }

/** The Sigstore verifier, which promote-artifact loads only when `verify` names a check (it has no undici at all). */
const SIGSTORE_VERIFY = { what: 'the Sigstore verifier (@sigstore/verify)', marker: 'class Verifier' }
const SIGSTORE_SIGN = { what: 'the Sigstore signer and its HTTP agents (@sigstore/sign)', marker: 'class FulcioSigner' }

/** Text only the heavy parts of each bundle contain (class names ncc keeps), to find the files that hold them. */
const HEAVY: Record<string, { what: string; marker: string }[]> = {
  'quality-gate': [{ what: '@actions/cache', marker: 'class ReserveCacheError' }, { what: 'Octokit', marker: 'class Octokit' }, UNDICI],
  'build-push': [{ what: 'the registry client', marker: 'class RegistryClient' }, UNDICI],
  'promote-artifact': [{ what: 'the registry client', marker: 'class RegistryClient' }, SIGSTORE_VERIFY],
  'canary-deploy': [{ what: 'the Kubernetes client', marker: 'class CoreV1Api' }, UNDICI],
  'health-rollback': [{ what: 'the Kubernetes client', marker: 'class CoreV1Api' }, UNDICI]
}

/** One bad input per action, refused by its input validation. */
const BAD: Record<string, { inputs: Record<string, string>; names: string }> = {
  'quality-gate': { inputs: { 'check-timeout': 'soon' }, names: 'check-timeout' },
  'build-push': { inputs: { image: 'Not A Reference!' }, names: 'image' },
  'promote-artifact': { inputs: { source: 'not a reference!', targets: 'v1.2.3' }, names: 'source' },
  'canary-deploy': { inputs: { deployment: 'Web_App', image: 'ghcr.io/acme/web:1.2.3' }, names: 'deployment' },
  'health-rollback': { inputs: { deployment: 'Web_App' }, names: 'deployment' }
}

let dir = ''
let hook = ''
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'start-up-'))
  hook = path.join(dir, 'trace-loads.mjs')
  writeFileSync(
    hook,
    [
      "import { registerHooks } from 'node:module'",
      "import { appendFileSync } from 'node:fs'",
      "const step = process.env.STATE_isPost === 'true' ? 'post' : 'main'",
      'registerHooks({ load(url, context, next) { appendFileSync(process.env.LOAD_TRACE, `${step} ${url}\\n`); return next(url, context) } })',
      ''
    ].join('\n')
  )
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The files of dist/<action>/ each step loaded. */
function loaded(trace: string, action: string, step: 'main' | 'post'): string[] {
  const bundleDir = pathToFileURL(path.join(ROOT, 'dist', action)).href + '/'
  const lines = existsSync(trace) ? readFileSync(trace, 'utf8').split('\n') : []
  return lines.filter((line) => line.startsWith(`${step} ${bundleDir}`)).map((line) => line.slice(`${step} ${bundleDir}`.length))
}

function holding(action: string, marker: string): string[] {
  const bundleDir = path.join(ROOT, 'dist', action)
  return readdirSync(bundleDir).filter((file) => file.endsWith('.js') && readFileSync(path.join(bundleDir, file), 'utf8').includes(marker))
}

describe.each(Object.keys(BAD))('dist/%s', (action) => {
  it('refuses a bad input, and runs a post step with nothing saved, loading only the entry file, none of the heavy clients', async () => {
    const trace = path.join(dir, `${action}.trace`)
    const bad = BAD[action]!
    const result = await runAction(action, { inputs: bad.inputs, env: { NODE_OPTIONS: `--import=${pathToFileURL(hook).href}`, LOAD_TRACE: trace } })
    expect(result.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([expect.stringContaining(`Input '${bad.names}'`)])
    expect(result.exitCode).toBe(1)
    const heavy = HEAVY[action]!.map(({ what, marker }) => ({ what, in: holding(action, marker) }))
    // The markers still name what they stand for (a marker lost in an upgrade would make the test pass vacuously).
    for (const h of heavy) expect({ what: h.what, found: h.in.length > 0 }).toEqual({ what: h.what, found: true })
    const main = loaded(trace, action, 'main')
    expect({ main, heavyLoaded: heavy.filter((h) => h.in.some((file) => main.includes(file))).map((h) => h.what) }).toEqual({ main: ['index.js'], heavyLoaded: [] })
    if (result.post) {
      expect(result.post.exitCode).toBe(0)
      expect(loaded(trace, action, 'post')).toEqual(['index.js'])
    }
  })
})

;(haveTools('docker-registry') ? describe : describe.skip)('dist/promote-artifact, a promotion', () => {
  it('without verify or sign, and with no blob to move, loads the registry client but neither undici nor the Sigstore libraries', async () => {
    const registry = await startRegistry()
    try {
      const config = await uploadBlob(registry.host, 'acme/web', Buffer.from('{}'))
      const layer = await uploadBlob(registry.host, 'acme/web', Buffer.from('layer'))
      const digest = await putManifest(registry.host, 'acme/web', 'build-1', { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config, size: 2 }, layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layer, size: 5 }] }, 'application/vnd.oci.image.manifest.v1+json')
      const trace = path.join(dir, 'promotion.trace')
      const result = await runAction('promote-artifact', { inputs: { source: `${registry.host}/acme/web@${digest}`, targets: 'v1.0.0' }, env: { NODE_OPTIONS: `--import=${pathToFileURL(hook).href}`, LOAD_TRACE: trace } })
      expect({ exitCode: result.exitCode, errors: result.annotations.filter((a) => a.level === 'error') }).toEqual({ exitCode: 0, errors: [] })
      const main = loaded(trace, 'promote-artifact', 'main')
      const heavy = [{ what: 'the registry client', marker: 'class RegistryClient' }, SIGSTORE_VERIFY, SIGSTORE_SIGN, UNDICI].map(({ what, marker }) => ({ what, files: holding('promote-artifact', marker) }))
      expect(heavy.filter((h) => h.files.some((file) => main.includes(file))).map((h) => h.what)).toEqual(['the registry client'])
      // promote-artifact speaks the runner protocol itself (src/lib/action/runner.ts); its undici is in a chunk of its
      // own, loaded only when blob bytes move (src/lib/oci/stream-http.ts), which a retag never does.
      expect(heavy.find((h) => h.what === UNDICI.what)!.files).not.toEqual([])
    } finally {
      await registry.stop()
    }
  }, 60_000)
})
