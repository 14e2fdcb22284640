import { afterEach, describe, expect, it } from '@jest/globals'
import { accepted, chooseCluster, parseClusterOption } from '../../../demo/cluster-choice.js'

const CLUSTER = 'https://127.0.0.1:6443 (Kubernetes v1.33.1, context kind-demo)'
const kubeconfigBefore = process.env.KUBECONFIG
afterEach(() => {
  if (kubeconfigBefore === undefined) delete process.env.KUBECONFIG
  else process.env.KUBECONFIG = kubeconfigBefore
})

describe('where the demo runs its Kubernetes stages', () => {
  it('uses the emulator when no cluster answers, asked or not', () => {
    expect(chooseCluster(undefined, undefined, true)).toEqual({ use: 'emulator' })
    expect(chooseCluster('emulator', CLUSTER, true)).toEqual({ use: 'emulator' })
  })

  it('offers a reachable cluster: asks on a terminal, defaults to no', () => {
    const choice = chooseCluster(undefined, CLUSTER, true)
    expect(choice).toMatchObject({ use: 'ask' })
    expect((choice as { question: string }).question).toContain(`KUBECONFIG reaches ${CLUSTER}`)
    expect((choice as { question: string }).question).toMatch(/\[y\/N\] $/)
    for (const yes of ['y', 'Y', 'yes', ' YES ']) expect(accepted(yes)).toBe(true)
    for (const no of ['', 'n', 'no', 'yep', 'sure']) expect(accepted(no)).toBe(false)
  })

  it('names the reachable cluster and the option to use it when nobody can answer', () => {
    expect(chooseCluster(undefined, CLUSTER, false)).toEqual({
      use: 'emulator',
      note: `KUBECONFIG reaches ${CLUSTER}; the demo uses the emulator. To use that cluster instead: npm run demo -- --cluster=kubeconfig`
    })
  })

  it('uses the cluster when asked to, and says why it cannot when none answers', () => {
    expect(chooseCluster('kubeconfig', CLUSTER, false)).toEqual({ use: 'kubeconfig' })
    delete process.env.KUBECONFIG
    expect(chooseCluster('kubeconfig', undefined, false)).toEqual({ error: expect.stringContaining('--cluster=kubeconfig needs KUBECONFIG') })
    process.env.KUBECONFIG = '/tmp/none.yaml'
    expect(chooseCluster('kubeconfig', undefined, false)).toEqual({ error: expect.stringContaining('the cluster of KUBECONFIG=/tmp/none.yaml does not answer') })
  })

  it('accepts only the two cluster names', () => {
    expect(parseClusterOption('kubeconfig')).toBe('kubeconfig')
    expect(parseClusterOption(undefined)).toBeUndefined()
    expect(parseClusterOption('kind')).toEqual({ error: '--cluster=kind is not known (accepted: emulator, kubeconfig)' })
  })
})
