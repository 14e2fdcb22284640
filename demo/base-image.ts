/**
 * No base image can be pulled here, so the demo makes one from this machine's own binaries: the Node 24 that runs
 * the demo plus the shared libraries `ldd` names, and dash as /bin/sh. Pushed to the registry the cluster pulls from,
 * it is the `FROM` of examples/service/Containerfile (build-arg BASE), whose pods run it in real containers.
 */
import { execFileSync } from 'node:child_process'
import { pushScratchImage } from '../local/cluster/images.js'

function librariesOf(binary: string): string[] {
  return execFileSync('ldd', [binary], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /(\/\S+)\s+\(0x/.exec(line)?.[1])
    .filter((file): file is string => file !== undefined)
}

/** Builds and pushes `<registry>/base/node:24`; returns its reference. */
export async function pushNodeBase(registryHost: string): Promise<string> {
  const files = new Map<string, string>([
    [process.execPath, '/usr/local/bin/node'],
    ['/bin/dash', '/bin/sh']
  ])
  for (const library of [...librariesOf(process.execPath), ...librariesOf('/bin/dash')]) files.set(library, library)
  const reference = `${registryHost}/base/node:24`
  // The service runs as an unprivileged user (USER 65534), so /tmp is world-writable and sticky, as in any base image.
  await pushScratchImage({ files, directories: { '/tmp': 0o1777 }, config: ['ENV PATH=/usr/local/bin:/usr/bin:/bin'], reference })
  return reference
}
