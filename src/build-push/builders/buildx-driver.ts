/**
 * What the selected buildx builder can do, and what that means for this build. The runner's `default` builder uses
 * the docker driver: unless the daemon stores images in containerd, it cannot export a build cache
 * ("Cache export is not supported for the docker driver") nor build several platforms at once. A build that would
 * hit those walls is planned around them (the cache is read but not written, with a warning) or refused before
 * anything runs, naming the input and the fix.
 */
import { runCommand } from '../../lib/exec/command.js'
import type { CachePlan } from '../build-spec.js'

export interface BuildxBuilder {
  name: string
  driver: string
  /** The docker driver on a daemon whose image store is containerd (Docker 29's default): it exports caches. */
  containerdStore: boolean
}

/** `docker buildx inspect` prints `Name:` and `Driver:` lines for the selected builder. */
export function parseBuildxInspect(output: string): Pick<BuildxBuilder, 'name' | 'driver'> | undefined {
  const field = (key: string) => new RegExp(`^${key}:\\s*(\\S+)\\s*$`, 'm').exec(output)?.[1]
  const driver = field('Driver')
  return driver ? { name: field('Name') ?? '?', driver } : undefined
}

/** `docker info --format '{{json .DriverStatus}}'`: the containerd image store reports its snapshotter. */
export function usesContainerdStore(driverStatus: string): boolean {
  return /io\.containerd\.snapshotter/.test(driverStatus)
}

export async function inspectBuildxBuilder(): Promise<BuildxBuilder | undefined> {
  const inspect = await runCommand(['docker', 'buildx', 'inspect'], { echo: false, timeoutMs: 30_000 })
  const builder = inspect.exitCode === 0 ? parseBuildxInspect(inspect.output) : undefined
  if (!builder) return undefined
  if (builder.driver !== 'docker') return { ...builder, containerdStore: false }
  const info = await runCommand(['docker', 'info', '--format', '{{json .DriverStatus}}'], { echo: false, timeoutMs: 20_000 })
  return { ...builder, containerdStore: info.exitCode === 0 && usesContainerdStore(info.output) }
}

export interface DriverPlan {
  cache: CachePlan
  warning?: string
  /** Set when the build cannot run on this builder at all. */
  refusal?: { input: string; value: string; accepted: string }
}

/** Fits the cache plan and the platforms to the builder's driver. Pure. */
export function fitToDriver(builder: BuildxBuilder | undefined, cache: CachePlan, platforms: string[]): DriverPlan {
  const limited = builder?.driver === 'docker' && !builder.containerdStore
  if (!builder || !limited) return { cache }
  if (platforms.length > 1) {
    return {
      cache,
      refusal: {
        input: 'platforms',
        value: platforms.join(','),
        accepted: `one platform on buildx builder '${builder.name}' (docker driver): create a docker-container builder first (docker/setup-buildx-action), or enable the containerd image store, to build several`
      }
    }
  }
  if (cache.kind === 'none') return { cache }
  return {
    cache: { ...cache, readOnly: true },
    warning:
      `buildx builder '${builder.name}' uses the docker driver, which cannot export a build cache: the ${cache.kind} cache is read but not written.` +
      ' To write it, create a docker-container builder before this step (docker/setup-buildx-action), or enable the containerd image store.'
  }
}
