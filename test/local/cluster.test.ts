/**
 * The local cluster is upstream Kubernetes at the pinned version, judged by the pinned kubectl: a Ready node
 * reporting tools/kubernetes/go.mod's version, the registry announced as KEP-1755 describes, and a Deployment of an
 * image from that registry Ready with containers the node's containerd runs.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { kubectl } from '../../local/kube/cluster.js'
import { ROOT } from '../../local/harness.js'
import { pushKubeServiceImages } from '../../local/kube/images.js'
import { webDeployment } from '../../local/kube/manifests.js'
import { kubeTest, type KubeTest } from '../../local/kube/client.js'

const pinned = /^\s*k8s\.io\/kubernetes (v\S+)/m.exec(readFileSync(path.join(ROOT, 'tools/kubernetes/go.mod'), 'utf8'))![1]!

let kube: KubeTest
beforeAll(async () => {
  kube = await kubeTest('cluster')
})
afterAll(async () => {
  await kube?.close()
})

it('runs a Ready node and an API server of the pinned upstream version', async () => {
  expect(kube.cluster.version).toBe(pinned)
  const nodes = JSON.parse(await kubectl(kube.cluster, kube.kubeconfig, ['get', 'nodes', '-o', 'json'])) as {
    items: { status: { conditions: { type: string; status: string }[]; nodeInfo: { kubeletVersion: string; containerRuntimeVersion: string } } }[]
  }
  expect(nodes.items).toHaveLength(1)
  const node = nodes.items[0]!.status
  expect(node.conditions.find((c) => c.type === 'Ready')?.status).toBe('True')
  expect(node.nodeInfo.kubeletVersion).toBe(pinned)
  expect(node.nodeInfo.containerRuntimeVersion).toMatch(/^containerd:\/\//)
  const version = JSON.parse(await kubectl(kube.cluster, kube.kubeconfig, ['version', '-o', 'json'])) as { clientVersion: { gitVersion: string }; serverVersion: { gitVersion: string } }
  expect([version.clientVersion.gitVersion, version.serverVersion.gitVersion]).toEqual([pinned, pinned])
})

it('announces its registry (KEP-1755) and runs a Deployment of an image pushed there', async () => {
  const hosting = await kube.core.readNamespacedConfigMap({ name: 'local-registry-hosting', namespace: 'kube-public' })
  expect(hosting.data?.['localRegistryHosting.v1']).toContain(`host: "${kube.cluster.registry}"`)
  const images = await pushKubeServiceImages(kube.cluster.registry)
  await kube.create(webDeployment(images.ref('2'), { replicas: 2 }))
  await kubectl(kube.cluster, kube.kubeconfig, ['rollout', 'status', 'deployment/web', '--timeout=90s'])
  const pods = await kube.pods('app=web')
  expect(pods).toHaveLength(2)
  for (const pod of pods) {
    // The digest is what was pushed. The name containerd reports is any of the image's names on the node: another
    // test pulls the same content through a fault proxy's address, so the tag is checked and the host is not.
    expect(pod.status?.containerStatuses?.[0]).toMatchObject({
      ready: true,
      image: expect.stringMatching(/\/kube-service:2$/),
      imageID: expect.stringMatching(new RegExp(`/kube-service@${images.digests['2']}$`)),
      containerID: expect.stringMatching(/^containerd:\/\/[0-9a-f]{64}$/),
    })
    // The pod answers on its own address, in its own network namespace on the node's bridge.
    const answer = await fetch(`http://${pod.status!.podIP!}:8080/`)
    expect(await answer.text()).toBe('ok 2\n')
  }
}, 120_000)

it('runs Traefik as its Gateway API implementation: the shared Gateway is Programmed, and Traefik holds only its documented rights', async () => {
  const { gateway } = kube.cluster
  const programmed = await kubectl(kube.cluster, kube.kubeconfig, ['get', 'gateway', gateway.name, '-n', gateway.namespace, '-o', 'jsonpath={.status.conditions[?(@.type=="Programmed")].status}'])
  expect(programmed).toBe('True')
  const gatewayClass = await kubectl(kube.cluster, kube.kubeconfig, ['get', 'gatewayclass', 'traefik', '-o', 'jsonpath={.spec.controllerName} {.status.conditions[?(@.type=="Accepted")].status}'])
  expect(gatewayClass).toBe('traefik.io/gateway-controller True')
  // The standard channel's CRDs, at the version Traefik is built against.
  const bundle = await kubectl(kube.cluster, kube.kubeconfig, ['get', 'crd', 'httproutes.gateway.networking.k8s.io', '-o', 'jsonpath={.metadata.annotations.gateway\\.networking\\.k8s\\.io/bundle-version} {.metadata.annotations.gateway\\.networking\\.k8s\\.io/channel}'])
  const gatewayApi = /sigs\.k8s\.io\/gateway-api (v\S+)/.exec(readFileSync(path.join(ROOT, 'tools/traefik/go.mod'), 'utf8'))![1]
  expect(bundle).toBe(`${gatewayApi} standard`)
  const can = (verb: string, resource: string, subresource?: string) =>
    kubectl(kube.cluster, kube.kubeconfig, ['auth', 'can-i', verb, resource, ...(subresource ? [`--subresource=${subresource}`] : []), '--all-namespaces', '--as=traefik-controller']).then(
      (out) => out.trim(),
      // `can-i` answers "no" with exit code 1.
      (error: { stdout?: string }) => (error.stdout?.trim() === 'no' ? 'no' : Promise.reject(error as Error))
    )
  expect(await can('watch', 'httproutes.gateway.networking.k8s.io')).toBe('yes')
  expect(await can('update', 'httproutes.gateway.networking.k8s.io', 'status')).toBe('yes')
  expect(await can('update', 'httproutes.gateway.networking.k8s.io')).toBe('no')
  expect(await can('create', 'deployments.apps')).toBe('no')
})
