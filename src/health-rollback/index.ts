/**
 * The health-rollback bundle's entry point: the runner runs it for the main step and the post step. The inputs are
 * validated here, before the rest of the action (a chunk of its own, with the Kubernetes client) is loaded, so a bad
 * input is refused at a fraction of the start-up; the post step, which runs after every job, only removes the
 * kubeconfig file main wrote and loads nothing more.
 */
import * as core from '../lib/action/runner.js'
import { exitWhenDone, runAction } from '../lib/action/run.js'
import { removeKubeconfigFile } from '../lib/kube/kubeconfig-file.js'
import { readInputs } from './inputs.js'

await runAction('health-rollback', {
  main: async () => {
    const inputs = readInputs()
    const { main } = await import('./main.js')
    await main(inputs)
  },
  post: async () => {
    if (removeKubeconfigFile()) core.info('removed the kubeconfig written for this action')
  }
})
exitWhenDone()
