/** The command line of each of the cluster's processes, in the order `up` starts them. */
import path from 'node:path'
import type { Daemon } from './daemons.js'
import { file, type Layout } from './layout.js'
import type { Pki } from './pki.js'

const bin = (l: Layout, name: string) => path.join(l.bin, name)

export function registryDaemon(config: string): Daemon {
  return { name: 'registry', program: 'docker-registry', args: ['serve', config] }
}

export function etcd(l: Layout): Daemon {
  const client = `http://127.0.0.1:${l.etcdPort}`
  const peer = `http://127.0.0.1:${l.etcdPort + 1}`
  return {
    name: 'etcd',
    program: bin(l, 'etcd'),
    args: [
      '--name=pipeline-actions',
      `--data-dir=${file(l, 'etcd')}`,
      `--listen-client-urls=${client}`,
      `--advertise-client-urls=${client}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=pipeline-actions=${peer}`,
      // A throw-away test cluster: durability across power loss buys nothing and costs every write an fsync.
      '--unsafe-no-fsync',
      '--log-level=warn'
    ]
  }
}

export function apiServer(l: Layout, pki: Pki): Daemon {
  return {
    name: 'kube-apiserver',
    program: bin(l, 'kube-apiserver'),
    args: [
      `--etcd-servers=http://127.0.0.1:${l.etcdPort}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${l.apiPort}`,
      `--advertise-address=${l.nodeIP}`,
      `--tls-cert-file=${pki.path('apiserver.crt')}`,
      `--tls-private-key-file=${pki.path('apiserver.key')}`,
      `--client-ca-file=${pki.path('ca.crt')}`,
      `--kubelet-client-certificate=${pki.path('apiserver-kubelet-client.crt')}`,
      `--kubelet-client-key=${pki.path('apiserver-kubelet-client.key')}`,
      `--kubelet-certificate-authority=${pki.path('ca.crt')}`,
      '--kubelet-preferred-address-types=InternalIP',
      `--service-account-key-file=${pki.path('sa.pub')}`,
      `--service-account-signing-key-file=${pki.path('sa.key')}`,
      // The first issuer names itself by the URL the API server answers on, so that an OIDC client outside the cluster
      // (the keyless-signing tests' Fulcio) can discover it and fetch its keys; the in-cluster name is accepted too.
      `--service-account-issuer=https://127.0.0.1:${l.apiPort}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-jwks-uri=https://127.0.0.1:${l.apiPort}/openid/v1/jwks`,
      `--service-cluster-ip-range=${l.serviceSubnet}`,
      '--authorization-mode=Node,RBAC',
      '--enable-admission-plugins=NodeRestriction',
      '--allow-privileged=true',
      '--profiling=false'
    ]
  }
}

/** How the controller-manager and the scheduler reach the API server, and serve their own port on loopback only. */
const controlPlaneClient = (kubeconfig: string): string[] => [
  `--kubeconfig=${kubeconfig}`,
  `--authentication-kubeconfig=${kubeconfig}`,
  `--authorization-kubeconfig=${kubeconfig}`,
  '--bind-address=127.0.0.1',
  // One instance of each: nothing to elect.
  '--leader-elect=false'
]

export function controllerManager(l: Layout, pki: Pki, kubeconfig: string): Daemon {
  return {
    name: 'kube-controller-manager',
    program: bin(l, 'kube-controller-manager'),
    args: [
      ...controlPlaneClient(kubeconfig),
      '--use-service-account-credentials=true',
      `--service-account-private-key-file=${pki.path('sa.key')}`,
      `--root-ca-file=${pki.path('ca.crt')}`,
      `--cluster-signing-cert-file=${pki.path('ca.crt')}`,
      `--cluster-signing-key-file=${pki.path('ca.key')}`,
      `--service-cluster-ip-range=${l.serviceSubnet}`,
      '--profiling=false'
    ]
  }
}

export function scheduler(l: Layout, kubeconfig: string): Daemon {
  return {
    name: 'kube-scheduler',
    program: bin(l, 'kube-scheduler'),
    args: [...controlPlaneClient(kubeconfig), '--profiling=false']
  }
}

export function containerd(config: string): Daemon {
  return { name: 'containerd', program: 'containerd', args: ['--config', config] }
}

export function kubelet(l: Layout, config: string, kubeconfig: string): Daemon {
  return {
    name: 'kubelet',
    program: bin(l, 'kubelet'),
    args: [
      `--config=${config}`,
      `--kubeconfig=${kubeconfig}`,
      `--root-dir=${file(l, 'kubelet', 'root')}`,
      `--hostname-override=${l.nodeName}`,
      `--node-ip=${l.nodeIP}`,
      '--v=1'
    ]
  }
}
