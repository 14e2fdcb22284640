/**
 * The canary-deploy bundle's entry: one file for the main step and the post step (see main.ts). The inputs are
 * validated here, before the rest of the action (a chunk of its own, with the Kubernetes client) is loaded, so a bad
 * input is refused at a fraction of the start-up; the post step loads it only when main left a canary to undo.
 */
import * as core from '../lib/action/runner.js'
import { exitWhenDone, runAction } from '../lib/action/run.js'
import { removeKubeconfigFile } from '../lib/kube/kubeconfig-file.js'
import { readInputs } from './inputs.js'
import { holdsCanary } from './post-state.js'

await runAction('canary-deploy', {
  main: async () => {
    const inputs = await core.group('Read inputs', async () => readInputs())
    const { main } = await import('./main.js')
    await main(inputs)
  },
  post: async () => {
    if (holdsCanary()) await (await import('./main.js')).post()
    else removeKubeconfigFile()
  }
})
exitWhenDone()
