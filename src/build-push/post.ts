import { removeWorkdir } from './workdir.js'

/** Removes the run's builder storage and auth file. */
export async function post(): Promise<void> {
  await removeWorkdir()
}
