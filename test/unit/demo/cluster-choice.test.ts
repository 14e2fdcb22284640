import { describe, expect, it } from '@jest/globals'
import { accepted, chooseCluster, kubeconfigSource, parseClusterOption } from '../../../demo/cluster-choice.js'

const CLUSTER = 'https://127.0.0.1:6443 (Kubernetes v1.33.1, context kind-demo)'
const SOURCE = '~/.kube/config'

describe('which kubeconfig the demo looks at', () => {
  it('KUBECONFIG first, else ~/.kube/config when it exists, as kubectl does', () => {
    expect(kubeconfigSource({ KUBECONFIG: '/etc/k/admin.conf' }, true)).toBe('KUBECONFIG=/etc/k/admin.conf')
    expect(kubeconfigSource({}, true)).toBe('~/.kube/config')
    expect(kubeconfigSource({ KUBECONFIG: '' }, false)).toBeUndefined()
  })
})

describe('where the demo runs its Kubernetes stages', () => {
  it('uses the emulator when no cluster answers, asked or not', () => {
    expect(chooseCluster(undefined, undefined, true, SOURCE)).toEqual({ use: 'emulator' })
    expect(chooseCluster('emulator', CLUSTER, true, SOURCE)).toEqual({ use: 'emulator' })
  })

  it('offers a reachable cluster: asks on a terminal, defaults to no', () => {
    const choice = chooseCluster(undefined, CLUSTER, true, SOURCE)
    expect(choice).toMatchObject({ use: 'ask' })
    expect((choice as { question: string }).question).toContain(`~/.kube/config reaches ${CLUSTER}`)
    expect((choice as { question: string }).question).toMatch(/\[y\/N\] $/)
    for (const yes of ['y', 'Y', 'yes', ' YES ']) expect(accepted(yes)).toBe(true)
    for (const no of ['', 'n', 'no', 'yep', 'sure']) expect(accepted(no)).toBe(false)
  })

  it('names the reachable cluster and the option to use it when nobody can answer', () => {
    expect(chooseCluster(undefined, CLUSTER, false, 'KUBECONFIG=/k')).toEqual({
      use: 'emulator',
      note: `KUBECONFIG=/k reaches ${CLUSTER}; the demo uses the emulator. To use that cluster instead: npm run demo -- --cluster=kubeconfig`
    })
  })

  it('uses the cluster when asked to, and says why it cannot when none answers', () => {
    expect(chooseCluster('kubeconfig', CLUSTER, false, SOURCE)).toEqual({ use: 'kubeconfig' })
    expect(chooseCluster('kubeconfig', undefined, false, undefined)).toEqual({ error: expect.stringContaining('--cluster=kubeconfig needs a kubeconfig for a cluster you may change: set KUBECONFIG, or create ~/.kube/config') })
    expect(chooseCluster('kubeconfig', undefined, false, 'KUBECONFIG=/tmp/none.yaml')).toEqual({ error: expect.stringContaining('the cluster of KUBECONFIG=/tmp/none.yaml does not answer') })
  })

  it('accepts only the two cluster names', () => {
    expect(parseClusterOption('kubeconfig')).toBe('kubeconfig')
    expect(parseClusterOption(undefined)).toBeUndefined()
    expect(parseClusterOption('kind')).toEqual({ error: '--cluster=kind is not known (accepted: emulator, kubeconfig)' })
  })
})
