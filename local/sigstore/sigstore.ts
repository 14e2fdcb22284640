/**
 * A private Sigstore instance on loopback, for the keyless-signing tests (the public one cannot be reached from the
 * test machines): Fulcio with an ephemeral CA, Rekor v2 on its POSIX tile backend and the timestamp authority, as
 * local/sigstore/build-sigstore.sh builds them. The OIDC issuer Fulcio trusts is the local cluster's API server (its
 * ServiceAccount token issuer, Fulcio's `kubernetes` issuer type): a token minted for a ServiceAccount with the
 * audience `sigstore` gets a certificate for `https://kubernetes.io/namespaces/<ns>/serviceaccounts/<name>`.
 * The trusted root and signing config that describe the instance are written by the real cosign
 * (`cosign trusted-root create`, `cosign signing-config create`), the files users hand to cosign and to the actions.
 */
import { execFileSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node'
import { COSIGN, haveCosign } from '../cosign.js'
import { kubeConfigOf, type LocalCluster } from '../kube/cluster.js'
import { freePort, startProcess, waitForHttp, type Started } from '../process.js'

const cache = process.env.PIPELINE_ACTIONS_CACHE ?? '/var/cache/pipeline-actions'
const BUILD_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'build-sigstore.sh')

export interface LocalSigstore {
  fulcioURL: string
  rekorURL: string
  tsaURL: string
  /** The OIDC issuer Fulcio trusts: the cluster's API server. */
  issuer: string
  /** trusted_root.json (cosign --trusted-root, the actions' `trusted-root`). */
  trustedRoot: string
  /** signing_config.json (cosign --signing-config, build-push's `signing-config`). */
  signingConfig: string
  /** An OIDC token for the ServiceAccount (created if missing) and the identity Fulcio certifies it as. */
  token(namespace: string, serviceAccount: string): Promise<{ token: string; identity: string }>
  /** Output of the services, for a failing test's message. */
  logs(): string
  stop(): Promise<void>
}

/** The directory of the built services, building them if needed (minutes, once); under CI a failure fails the test. */
export function sigstoreBin(): string | undefined {
  try {
    const out = execFileSync('bash', [BUILD_SCRIPT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PIPELINE_ACTIONS_CACHE: cache } })
    return out.trim().split('\n').pop()
  } catch (error) {
    if (process.env.CI === 'true') throw new Error(`missing test component: the Sigstore services (bash ${BUILD_SCRIPT}): ${(error as Error).message}`, { cause: error })
    return undefined
  }
}

/** Whether the private Sigstore can run (built services and cosign); under CI their absence fails the test. */
export function haveSigstore(): boolean {
  return haveCosign() && sigstoreBin() !== undefined
}

async function json<T>(url: string): Promise<T> {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

/** Lets anyone read the issuer's discovery document and keys (kubeadm's binding for the same ClusterRole). */
async function allowAnonymousDiscovery(cluster: LocalCluster): Promise<void> {
  const rbac = kubeConfigOf(cluster.kubeconfigText).makeApiClient(RbacAuthorizationV1Api)
  const name = 'pipeline-actions:service-account-issuer-discovery'
  try {
    await rbac.createClusterRoleBinding({
      body: {
        metadata: { name },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:service-account-issuer-discovery' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:unauthenticated' }]
      }
    })
  } catch (error) {
    if ((error as { code?: number }).code !== 409) throw error
  }
}

