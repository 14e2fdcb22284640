/** What the demo measured, as data (written as JSON for tests) and as the table a person reads at the end. */

export type StageResult = 'passed' | 'promoted' | 'aborted' | 'rolled back' | 'failed' | 'missing' | 'skipped'

export interface StageReport {
  name: string
  /** The action whose bundle ran (dist/<action>/index.js). */
  action: string
  /** What happened, from the action's outputs. */
  result: StageResult
  durationMs: number
  /** One line for the table: the tag, digest, weight... */
  detail: string
  /** The action's outputs as the runner recorded them. */
  outputs: Record<string, string>
  exitCode?: number
}

export interface DemoReport {
  stages: StageReport[]
  /** Stages whose bundle (dist/<name>/index.js) is not there yet. */
  missing: string[]
  /** Commit of the first release to its promotion to 100% in production. */
  leadTimeMs?: number
  /** The faulty release's share of all requests while it was deployed anywhere (canary and full deploy). */
  faultyShare?: { canary?: number; fullDeploy?: number; canaryRequests?: number; fullDeployRequests?: number; canaryFaultyRequests?: number; fullDeployFaultyRequests?: number }
  /** How the canary split traffic: by weight through the cluster's Gateway, or by replica counts. */
  canaryTraffic?: 'gateway-api' | 'replicas'
  /** Faulty version taking traffic → the action's verdict; → the last request it served. */
  canaryDetectMs?: number
  canaryRestoreMs?: number
  rollbackDetectMs?: number
  rollbackRestoreMs?: number
  /** Where the Kubernetes stages ran. */
  cluster?: { mode: 'local' | 'kubeconfig'; description: string; namespace: string }
  /** Where the demo's servers listened (all stopped when the demo ends). */
  endpoints: Record<string, string>
  ok: boolean
}

const seconds = (ms: number | undefined): string => (ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(1)} s`)
const percent = (share: number | undefined, requests?: number, faulty?: number): string =>
  share === undefined ? 'n/a' : `${(share * 100).toFixed(1)} %${requests === undefined ? '' : faulty === undefined ? ` of ${requests} requests` : ` (${faulty} of ${requests} requests)`}`
const SPLIT: Record<string, string> = {
  'gateway-api': 'by weight, through the Gateway (traffic: gateway-api)',
  replicas: 'by replica counts (no Gateway: 1 pod of 4 is 25 %)'
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |'
  return [line(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line)].join('\n')
}

export function renderSummary(report: DemoReport): string {
  const stages = table(
    ['Stage', 'Result', 'Duration', 'Detail'],
    report.stages.map((s) => [s.name, s.result, s.result === 'missing' ? '-' : seconds(s.durationMs), s.detail])
  )
  const measures = table(
    ['Measure', 'Value'],
    [
      ['Lead time (commit → 100 % in production)', seconds(report.leadTimeMs)],
      ['Canary traffic split', report.canaryTraffic ? SPLIT[report.canaryTraffic]! : 'n/a'],
      ['Faulty release: share of requests served during its canary', percent(report.faultyShare?.canary, report.faultyShare?.canaryRequests, report.faultyShare?.canaryFaultyRequests)],
      ['Faulty release: share of requests served during its full deploy', percent(report.faultyShare?.fullDeploy, report.faultyShare?.fullDeployRequests, report.faultyShare?.fullDeployFaultyRequests)],
      ['Canary: time to detect (faulty pod takes traffic → abort)', seconds(report.canaryDetectMs)],
      ['Canary: time to restore (→ last faulty response)', seconds(report.canaryRestoreMs)],
      ['Full deploy: time to detect (faulty pod takes traffic → rollback)', seconds(report.rollbackDetectMs)],
      ['Full deploy: time to restore (→ last faulty response)', seconds(report.rollbackRestoreMs)]
    ]
  )
  const missing = report.missing.length > 0 ? `\nNot run, their bundles are not built yet: ${report.missing.join(', ')} (npm run build -- <name>).\n` : ''
  const failed = report.stages.some((s) => s.result === 'failed')
  const verdict = report.ok
    ? 'Demo finished: every stage did what it should.'
    : failed
      ? 'Demo FAILED: a stage did not do what it should (its log is above).'
      : 'Demo INCOMPLETE: the stages that exist did what they should; the missing ones did not run.'
  const where = report.cluster
    ? `\nKubernetes stages ran on ${report.cluster.description}, in namespace ${report.cluster.namespace}, deleted when the demo ends (the cluster finishes it in the background).` +
      `${report.cluster.mode === 'local' ? ' The local cluster keeps running for the next run; npm run cluster -- down stops it.' : ''}\n`
    : ''
  return `\n${stages}\n\n${measures}\n${where}${missing}\n${verdict}\n`
}
