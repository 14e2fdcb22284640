/**
 * Starts Debian's `docker-registry` (distribution 2.8) on a free loopback port with a temporary config: open,
 * behind htpasswd Basic auth, or behind the test Bearer token server; over https with `tls` (a certificate of its own).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import tls from 'node:tls'
import { freePort, startProcess, waitForHttp } from '../process.js'
import { startTokenServer, type TokenServer } from './token-server.js'

export type RegistryAuth =
  | { kind: 'none' }
  | { kind: 'htpasswd'; users: Record<string, string> }
  | { kind: 'token'; users: Record<string, string>; anonymousPull?: boolean; readOnly?: string[]; limitedTo?: Record<string, string[]>; refreshTokens?: Record<string, string>; realmHost?: string }

export interface Registry {
  /** `127.0.0.1:PORT`, the registry part of an image reference. */
  host: string
  port: number
  dir: string
  tokenServer?: TokenServer
  /** With `tls`: the PEM certificate the registry serves (for 127.0.0.1), to trust it. */
  certificate?: string
  logs: () => string
  stop: () => Promise<void>
}

export async function startRegistry(auth: RegistryAuth = { kind: 'none' }, options: { tls?: boolean } = {}): Promise<Registry> {
  const dir = mkdtempSync(path.join(tmpdir(), 'registry-'))
  const port = await freePort()
  let tlsYaml = ''
  let certificate: string | undefined
  if (options.tls) {
    const [certFile, keyFile] = [path.join(dir, 'tls.crt'), path.join(dir, 'tls.key')]
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' })
    certificate = readFileSync(certFile, 'utf8')
    tlsYaml = `  tls:\n    certificate: ${certFile}\n    key: ${keyFile}\n`
  }
  let authYaml = ''
  let tokenServer: TokenServer | undefined
  if (auth.kind === 'htpasswd') {
    const lines = Object.entries(auth.users).map(([user, password]) =>
      execFileSync('htpasswd', ['-Bbn', user, password], { encoding: 'utf8' }).trim()
    )
    writeFileSync(path.join(dir, 'htpasswd'), lines.join('\n') + '\n')
    authYaml = `auth:\n  htpasswd:\n    realm: test-basic-realm\n    path: ${path.join(dir, 'htpasswd')}\n`
  } else if (auth.kind === 'token') {
    tokenServer = await startTokenServer({ dir, port: await freePort(), users: auth.users, anonymousPull: auth.anonymousPull, readOnly: auth.readOnly, limitedTo: auth.limitedTo, refreshTokens: auth.refreshTokens, realmHost: auth.realmHost })
    authYaml = [
      'auth:',
      '  token:',
      `    realm: ${tokenServer.realm}`,
      `    service: ${tokenServer.service}`,
      `    issuer: ${tokenServer.issuer}`,
      `    rootcertbundle: ${tokenServer.certFile}`,
      ''
    ].join('\n')
  }
  const config = [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${path.join(dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    tlsYaml,
    authYaml
  ].join('\n')
  writeFileSync(path.join(dir, 'config.yml'), config)
  const process_ = startProcess('docker-registry', ['serve', path.join(dir, 'config.yml')])
  try {
    if (certificate) await waitForTls(port, certificate, 10_000, process_.output)
    else await waitForHttp(`http://127.0.0.1:${port}/v2/`, 10_000, process_.output)
  } catch (error) {
    await process_.stop()
    await tokenServer?.stop()
    throw error
  }
  return {
    host: `127.0.0.1:${port}`,
    port,
    dir,
    tokenServer,
    certificate,
    logs: process_.output,
    stop: async () => {
      await process_.stop()
      await tokenServer?.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** Waits until a TLS handshake with 127.0.0.1:`port`, trusting only `certificate`, succeeds. */
async function waitForTls(port: number, certificate: string, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = tls.connect({ host: '127.0.0.1', port, ca: certificate }, () => {
        socket.destroy()
        resolve(true)
      })
      socket.on('error', () => resolve(false))
    })
    if (ok) return
    if (Date.now() > deadline) throw new Error(`https://127.0.0.1:${port}/ did not come up in ${timeoutMs} ms\n${describe()}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
