/** Builder `auto`: buildx when a Docker daemon answers, else buildah. */
import { runCommand } from '../../lib/exec/command.js'
import { UserError } from '../../lib/action/errors.js'
import type { BuilderChoice } from '../inputs.js'

export type BuilderName = 'buildx' | 'buildah'

async function answers(argv: string[]): Promise<boolean> {
  const result = await runCommand(argv, { echo: false, timeoutMs: 20_000 })
  return result.exitCode === 0
}

export async function chooseBuilder(choice: BuilderChoice): Promise<{ name: BuilderName; why: string }> {
  if (choice === 'buildx') return { name: 'buildx', why: "input 'builder' is buildx" }
  if (choice === 'buildah') return { name: 'buildah', why: "input 'builder' is buildah" }
  if (await answers(['docker', 'info', '--format', '{{.ServerVersion}}'])) return { name: 'buildx', why: 'a Docker daemon answers' }
  if (await answers(['buildah', '--version'])) return { name: 'buildah', why: 'no Docker daemon answers; buildah is installed' }
  throw new UserError("Input 'builder' is auto, but no Docker daemon answers `docker info` and buildah is not installed: install one of them, or set 'builder'.")
}
