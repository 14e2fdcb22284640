/**
 * A real mutating admission webhook that injects a sidecar container into the pods of one namespace, as a service
 * mesh does: an https server on 127.0.0.1 (the API server's own certificate from the cluster's PKI, which names
 * 127.0.0.1) registered with a MutatingWebhookConfiguration. The API server calls it for every pod created there.
 */
import { AdmissionregistrationV1Api } from '@kubernetes/client-node'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { KubeTest } from './client.js'

export interface SidecarWebhook {
  /** Pods the webhook changed, by name (generateName for a ReplicaSet's pods). */
  injected: string[]
  stop(): Promise<void>
}

/** Injects container `name` running `image` (with PORT so it does not take the app's port) into every pod of the test's namespace. */
export async function startSidecarWebhook(kube: KubeTest, sidecar: { name: string; image: string }): Promise<SidecarWebhook> {
  const pki = path.join(path.dirname(kube.cluster.kubeconfig), '..', 'pki')
  const injected: string[] = []
  const server = createServer({ cert: readFileSync(path.join(pki, 'apiserver.crt')), key: readFileSync(path.join(pki, 'apiserver.key')) }, (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const review = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { request: { uid: string; object: { metadata?: { name?: string; generateName?: string } } } }
      const pod = review.request.object
      injected.push(pod.metadata?.name ?? pod.metadata?.generateName ?? '')
      const patch = [{ op: 'add', path: '/spec/containers/-', value: { name: sidecar.name, image: sidecar.image, env: [{ name: 'PORT', value: '15001' }, { name: 'VERSION', value: 'sidecar' }] } }]
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: review.request.uid, allowed: true, patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(patch)).toString('base64') } }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const api = kube.kc.makeApiClient(AdmissionregistrationV1Api)
  const name = `sidecar-${kube.namespace}`
  await api.createMutatingWebhookConfiguration({
    body: {
      metadata: { name },
      webhooks: [
        {
          name: 'sidecar.pipeline-actions.test',
          clientConfig: { url: `https://127.0.0.1:${port}/mutate`, caBundle: readFileSync(path.join(pki, 'ca.crt')).toString('base64') },
          rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }],
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': kube.namespace } },
          admissionReviewVersions: ['v1'],
          sideEffects: 'None',
          failurePolicy: 'Fail',
          timeoutSeconds: 5
        }
      ]
    }
  })
  return {
    injected,
    stop: async () => {
      await api.deleteMutatingWebhookConfiguration({ name }).catch(() => {})
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
