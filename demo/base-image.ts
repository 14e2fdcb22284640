/**
 * No base image can be pulled here, so the demo makes one from this machine's own binaries: the Node 24 that runs
 * the demo plus the shared libraries `ldd` names, and dash as /bin/sh. Pushed to the registry the cluster pulls from,
 * it is the `FROM` of examples/service/Containerfile (build-arg BASE), whose pods run it in real containers.
 */
import { execFile, execFileSync } from 'node:child_process'
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

function librariesOf(binary: string): string[] {
  return execFileSync('ldd', [binary], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /(\/\S+)\s+\(0x/.exec(line)?.[1])
    .filter((file): file is string => file !== undefined)
}

/** Builds and pushes `<registry>/base/node:24`; returns its reference. */
export async function pushNodeBase(registryHost: string): Promise<string> {
  const root = mkdtempSync(path.join(tmpdir(), 'demo-base-'))
  try {
    const context = path.join(root, 'context')
    const files = new Map<string, string>([
      [process.execPath, '/usr/local/bin/node'],
      ['/bin/dash', '/bin/sh']
    ])
    for (const library of [...librariesOf(process.execPath), ...librariesOf('/bin/dash')]) files.set(library, library)
    for (const [source, target] of files) {
      mkdirSync(path.dirname(path.join(context, target)), { recursive: true })
      copyFileSync(source, path.join(context, target))
    }
    // The service runs as an unprivileged user (USER 65534), so /tmp is world-writable and sticky, as in any base image.
    mkdirSync(path.join(context, 'tmp'))
    chmodSync(path.join(context, 'tmp'), 0o1777)
    writeFileSync(path.join(context, 'Containerfile'), 'FROM scratch\nCOPY . /\nENV PATH=/usr/local/bin:/usr/bin:/bin\n')
    const global = ['--root', path.join(root, 'storage'), '--runroot', path.join(root, 'run'), '--storage-driver', 'vfs']
    const reference = `${registryHost}/base/node:24`
    await run('buildah', [...global, 'bud', '--isolation', 'chroot', '-q', '--file', path.join(context, 'Containerfile'), '--tag', 'localhost/demo-node-base', context])
    await run('buildah', [...global, 'push', '--tls-verify=false', 'localhost/demo-node-base', `docker://${reference}`])
    return reference
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}
