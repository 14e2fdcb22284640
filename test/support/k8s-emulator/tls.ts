/** A throw-away certificate authority and a server certificate for 127.0.0.1/localhost, made with the openssl CLI
 * (EC P-256 keys: a few milliseconds). The CA goes into the kubeconfig's certificate-authority-data, so clients
 * verify the emulator exactly as they verify a real cluster. */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export interface Certificates {
  caPem: string
  certPem: string
  keyPem: string
}

let cached: Certificates | undefined

export function makeCertificates(): Certificates {
  if (cached) return cached
  const dir = mkdtempSync(path.join(tmpdir(), 'k8s-emulator-tls-'))
  const file = (name: string): string => path.join(dir, name)
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] })
  }
  try {
    openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', file('ca.key'))
    openssl('req', '-x509', '-new', '-key', file('ca.key'), '-sha256', '-days', '2', '-subj', '/CN=k8s-emulator-ca', '-out', file('ca.crt'),
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign')
    openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', file('server.key'))
    openssl('req', '-new', '-key', file('server.key'), '-subj', '/CN=kube-apiserver', '-out', file('server.csr'))
    writeFileSync(file('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n')
    openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '2', '-sha256',
      '-extfile', file('ext.cnf'), '-out', file('server.crt'))
    cached = { caPem: readFileSync(file('ca.crt'), 'utf8'), certPem: readFileSync(file('server.crt'), 'utf8'), keyPem: readFileSync(file('server.key'), 'utf8') }
    return cached
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
