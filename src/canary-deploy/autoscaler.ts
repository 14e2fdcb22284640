/**
 * A HorizontalPodAutoscaler on the stable Deployment owns its replica count: the `replicas` split (scaling stable
 * down) would be undone by it within a sync, and the canary's share would drift (argo-rollouts#2857). So with an HPA
 * the `replicas` method is refused before any change, and the router methods size the canary from the HPA's current
 * replica count rather than the Deployment's spec. Pure.
 */
export interface AutoscalerView {
  name: string
  currentReplicas?: number
  minReplicas?: number
}

export type AutoscalerDecision = { ok: true; total: number } | { ok: false; problem: string }

export function sizeWithAutoscaler(hpa: AutoscalerView | undefined, method: string, specReplicas: number): AutoscalerDecision {
  if (!hpa) return { ok: true, total: specReplicas }
  if (method === 'replicas') {
    return {
      ok: false,
      problem: `Input 'traffic': the Deployment is scaled by the HorizontalPodAutoscaler '${hpa.name}', which would undo a replica split; use a router method (istio, gateway-api, smi, nginx)`
    }
  }
  return { ok: true, total: Math.max(1, hpa.currentReplicas ?? hpa.minReplicas ?? specReplicas) }
}
