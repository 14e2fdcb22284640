/** The configuration files of the cluster's components, written at `up` from the layout. */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { stringify } from 'yaml'
import { containerdSocket, file, registry, server, type Layout } from './layout.js'
import type { Pki } from './pki.js'

function write(target: string, text: string, mode = 0o600): void {
  mkdirSync(path.dirname(target), { recursive: true })
  writeFileSync(target, text, { mode })
}

/** A kubeconfig for one client certificate, with the CA and credentials inline (a user can copy it anywhere). */
export function kubeconfigText(l: Layout, pki: Pki, user: string, readFile: (p: string) => string): string {
  const b64 = (name: string) => Buffer.from(readFile(pki.path(name))).toString('base64')
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'pipeline-actions', cluster: { server: server(l), 'certificate-authority-data': b64('ca.crt') } }],
    users: [{ name: user, user: { 'client-certificate-data': b64(`${user}.crt`), 'client-key-data': b64(`${user}.key`) } }],
    contexts: [{ name: 'pipeline-actions', context: { cluster: 'pipeline-actions', user, namespace: 'default' } }],
    'current-context': 'pipeline-actions'
  })
}

export function writeKubeconfig(l: Layout, pki: Pki, user: string, readFile: (p: string) => string): string {
  const target = file(l, 'kubeconfig', `${user}.kubeconfig`)
  write(target, kubeconfigText(l, pki, user, readFile))
  return target
}

export function writeKubeletConfig(l: Layout, pki: Pki): string {
  const target = file(l, 'kubelet', 'config.yaml')
  // Pods get a resolver that answers nothing rather than the host's: nothing in a pod may reach beyond this machine.
  write(file(l, 'kubelet', 'resolv.conf'), 'nameserver 127.0.0.1\n', 0o644)
  write(
    target,
    stringify({
      apiVersion: 'kubelet.config.k8s.io/v1beta1',
      kind: 'KubeletConfiguration',
      address: l.nodeIP,
      port: 10250,
      readOnlyPort: 0,
      healthzBindAddress: '127.0.0.1',
      healthzPort: 10248,
      authentication: { anonymous: { enabled: false }, webhook: { enabled: true }, x509: { clientCAFile: pki.path('ca.crt') } },
      authorization: { mode: 'Webhook' },
      tlsCertFile: pki.path('kubelet.crt'),
      tlsPrivateKeyFile: pki.path('kubelet.key'),
      // PID 1 is not systemd here, and the host has cgroup v1 (kubelet 1.35+ would also need failCgroupV1: false).
      cgroupDriver: 'cgroupfs',
      failCgroupV1: false,
      failSwapOn: false,
      containerRuntimeEndpoint: `unix://${containerdSocket(l)}`,
      resolvConf: file(l, 'kubelet', 'resolv.conf'),
      serializeImagePulls: false,
      // A test node on a shared disk: evict only when truly out of space, never because the disk is busy elsewhere.
      evictionHard: { 'memory.available': '100Mi', 'nodefs.available': '1%', 'imagefs.available': '1%', 'nodefs.inodesFree': '1%' },
      imageGCHighThresholdPercent: 99,
      imageGCLowThresholdPercent: 98,
      // Pod status reaches the API sooner (defaults are tuned for thousands of nodes, not one).
      nodeStatusUpdateFrequency: '4s',
      syncFrequency: '10s',
      fileCheckFrequency: '10s',
      rotateCertificates: false,
      serverTLSBootstrap: false,
      enableServer: true,
      maxPods: 250
    }),
    0o644
  )
  return target
}

export function writeContainerdConfig(l: Layout): string {
  const target = file(l, 'containerd', 'config.toml')
  const hosts = file(l, 'containerd', 'certs.d')
  // The node pulls from the local registry over plain http, as kind's local-registry guide sets it up.
  write(path.join(hosts, registry(l), 'hosts.toml'), `server = "http://${registry(l)}"\n\n[host."http://${registry(l)}"]\n  capabilities = ["pull", "resolve"]\n`, 0o644)
  write(
    target,
    [
      'version = 2',
      `root = "${file(l, 'containerd', 'root')}"`,
      `state = "${file(l, 'containerd', 'state')}"`,
      '[grpc]',
      `  address = "${containerdSocket(l)}"`,
      '[plugins."io.containerd.grpc.v1.cri"]',
      `  sandbox_image = "${registry(l)}/pause:${PAUSE_TAG}"`,
      '  enable_unprivileged_ports = true',
      // This workplace's root lacks CAP_SYS_RESOURCE, so no process may lower its oom_score_adj below its parent's:
      // without this, runc fails every pod sandbox (-998) and Guaranteed container (-997) with "Permission denied".
      '  restrict_oom_score_adj = true',
      '[plugins."io.containerd.grpc.v1.cri".containerd]',
      '  snapshotter = "overlayfs"',
      '  default_runtime_name = "runc"',
      '[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]',
      '  runtime_type = "io.containerd.runc.v2"',
      '[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]',
      '  SystemdCgroup = false',
      '[plugins."io.containerd.grpc.v1.cri".cni]',
      '  bin_dir = "/usr/lib/cni"',
      `  conf_dir = "${file(l, 'cni', 'net.d')}"`,
      '[plugins."io.containerd.grpc.v1.cri".registry]',
      `  config_path = "${hosts}"`,
      ''
    ].join('\n'),
    0o644
  )
  return target
}

export const PAUSE_TAG = '3.10'

/** The CNI bridge plugin puts each pod in a network namespace of its own on the bridge; pods reach only each other and the node. */
export function writeCniConfig(l: Layout): void {
  write(
    file(l, 'cni', 'net.d', '10-pipeline-actions.conflist'),
    JSON.stringify(
      {
        cniVersion: '1.0.0',
        name: 'pipeline-actions',
        plugins: [
          {
            type: 'bridge',
            bridge: l.bridge,
            isGateway: true,
            ipMasq: false,
            hairpinMode: true,
            ipam: {
              type: 'host-local',
              ranges: [[{ subnet: l.podSubnet, gateway: l.nodeIP }]],
              routes: [{ dst: l.podSubnet }],
              dataDir: file(l, 'cni', 'ipam')
            }
          },
          { type: 'portmap', capabilities: { portMappings: true } }
        ]
      },
      null,
      2
    ),
    0o644
  )
}

export function writeRegistryConfig(l: Layout): string {
  const target = file(l, 'registry', 'config.yml')
  write(
    target,
    stringify({
      version: 0.1,
      log: { level: 'warn' },
      storage: { filesystem: { rootdirectory: file(l, 'registry', 'data') }, delete: { enabled: true } },
      http: { addr: registry(l) }
    }),
    0o644
  )
  return target
}
