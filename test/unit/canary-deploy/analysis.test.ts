/** What canary-deploy says before a canary that nothing measures: the warning annotation for a canary without analysis. */
import { describe, expect, it } from '@jest/globals'
import { noAnalysisWarning } from '../../../src/canary-deploy/analysis.js'
import { readInputs } from '../../../src/canary-deploy/inputs.js'

const inputs = (values: Record<string, string>) => readInputs((name: string) => ({ deployment: 'web', image: 'registry.example/web@sha256:' + 'a'.repeat(64), ...values })[name] ?? '')

describe('noAnalysisWarning', () => {
  it('warns that a canary with neither metrics nor health-urls advances on its pauses alone, naming the steps and the inputs that fix it', () => {
    expect(noAnalysisWarning(inputs({ steps: '5:2m, 25:5m, 50:5m, 100' }))).toBe(
      "The canary runs with no analysis: neither 'metrics' nor 'health-urls' is set, so the steps 5%, 25%, 50% advance on their pauses alone and a " +
        "failing release is promoted to 100%. Set 'metrics' (e.g. the presets 'error-rate' and 'latency-p99' with 'prometheus-url') or 'health-urls'."
    )
    expect(noAnalysisWarning(inputs({ action: 'start', 'hold-at': '25', steps: '25:5m, 100' }))).toMatch(/steps 25% advance on their pauses alone/)
  })

  it('says nothing when the canary is measured, or when no traffic moves step by step', () => {
    expect(noAnalysisWarning(inputs({ metrics: 'error-rate', 'prometheus-url': 'https://prometheus.example.com' }))).toBeUndefined()
    expect(noAnalysisWarning(inputs({ 'health-urls': 'https://web.example.com/healthz' }))).toBeUndefined()
    expect(noAnalysisWarning(inputs({ steps: '100' }))).toBeUndefined()
    expect(noAnalysisWarning(inputs({ action: 'abort' }))).toBeUndefined()
    expect(noAnalysisWarning(inputs({ strategy: 'blue-green' }))).toBeUndefined()
  })
})
