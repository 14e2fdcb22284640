/**
 * The cluster's certificates, made with openssl at first start: one CA for every component (a test cluster needs no
 * separate front-proxy or etcd CA), EC P-256 keys, and the service-account signing key.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export interface Subject {
  cn: string
  o?: string
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] })
}

const subjectOf = ({ cn, o }: Subject): string => (o ? `/O=${o}/CN=${cn}` : `/CN=${cn}`)

export class Pki {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
  }

  path(name: string): string {
    return path.join(this.dir, name)
  }

  ensureCa(): void {
    if (existsSync(this.path('ca.crt'))) return
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key'], this.dir)
    openssl(['req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=pipeline-actions-ca', '-days', '3650', '-out', 'ca.crt',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature'], this.dir)
  }

  /** Issues `<name>.crt`/`<name>.key` for a client (`sans` empty) or a server (DNS names and IPs in `sans`). */
  ensureCert(name: string, subject: Subject, usage: 'client' | 'server' | 'both', sans: string[] = []): void {
    if (existsSync(this.path(`${name}.crt`))) return
    const extensions = [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      `extendedKeyUsage=${usage === 'client' ? 'clientAuth' : usage === 'server' ? 'serverAuth' : 'serverAuth,clientAuth'}`,
      ...(sans.length ? [`subjectAltName=${sans.map((s) => (/^[\d.]+$/.test(s) ? `IP:${s}` : `DNS:${s}`)).join(',')}`] : [])
    ]
    writeFileSync(this.path(`${name}.ext`), extensions.join('\n') + '\n')
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`], this.dir)
    openssl(['req', '-new', '-key', `${name}.key`, '-subj', subjectOf(subject), '-out', `${name}.csr`], this.dir)
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '3650',
      '-extfile', `${name}.ext`, '-out', `${name}.crt`], this.dir)
  }

  /** The key pair service-account tokens are signed with (the API server verifies, the controller-manager signs). */
  ensureServiceAccountKey(): void {
    if (existsSync(this.path('sa.key'))) return
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'sa.key'], this.dir)
    openssl(['ec', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], this.dir)
  }
}
