import { describe, expect, it } from '@jest/globals'
import { chooseCluster, kubeconfigSource, NEEDS_ROOT, parseClusterOption } from '../../demo/cluster-choice.js'

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
  it('uses the local cluster by default and when asked to, whatever the kubeconfig reaches', () => {
    expect(parseClusterOption(undefined)).toBe('local')
    expect(parseClusterOption('local')).toBe('local')
    expect(chooseCluster('local', { root: true })).toEqual({ use: 'local' })
    expect(chooseCluster('local', { root: true, reachable: CLUSTER, source: SOURCE })).toEqual({ use: 'local' })
  })

  it('without root, says in one line how to set the local cluster up, and names the other choice', () => {
    expect(chooseCluster('local', { root: false, reachable: CLUSTER, source: SOURCE })).toEqual({ error: NEEDS_ROOT, exitCode: 1 })
    expect(NEEDS_ROOT).not.toContain('\n')
    expect(NEEDS_ROOT).toContain('sudo bash .ci/install-components')
    expect(NEEDS_ROOT).toContain('npm run demo -- --cluster=kubeconfig')
  })

  it('uses the kubeconfig cluster when asked to (root or not), and says why it cannot when none answers', () => {
    expect(parseClusterOption('kubeconfig')).toBe('kubeconfig')
    expect(chooseCluster('kubeconfig', { root: false, reachable: CLUSTER, source: SOURCE })).toEqual({ use: 'kubeconfig' })
    expect(chooseCluster('kubeconfig', { root: true })).toEqual({ exitCode: 2, error: expect.stringContaining('--cluster=kubeconfig needs a kubeconfig for a cluster you may change: set KUBECONFIG, or create ~/.kube/config') })
    expect(chooseCluster('kubeconfig', { root: true, source: 'KUBECONFIG=/tmp/none.yaml' })).toEqual({ exitCode: 2, error: expect.stringContaining('the cluster of KUBECONFIG=/tmp/none.yaml does not answer') })
  })

  it('accepts only the two cluster names, and says what replaced the emulator', () => {
    expect(parseClusterOption('kind')).toEqual({ error: '--cluster=kind is not known (accepted: local, kubeconfig)' })
    expect(parseClusterOption('emulator')).toEqual({ error: expect.stringMatching(/^--cluster=emulator is gone: .*real local cluster.*--cluster=local.*--cluster=kubeconfig/) })
  })
})
