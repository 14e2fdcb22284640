import { runAction } from '../lib/action/run.js'
import { main, post } from './main.js'

await runAction('canary-deploy', { main, post })