export async function startSigstore(cluster: LocalCluster): Promise<LocalSigstore> {
  const bin = sigstoreBin()
  if (!bin || !existsSync(COSIGN)) throw new Error('the Sigstore services or cosign are not built (bash .ci/install-components)')
  const dir = mkdtempSync(path.join(tmpdir(), 'sigstore-'))
  const started: Started[] = []
  const kubeConfig = kubeConfigOf(cluster.kubeconfigText)
  const issuer = cluster.server
  try {
    await allowAnonymousDiscovery(cluster)
    const caData = kubeConfig.getCurrentCluster()?.caData
    if (!caData) throw new Error('the cluster kubeconfig has no certificate-authority-data')
    const clusterCA = Buffer.from(caData, 'base64').toString('utf8')

    // Fulcio: an ephemeral CA, no CT log (the trusted root lists none, so no SCT is expected).
    const fulcioPort = await freePort()
    const fulcioConfig = path.join(dir, 'fulcio.json')
    writeFileSync(fulcioConfig, JSON.stringify({ OIDCIssuers: { [issuer]: { IssuerURL: issuer, ClientID: 'sigstore', Type: 'kubernetes', CACert: clusterCA } } }))
    const fulcio = startProcess(path.join(bin, 'fulcio'), [
      'serve', '--ca', 'ephemeralca', '--ct-log-url', '', '--config-path', fulcioConfig, '--host', '127.0.0.1', '--port', String(fulcioPort),
      '--grpc-host', '127.0.0.1', '--grpc-port', String(await freePort()), '--metrics-port', String(await freePort()),
      '--legacy-unix-domain-socket', path.join(dir, 'fulcio-legacy.sock')
    ])
    started.push(fulcio)

    // Rekor v2: an ECDSA P-256 checkpoint key. The origin naming the log in its checkpoints is the host of its URL
    // without the port, as verifiers derive it (sigstore-go: the base URL's Hostname()).
    const rekorPort = await freePort()
    const rekorKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    writeFileSync(path.join(dir, 'rekor.key'), rekorKey.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 })
    writeFileSync(path.join(dir, 'rekor.pub'), rekorKey.publicKey.export({ type: 'spki', format: 'pem' }))
    const origin = '127.0.0.1'
    const rekor = startProcess(path.join(bin, 'rekor-server'), [
      'serve', '--storage-dir', path.join(dir, 'rekor'), '--signer-filepath', path.join(dir, 'rekor.key'), '--hostname', origin,
      '--http-address', '127.0.0.1', '--http-port', String(rekorPort), '--grpc-address', '127.0.0.1', '--grpc-port', String(await freePort()),
      '--http-metrics-port', String(await freePort()), '--checkpoint-interval', '200ms', '--batch-max-age', '50ms'
    ])
    started.push(rekor)

    // The timestamp authority: an in-memory signer with its own chain (no NTP here to monitor).
    const tsaPort = await freePort()
    const tsa = startProcess(path.join(bin, 'timestamp-server'), ['serve', '--host', '127.0.0.1', '--port', String(tsaPort), '--timestamp-signer', 'memory', '--disable-ntp-monitoring'])
    started.push(tsa)

    const logs = (): string => `fulcio:\n${fulcio.output()}\nrekor:\n${rekor.output()}\ntimestamp-server:\n${tsa.output()}`
    const fulcioURL = `http://127.0.0.1:${fulcioPort}`
    const rekorURL = `http://127.0.0.1:${rekorPort}`
    const tsaURL = `http://127.0.0.1:${tsaPort}`
    await Promise.all([waitForHttp(`${fulcioURL}/api/v2/trustBundle`, 20_000, logs), waitForHttp(`${rekorURL}/healthz`, 20_000, logs), waitForHttp(`${tsaURL}/ping`, 20_000, logs)])

    const bundle = await json<{ chains: { certificates: string[] }[] }>(`${fulcioURL}/api/v2/trustBundle`)
    writeFileSync(path.join(dir, 'fulcio.pem'), bundle.chains[0]!.certificates.join('\n'))
    const tsaChain = await fetch(`${tsaURL}/api/v1/timestamp/certchain`)
    if (!tsaChain.ok) throw new Error(`the timestamp authority gave no certificate chain: ${tsaChain.status}`)
    writeFileSync(path.join(dir, 'tsa.pem'), await tsaChain.text())

    const trustedRoot = path.join(dir, 'trusted_root.json')
    const signingConfig = path.join(dir, 'signing_config.json')
    const cosignEnv = { PATH: process.env.PATH ?? '', HOME: dir }
    const since = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z')
    execFileSync(COSIGN, [
      'trusted-root', 'create',
      '--fulcio', `url=${fulcioURL},certificate-chain=${path.join(dir, 'fulcio.pem')}`,
      '--rekor', `url=${rekorURL},public-key=${path.join(dir, 'rekor.pub')},start-time=${since},origin=${origin}`,
      '--tsa', `url=${tsaURL}/api/v1/timestamp,certificate-chain=${path.join(dir, 'tsa.pem')}`,
      '--out', trustedRoot
    ], { env: cosignEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    execFileSync(COSIGN, [
      'signing-config', 'create',
      '--fulcio', `url=${fulcioURL},api-version=1,start-time=${since},operator=local`,
      '--rekor', `url=${rekorURL},api-version=2,start-time=${since},operator=local`,
      '--rekor-config', 'ANY',
      '--tsa', `url=${tsaURL}/api/v1/timestamp,api-version=1,start-time=${since},operator=local`,
      '--tsa-config', 'ANY',
      '--out', signingConfig
    ], { env: cosignEnv, stdio: ['ignore', 'pipe', 'pipe'] })

    return {
      fulcioURL,
      rekorURL,
      tsaURL,
      issuer,
      trustedRoot,
      signingConfig,
      logs,
      token: async (namespace, serviceAccount) => {
        const core = kubeConfig.makeApiClient(CoreV1Api)
        try {
          await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: serviceAccount } } })
        } catch (error) {
          if ((error as { code?: number }).code !== 409) throw error
        }
        const request = await core.createNamespacedServiceAccountToken({
          name: serviceAccount,
          namespace,
          body: { spec: { audiences: ['sigstore'], expirationSeconds: 3600 } }
        })
        return { token: request.status?.token ?? '', identity: `https://kubernetes.io/namespaces/${namespace}/serviceaccounts/${serviceAccount}` }
      },
      stop: async () => {
        await Promise.all(started.map((s) => s.stop()))
        rmSync(dir, { recursive: true, force: true })
      }
    }
  } catch (error) {
    await Promise.all(started.map((s) => s.stop()))
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
}
