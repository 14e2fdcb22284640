/** The quality-gate bundle's entry point: the runner runs it for the main step and the post step. */
import { runAction } from '../lib/action/run.js'
import { main, post } from './main.js'

await runAction('quality-gate', { main, post })
