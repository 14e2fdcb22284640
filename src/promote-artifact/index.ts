/**
 * The promote-artifact bundle's entry point. The inputs are validated here, before the rest of the action (a chunk
 * of its own, with the registry client) is loaded, so a bad input is refused at a fraction of the start-up.
 */
import { exitWhenDone, runAction } from '../lib/action/run.js'
import { readInputs } from './inputs.js'

await runAction('promote-artifact', {
  main: async () => {
    const inputs = readInputs()
    const { main } = await import('./main.js')
    await main(inputs)
  }
})
exitWhenDone()
