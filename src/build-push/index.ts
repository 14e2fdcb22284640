import { runAction } from '../lib/action/run.js'
import { main } from './main.js'
import { post } from './post.js'

await runAction('build-push', { main, post })
