/**
 * What the build-push integration tests share: a base image made from this machine's own binaries (dash as /bin/sh
 * plus the libraries `ldd` names: enough for a RUN step, about 1 MB), pushed once per test file; workspaces with a
 * Dockerfile; and reading images back with skopeo, independently of our OCI client.
 */
import { execFile, execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { makeWorkspace } from '../workspace.js'

const run = promisify(execFile)

/** Host files needed to run /bin/sh in an image: dash and its shared libraries. */
export function shellFiles(): string[] {
  const libraries = execFileSync('ldd', ['/bin/dash'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /(\/\S+)\s+\(0x/.exec(line)?.[1])
    .filter((file): file is string => file !== undefined)
  return ['/bin/dash', ...libraries]
}

/** A host program and the shared libraries `ldd` names for it. */
export function programFiles(program: string): string[] {
  const libraries = execFileSync('ldd', [program], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /(\/\S+)\s+\(0x/.exec(line)?.[1])
    .filter((file): file is string => file !== undefined)
  return [program, ...libraries]
}

/**
 * Builds the shell base image with buildah in its own storage and pushes it (as `creds`, `user:password`, to a
 * registry that asks); returns its reference. `extra`: more host programs to copy in with their libraries.
 */
export async function pushShellBase(registryHost: string, repository = 'base/dash', options: { creds?: string; extra?: string[] } = {}): Promise<{ reference: string; cleanup: () => void }> {
  const root = mkdtempSync(path.join(tmpdir(), 'bp-base-'))
  const context = path.join(root, 'context')
  for (const file of [...shellFiles(), ...(options.extra ?? []).flatMap(programFiles)]) {
    const target = path.join(context, file === '/bin/dash' ? '/bin/sh' : file)
    mkdirSync(path.dirname(target), { recursive: true })
    copyFileSync(file, target)
  }
  writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\nCOPY . /\n')
  const global = ['--root', path.join(root, 'storage'), '--runroot', path.join(root, 'run'), '--storage-driver', 'vfs']
  const reference = `${registryHost}/${repository}:1`
  await run('buildah', [...global, 'bud', '--isolation', 'chroot', '-q', '--tag', 'localhost/shell-base', context])
  await run('buildah', [...global, 'push', '--tls-verify=false', ...(options.creds ? ['--creds', options.creds] : []), 'localhost/shell-base', `docker://${reference}`])
  return { reference, cleanup: () => rmSync(root, { recursive: true, force: true }) }
}

/** A workspace holding the given files (Dockerfile and sources). */
export function workspaceWith(files: Record<string, string>): string {
  const dir = makeWorkspace()
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    writeFileSync(path.join(dir, name), content)
  }
  return dir
}

export interface Inspected {
  Digest: string
  Labels: Record<string, string> | null
  Layers: string[]
  Created: string
}

/** `creds`: `user:password` for a registry that asks. */
export async function skopeo(reference: string, creds?: string): Promise<Inspected> {
  const { stdout } = await run('skopeo', ['inspect', '--tls-verify=false', '--no-tags', ...(creds ? ['--creds', creds] : []), `docker://${reference}`])
  return JSON.parse(stdout) as Inspected
}

export async function skopeoTags(repository: string): Promise<string[]> {
  const { stdout } = await run('skopeo', ['list-tags', '--tls-verify=false', `docker://${repository}`])
  return ((JSON.parse(stdout) as { Tags: string[] }).Tags ?? []).sort()
}

/** The run's directories that build-push left under RUNNER_TEMP (none after the post step). */
export function leftovers(runnerTemp: string): string[] {
  try {
    return readdirSync(runnerTemp).filter((name) => name.startsWith('build-push-'))
  } catch {
    return []
  }
}
