/**
 * The src/lib/kube tests' fixture: a namespace of its own on the real local cluster, the test service's images,
 * and a KubeClient that talks to the API server through the fault proxy (so a test can inject faults and read the
 * request log). Reads that judge the outcome go straight to the API server (`kube`).
 */
import path from 'node:path'
import { KubeConfig } from '@kubernetes/client-node'
import { KubeClient, type KubeClientOptions } from '../../../../src/lib/kube/client.js'
import { startFaultProxy, type FaultProxy } from '../../../../local/kube-fault-proxy/index.js'
import { pushKubeServiceImages, type KubeImages, type KubeServiceTag } from '../../../../local/kube/images.js'
import { kubeTest, type KubeTest } from '../../../../local/kube/client.js'

/** Short retries, so that injected faults do not slow a test down. */
export const FAST_RETRY = { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 }

export interface KubeLibTest {
  kube: KubeTest
  namespace: string
  proxy: FaultProxy
  /** The proxy's kubeconfig loaded (context namespace = the test's). */
  kc: KubeConfig
  /** Through the proxy. */
  client: KubeClient
  /** `<registry>/kube-service:<tag>`; 'missing' is a tag the registry does not have (a real ErrImagePull). */
  image(tag: KubeServiceTag | 'missing'): string
  close(): Promise<void>
}

let pushed: Promise<KubeImages> | undefined

export async function kubeLibTest(prefix: string, options: KubeClientOptions = {}): Promise<KubeLibTest> {
  const kube = await kubeTest(prefix)
  try {
    pushed ??= pushKubeServiceImages(kube.cluster.registry)
    const images = await pushed
    // The proxy serves the API server's certificate, from the cluster's PKI beside its kubeconfig directory.
    const proxy = await startFaultProxy({ upstream: kube.kc, pkiDir: path.join(path.dirname(kube.cluster.kubeconfig), '..', 'pki') })
    const kc = new KubeConfig()
    kc.loadFromString(proxy.kubeconfig)
    return {
      kube,
      namespace: kube.namespace,
      proxy,
      kc,
      client: new KubeClient(kc, { retry: FAST_RETRY, log: () => {}, ...options }),
      image: (tag) => (tag === 'missing' ? `${images.repository}:missing` : images.ref(tag)),
      close: async () => {
        await proxy.stop()
        await kube.close()
      }
    }
  } catch (error) {
    await kube.close()
    throw error
  }
}
