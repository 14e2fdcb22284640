/** The promote-artifact bundle's entry point. */
import { runAction } from '../lib/action/run.js'
import { main } from './main.js'

await runAction('promote-artifact', { main })
