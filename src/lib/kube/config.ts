/**
 * Where the cluster credentials come from, in order: the action's `kubeconfig` input (content, plain or base64,
 * masked in logs and written 0600 under RUNNER_TEMP so tools started by the action can use it; the post step removes
 * it), the KUBECONFIG variable (e.g. set by a setup action), or the in-cluster service account of a self-hosted
 * runner pod. Then the `context` input picks a context.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as core from '@actions/core'
import { KubeConfig } from '@kubernetes/client-node'
import { UserError } from '../action/errors.js'
import { maskSecret } from '../action/secrets.js'
import { KUBECONFIG_FILE_STATE } from './kubeconfig-file.js'

export { KUBECONFIG_FILE_STATE, removeKubeconfigFile } from './kubeconfig-file.js'

export interface KubeconfigSource {
  /** The `kubeconfig` input: YAML content or its base64 encoding; empty when not given. */
  content?: string
  /** The `context` input; empty for the kubeconfig's current context. */
  context?: string
  /** Name of the input the content came from, for error messages (default 'kubeconfig'). */
  inputName?: string
  env?: NodeJS.ProcessEnv
}

export interface LoadedKubeconfig {
  kc: KubeConfig
  /** Where it came from, for the log (never the content). */
  origin: 'input' | 'KUBECONFIG' | 'in-cluster'
  /** The 0600 file written for input content; remove it with removeKubeconfigFile (post step). */
  file?: string
  /** The namespace of the selected context, if it names one. */
  contextNamespace?: string
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token'

/** Accepts base64 of a kubeconfig, as often stored in secrets (KUBE_CONFIG_DATA). */
function decodeContent(content: string): string {
  const compact = content.replace(/\s+/g, '')
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(compact) && compact.length % 4 === 0) {
    const decoded = Buffer.from(compact, 'base64').toString('utf8')
    if (/^\s*(apiVersion|clusters|kind|contexts|current-context)\s*:/m.test(decoded)) return decoded
  }
  return content
}

function loadContent(content: string, inputName: string): KubeConfig {
  const kc = new KubeConfig()
  try {
    kc.loadFromString(content)
  } catch (error) {
    // Parser messages quote the offending text; keep only the position so no credential reaches the log.
    const position = /line (\d+)/.exec(String(error))?.[1]
    throw new UserError(`Input '${inputName}' is not a valid kubeconfig (YAML error${position ? ` at line ${position}` : ''}).`)
  }
  if (kc.getClusters().length === 0) throw new UserError(`Input '${inputName}' is not a valid kubeconfig: it defines no cluster.`)
  return kc
}

function writePrivateFile(content: string, env: NodeJS.ProcessEnv): string {
  const dir = env.RUNNER_TEMP || tmpdir()
  const file = path.join(dir, `kubeconfig-${randomBytes(6).toString('hex')}.yaml`)
  writeFileSync(file, content, { mode: 0o600, flag: 'wx' })
  return file
}

export function loadKubeconfig(source: KubeconfigSource = {}): LoadedKubeconfig {
  const env = source.env ?? process.env
  const inputName = source.inputName ?? 'kubeconfig'
  const content = source.content?.trim() ?? ''
  let loaded: LoadedKubeconfig
  if (content !== '') {
    maskSecret(content)
    const yaml = decodeContent(content)
    if (yaml !== content) maskSecret(yaml)
    const kc = loadContent(yaml, inputName)
    for (const user of kc.getUsers()) {
      for (const secret of [user.token, user.password, user.keyData, user.certData]) if (secret) maskSecret(secret)
    }
    loaded = { kc, origin: 'input' }
    selectContext(kc, source.context ?? '', 'input')
    checkServer(kc, `Input '${inputName}'`)
    // Written only once it is known to be usable: a refused kubeconfig leaves no file behind.
    loaded.file = writePrivateFile(yaml, env)
  } else if (env.KUBECONFIG) {
    const kc = new KubeConfig()
    const previous = process.env.KUBECONFIG
    process.env.KUBECONFIG = env.KUBECONFIG
    try {
      kc.loadFromDefault()
    } catch (error) {
      throw new UserError(`The kubeconfig named by KUBECONFIG (${env.KUBECONFIG}) cannot be read: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}.`)
    } finally {
      if (previous === undefined) delete process.env.KUBECONFIG
      else process.env.KUBECONFIG = previous
    }
    loaded = { kc, origin: 'KUBECONFIG' }
  } else if (env.KUBERNETES_SERVICE_HOST && existsSync(SERVICE_ACCOUNT_TOKEN)) {
    const kc = new KubeConfig()
    kc.loadFromCluster()
    loaded = { kc, origin: 'in-cluster' }
  } else {
    throw new UserError(`No cluster credentials: set the '${inputName}' input (kubeconfig content or its base64), set KUBECONFIG, or run on a runner inside the cluster.`)
  }
  if (loaded.origin !== 'input') {
    selectContext(loaded.kc, source.context ?? '', loaded.origin)
    checkServer(loaded.kc, loaded.origin === 'KUBECONFIG' ? `The kubeconfig named by KUBECONFIG (${env.KUBECONFIG})` : 'The in-cluster configuration')
  }
  const namespace = loaded.kc.getContextObject(loaded.kc.getCurrentContext())?.namespace
  if (namespace) loaded.contextNamespace = namespace
  return loaded
}

function selectContext(kc: KubeConfig, context: string, origin: LoadedKubeconfig['origin']): void {
  const names = kc.getContexts().map((c) => c.name)
  if (context !== '') {
    if (!names.includes(context)) {
      throw new UserError(`Input 'context': got '${context}'; the kubeconfig (${origin}) has ${names.length === 0 ? 'no contexts' : `contexts ${names.map((n) => `'${n}'`).join(', ')}`}.`)
    }
    kc.setCurrentContext(context)
  }
  if (!kc.getCurrentCluster()) {
    throw new UserError(`The kubeconfig (${origin}) has no usable current context${names.length > 0 ? `; set the 'context' input to one of ${names.map((n) => `'${n}'`).join(', ')}` : ''}.`)
  }
}

/**
 * The API server of the selected context must be an https URL; plain http only where client-node allows it, a
 * cluster with `insecure-skip-tls-verify: true` (it refuses any other http server on the first request).
 */
function checkServer(kc: KubeConfig, where: string): void {
  const cluster = kc.getCurrentCluster()!
  let protocol: string | undefined
  try {
    protocol = new URL(cluster.server).protocol
  } catch {
    protocol = undefined
  }
  if (protocol === 'https:' || (protocol === 'http:' && cluster.skipTLSVerify)) return
  throw new UserError(
    `${where}: the cluster '${cluster.name}' (current context) has server '${cluster.server.replace(/\/\/[^/@]*@/, '//***@')}'; expected an https:// URL of the API server` +
      ` (http:// only with 'insecure-skip-tls-verify: true' on that cluster, which sends the credentials unencrypted).`
  )
}

/** The namespace to work in: the input's, else the context's, else 'default'. */
export function resolveNamespace(loaded: LoadedKubeconfig, input: string | undefined): string {
  return input?.trim() || loaded.contextNamespace || 'default'
}

/** Leaves the written file's path to the post step. */
export function saveKubeconfigForCleanup(loaded: LoadedKubeconfig): void {
  if (loaded.file) core.saveState(KUBECONFIG_FILE_STATE, loaded.file)
}
