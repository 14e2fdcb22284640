/** The canary-deploy bundle's entry: one file for the main step and the post step (see main.ts). */
import { runAction } from '../lib/action/run.js'
import { main, post } from './main.js'

await runAction('canary-deploy', { main, post })
