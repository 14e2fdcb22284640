/**
 * The proxy's serving certificate. Clients verify the proxy with the cluster's own CA, so by default it presents
 * the API server's serving certificate (SANs include 127.0.0.1), found in the cluster's PKI directory: the one given,
 * the directory of the kubeconfig's certificate-authority file, or `pki/` beside or above the kubeconfig file.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Upstream } from './upstream.js'

export interface ServingTls {
  cert: string
  key: string
  /** The CA clients should trust for it (default: the upstream kubeconfig's CA). */
  ca?: string
}

const CERT = 'apiserver.crt'
const KEY = 'apiserver.key'

function candidates(upstream: Upstream, pkiDir: string | undefined): string[] {
  if (pkiDir) return [pkiDir]
  const dirs: string[] = []
  const caFile = upstream.caFile()
  if (caFile) dirs.push(path.dirname(caFile))
  if (upstream.path) {
    const here = path.dirname(path.resolve(upstream.path))
    dirs.push(path.join(here, 'pki'), path.join(here, '..', 'pki'), here)
  }
  return dirs
}

export function servingTls(upstream: Upstream, options: { tls?: ServingTls; pkiDir?: string }): Required<ServingTls> {
  const ca = options.tls?.ca ?? upstream.caPem()
  if (!ca) throw new Error('kube-fault-proxy: the upstream kubeconfig names no certificate authority; pass tls.ca')
  if (options.tls) return { cert: options.tls.cert, key: options.tls.key, ca }
  const tried = candidates(upstream, options.pkiDir)
  const dir = tried.find((d) => existsSync(path.join(d, CERT)) && existsSync(path.join(d, KEY)))
  if (!dir) throw new Error(`kube-fault-proxy: no ${CERT}/${KEY} in ${tried.join(', ') || '(no candidate directory)'}; pass pkiDir or tls`)
  return { cert: readFileSync(path.join(dir, CERT), 'utf8'), key: readFileSync(path.join(dir, KEY), 'utf8'), ca }
}
