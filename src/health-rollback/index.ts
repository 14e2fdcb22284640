/** The health-rollback bundle's entry point. */
import { runAction } from '../lib/action/run.js'
import { main, post } from './main.js'

await runAction('health-rollback', { main, post })
