/**
 * The `replicas` traffic method: the Service spreads requests over ready pods, so the canary's share is its share of
 * the pods. With N the stable Deployment's replica count and w the requested weight (w < 100):
 *   canary = round(N × w / 100), halves rounded up, then clamped to [1, N − 1] so both versions serve;
 *   stable = N − canary.
 * With N = 1 the stable keeps its pod and the canary gets one (2 pods, 50%). The effective weight
 * canary / (canary + stable) is what users get and is reported next to the requested one. Pure.
 */

export interface ReplicaSplit {
  canary: number
  stable: number
  requestedWeight: number
  /** The canary's share of the pods, in percent (two decimals). */
  effectiveWeight: number
}

export function replicaSplit(total: number, weight: number): ReplicaSplit {
  if (weight >= 100) return { canary: total, stable: 0, requestedWeight: weight, effectiveWeight: 100 }
  if (total <= 1) return { canary: 1, stable: 1, requestedWeight: weight, effectiveWeight: 50 }
  const rounded = Math.floor((total * weight) / 100 + 0.5)
  const canary = Math.min(total - 1, Math.max(1, rounded))
  const stable = total - canary
  return { canary, stable, requestedWeight: weight, effectiveWeight: Math.round((canary / total) * 10_000) / 100 }
}
