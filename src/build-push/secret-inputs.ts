/**
 * build-push's build secret inputs, read with the other inputs (every value masked before anything is printed):
 * `secrets` (`id=value` lines), `secret-files` (`id=path` lines, inside the workspace or RUNNER_TEMP) and `ssh`
 * (`default` for the agent at SSH_AUTH_SOCK, or `id=path[,path]` to an agent socket or key files).
 */
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import type { Inputs } from '../lib/action/inputs.js'
import { placePath, type Root } from '../lib/action/paths.js'
import { maskSecret } from '../lib/action/secrets.js'
import { SECRET_ID, splitSecretLine, type BuildSecret, type SshForward } from './build-secrets.js'

export interface BuildSecrets {
  secrets: BuildSecret[]
  ssh: SshForward[]
}

/** Non-blank, non-comment lines with their line numbers (the value is not trimmed inside). */
function numberedLines(text: string): { text: string; line: number }[] {
  return text
    .split(/\r?\n/)
    .map((value, index) => ({ text: value.trim(), line: index + 1 }))
    .filter((entry) => entry.text !== '' && !entry.text.startsWith('#'))
}

export function readBuildSecrets(inputs: Inputs, workspace: string, roots: Root[], env: { SSH_AUTH_SOCK?: string | undefined }): BuildSecrets {
  const secrets: BuildSecret[] = []
  const ids = new Set<string>()
  const value = (name: string) => inputs.raw(name)
  // Masked first, line by line (a short value too): a refusal below never shows one.
  const secretLines = numberedLines(value('secrets'))
  for (const { text } of secretLines) {
    const eq = text.indexOf('=')
    if (eq >= 0) maskSecret(text.slice(eq + 1))
    else maskSecret(text)
  }
  for (const { text, line } of secretLines) {
    const split = splitSecretLine(text)
    if ('problem' in split) inputs.fail('secrets', `line ${line} (value hidden)`, `lines of the form \`id=value\` (${split.problem})`)
    else if (ids.has(split.id)) inputs.fail('secrets', `line ${line} (id '${split.id}')`, 'each secret id once across secrets and secret-files')
    else {
      ids.add(split.id)
      secrets.push({ id: split.id, value: split.rest })
    }
  }
  for (const { text, line } of numberedLines(value('secret-files'))) {
    const split = splitSecretLine(text)
    if ('problem' in split) {
      inputs.fail('secret-files', text, `lines of the form \`id=path\` (${split.problem.replace('secret', 'path of')})`)
      continue
    }
    if (ids.has(split.id)) {
      inputs.fail('secret-files', text, `each secret id once across secrets and secret-files (line ${line})`)
      continue
    }
    const placed = placePath(split.rest.trim(), workspace, roots)
    if ('problem' in placed) inputs.fail('secret-files', text, placed.problem)
    else if (!existsSync(placed.path) || !statSync(placed.path).isFile()) inputs.fail('secret-files', text, `a file that exists (${placed.path} does not)`)
    else {
      ids.add(split.id)
      secrets.push({ id: split.id, file: placed.path })
    }
  }
  return { secrets, ssh: readSsh(inputs, workspace, env) }
}

function readSsh(inputs: Inputs, workspace: string, env: { SSH_AUTH_SOCK?: string | undefined }): SshForward[] {
  const forwards: SshForward[] = []
  for (const { text } of numberedLines(inputs.raw('ssh'))) {
    const eq = text.indexOf('=')
    const id = (eq < 0 ? text : text.slice(0, eq)).trim()
    const paths = eq < 0 ? [] : text.slice(eq + 1).split(',').map((p) => p.trim()).filter(Boolean)
    if (!SECRET_ID.test(id)) inputs.fail('ssh', text, "`default` (the agent at SSH_AUTH_SOCK) or `id=path` to an agent socket or key files, the id a name of letters, digits, '_', '.', '-'")
    else if (forwards.some((f) => f.id === id)) inputs.fail('ssh', text, 'each id once')
    else if (paths.length === 0 && id !== 'default') inputs.fail('ssh', text, `\`${id}=path\`: a path to an agent socket or key files (only \`default\` may stand alone, for SSH_AUTH_SOCK)`)
    else if (paths.length === 0 && !env.SSH_AUTH_SOCK) inputs.fail('ssh', text, '`default` with an SSH agent running (SSH_AUTH_SOCK is not set: start one first, e.g. with ssh-agent and ssh-add), or `id=path` to a key file')
    else {
      const resolved = paths.map((p) => path.resolve(workspace, p))
      const missing = resolved.filter((p) => !existsSync(p))
      if (missing.length > 0) inputs.fail('ssh', text, `paths to an agent socket or key files that exist (${missing.join(', ')} ${missing.length > 1 ? 'do' : 'does'} not)`)
      else forwards.push({ id, paths: resolved })
    }
  }
  return forwards
}
