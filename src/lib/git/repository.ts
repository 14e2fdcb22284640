/** The git repository a directory is in (its top directory). */
import { runCommand } from '../exec/command.js'

/** The top directory of the git repository holding `cwd`, or undefined outside one. */
export async function repositoryRoot(cwd: string): Promise<string | undefined> {
  const top = await runCommand(['git', 'rev-parse', '--show-toplevel'], { cwd, echo: false })
  return top.exitCode === 0 ? top.stdout.trim() : undefined
}
