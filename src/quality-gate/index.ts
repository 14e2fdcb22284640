/**
 * The quality-gate bundle's entry point: the runner runs it for the main step and the post step. The inputs are
 * validated here, before the rest of the action (a chunk of its own) is loaded, so a bad input is refused at a
 * fraction of the start-up; the post step, which runs after every job, loads nothing more unless main left a
 * package cache to save.
 */
import { runnerInputs } from '../lib/action/inputs.js'
import { exitWhenDone, runAction } from '../lib/action/run.js'
import { checkInputFiles, readInputs } from './inputs.js'
import { pendingPackageCache } from './package-cache-steps.js'

await runAction('quality-gate', {
  main: async () => {
    const inputs = readInputs(runnerInputs, process.env)
    await checkInputFiles(inputs)
    const { main } = await import('./main.js')
    await main(inputs)
  },
  post: async () => {
    if (pendingPackageCache()) await (await import('./main.js')).post()
  }
})
exitWhenDone()
