/**
 * Build secrets and SSH forwarding, in docker/build-push-action's names and formats: `secrets` (`id=value` lines),
 * `secret-files` (`id=path` lines) and `ssh` (`default`, or `id=path` to an agent socket or key files). A Dockerfile
 * reads them with `RUN --mount=type=secret,id=<id>` and `RUN --mount=type=ssh`; they reach that step only, never a
 * layer, the cache, the log or a command line: values go to the builder through its environment (buildx) or files
 * 0600 in the run's own directory (buildah), never as arguments. Pure.
 */
import path from 'node:path'

/** A secret the build can mount: a value given inline (masked in the log), or a file's content. */
export type BuildSecret = { id: string; value: string } | { id: string; file: string }

/** An SSH agent socket or key files forwarded to `RUN --mount=type=ssh[,id=<id>]`; `default` without paths is SSH_AUTH_SOCK. */
export interface SshForward {
  id: string
  paths: string[]
}

/** How a secret reaches the builder: from an environment variable of its process, or from a file. */
export type SecretMount = { id: string; env: string } | { id: string; src: string }

/** BuildKit and buildah take an id up to the first `,` or `=`; the ones accepted here are plain names. */
export const SECRET_ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/

/** `id=value` (the value may hold `=`): the id, or why the line is not one. */
export function splitSecretLine(line: string): { id: string; rest: string } | { problem: string } {
  const eq = line.indexOf('=')
  if (eq < 0) return { problem: 'it has no =' }
  const id = line.slice(0, eq).trim()
  const rest = line.slice(eq + 1)
  if (id === '') return { problem: 'it has no id before =' }
  if (!SECRET_ID.test(id)) return { problem: `its id '${id}' is not a name of letters, digits, '_', '.', '-'` }
  if (rest.trim() === '') return { problem: `secret '${id}' is empty` }
  return { id, rest }
}

/** Build-arg names that look like credentials: they end up in the image's history and the log, secrets do not. */
const CREDENTIAL_WORD = /(TOKEN|PASSWORD|PASSWD|SECRET|CREDENTIALS?|PRIVATE_?KEY|API_?KEY|ACCESS_?KEY)/i
const KEY_PART = /(^|[_.-])KEY([_.-]|$)/i

export function credentialLikeBuildArgs(names: string[]): string[] {
  return names.filter((name) => CREDENTIAL_WORD.test(name) || KEY_PART.test(name))
}

export function credentialBuildArgWarning(names: string[]): string | undefined {
  const suspects = credentialLikeBuildArgs(names)
  if (suspects.length === 0) return undefined
  const list = suspects.map((name) => `'${name}'`).join(', ')
  return (
    `build-args ${list} ${suspects.length > 1 ? 'look like credentials' : 'looks like a credential'}: a build arg is printed in the log, ` +
    'shown in the process list and kept in the image history. Pass it through the `secrets` input instead ' +
    '(`ID=value`, read in the Dockerfile with `RUN --mount=type=secret,id=ID`), or `secret-files` for a file.'
  )
}

/**
 * Where each secret comes from for the builder: buildx reads inline values from its environment (BUILD_PUSH_SECRET_<n>),
 * buildah from files written 0600 under `dir`; secret files are passed by path. `env` and `files` are what the
 * adapter must provide.
 */
export function planSecretMounts(secrets: BuildSecret[], via: 'env' | 'file', dir: string): { mounts: SecretMount[]; env: Record<string, string>; files: { path: string; value: string }[] } {
  const mounts: SecretMount[] = []
  const env: Record<string, string> = {}
  const files: { path: string; value: string }[] = []
  secrets.forEach((secret, index) => {
    if ('file' in secret) mounts.push({ id: secret.id, src: secret.file })
    else if (via === 'env') {
      const name = `BUILD_PUSH_SECRET_${index}`
      env[name] = secret.value
      mounts.push({ id: secret.id, env: name })
    } else {
      const file = path.join(dir, `secret-${index}`)
      files.push({ path: file, value: secret.value })
      mounts.push({ id: secret.id, src: file })
    }
  })
  return { mounts, env, files }
}

/** `--secret` and `--ssh` arguments for buildx and buildah (the same syntax): ids and paths, never values. */
export function secretArgs(mounts: SecretMount[], ssh: SshForward[]): string[] {
  const args: string[] = []
  for (const mount of mounts) args.push('--secret', 'env' in mount ? `id=${mount.id},env=${mount.env}` : `id=${mount.id},src=${mount.src}`)
  for (const forward of ssh) args.push('--ssh', forward.paths.length > 0 ? `${forward.id}=${forward.paths.join(',')}` : forward.id)
  return args
}
