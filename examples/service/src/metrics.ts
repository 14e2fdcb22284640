/** Prometheus text exposition of the two metrics the pipeline's analysis reads: a request counter and a latency histogram. */

export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

interface Histogram {
  counts: number[]
  sum: number
  count: number
}

export class Metrics {
  private readonly requests = new Map<string, number>()
  private readonly latency = new Map<string, Histogram>()

  /** Exposes these counters at 0 before the first request, so a rate over them exists from the first answers on
   * (a series that appears only with its first increment needs one more scrape before rate() sees it). */
  declare(path: string, codes: number[]): void {
    for (const code of codes) this.requests.set(`${path}\u0000${code}`, this.requests.get(`${path}\u0000${code}`) ?? 0)
  }

  observe(path: string, code: number, seconds: number): void {
    const key = `${path}\u0000${code}`
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1)
    const histogram = this.latency.get(path) ?? { counts: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 }
    LATENCY_BUCKETS.forEach((bound, index) => {
      if (seconds <= bound) histogram.counts[index]! += 1
    })
    histogram.sum += seconds
    histogram.count += 1
    this.latency.set(path, histogram)
  }

  render(version: string): string {
    const lines = [
      '# HELP http_requests_total HTTP requests answered, by path and status code.',
      '# TYPE http_requests_total counter'
    ]
    for (const [key, value] of [...this.requests].sort()) {
      const [path, code] = key.split('\u0000')
      lines.push(`http_requests_total{path="${escape(path!)}",code="${code}",version="${escape(version)}"} ${value}`)
    }
    lines.push('# HELP http_request_duration_seconds HTTP request latency.', '# TYPE http_request_duration_seconds histogram')
    for (const [path, histogram] of [...this.latency].sort()) {
      const labels = `path="${escape(path)}",version="${escape(version)}"`
      LATENCY_BUCKETS.forEach((bound, index) => lines.push(`http_request_duration_seconds_bucket{${labels},le="${bound}"} ${histogram.counts[index]}`))
      lines.push(`http_request_duration_seconds_bucket{${labels},le="+Inf"} ${histogram.count}`)
      lines.push(`http_request_duration_seconds_sum{${labels}} ${histogram.sum}`)
      lines.push(`http_request_duration_seconds_count{${labels}} ${histogram.count}`)
    }
    return lines.join('\n') + '\n'
  }
}

function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}
