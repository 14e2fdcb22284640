/**
 * Built-in analysis metrics of canary-deploy for the metric names most clusters have: request counters and latency histograms as the
 * Prometheus client libraries name them (http_requests_total with a `code` label, http_request_duration_seconds),
 * and cAdvisor's container CPU. Pods are matched by name (`<deployment>-<hash>-<suffix>`, anchored, so `web` never
 * matches `web-canary-…`). Writing a line with the preset's name overrides its query and/or condition.
 */
import type { Dialect, Preset } from './condition.js'

const POD = 'namespace="{{namespace}}",pod=~"{{pods}}"'

export const PRESETS: Record<string, Preset> = {
  'error-rate': {
    description: 'share of 5xx responses over 1m; healthy below 5% and at most 1.5x stable (+0.5% so an error-free stable does not fail on one error)',
    query: `sum(rate(http_requests_total{${POD},code=~"5.."}[1m])) / sum(rate(http_requests_total{${POD}}[1m]))`,
    thresholds: [
      { operator: '<', factor: 0, offset: 0.05 },
      { operator: '<=', factor: 1.5, offset: 0.005 }
    ]
  },
  'latency-p99': {
    description: 'p99 request duration in seconds over 1m; healthy below 0.5 s',
    query: `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{${POD}}[1m])))`,
    thresholds: [{ operator: '<', factor: 0, offset: 0.5 }]
  },
  cpu: {
    description: 'CPU seconds per second per pod over 1m; healthy at most 1.5x stable',
    query: `avg(sum by (pod) (rate(container_cpu_usage_seconds_total{${POD},container!=""}[1m])))`,
    thresholds: [{ operator: '<=', factor: 1.5, offset: 0 }]
  }
}

/** canary-deploy's `metrics`: relative thresholds, presets, and queries with {{canary}}, {{stable}}, {{pods}} and {{namespace}}. */
export const CANARY: Dialect = { relative: true, presets: PRESETS, placeholders: ['canary', 'stable', 'pods', 'namespace'] }
