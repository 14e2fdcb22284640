/**
 * The build-push bundle's entry point: the runner runs it for the main step and the post step. The inputs are
 * validated here, before the rest of the action (a chunk of its own) is loaded, so a bad input is refused at a
 * fraction of the start-up; the post step only removes the run's directory and loads nothing more.
 */
import { runnerInputs } from '../lib/action/inputs.js'
import { exitWhenDone, runAction } from '../lib/action/run.js'
import { readInputs } from './inputs.js'
import { removeWorkdir } from './workdir.js'

await runAction('build-push', {
  main: async () => {
    const inputs = readInputs(runnerInputs, process.env)
    const { main } = await import('./main.js')
    await main(inputs)
  },
  post: removeWorkdir
})
exitWhenDone()
