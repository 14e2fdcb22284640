import { describe, expect, it } from '@jest/globals'
import { Inputs } from '../../../../src/lib/action/inputs.js'
import { checkQueries, readMetricsSource } from '../../../../src/lib/metrics/source.js'

function read(values: Record<string, string>, needed = true) {
  const inputs = new Inputs((name) => values[name] ?? '')
  const source = readMetricsSource(inputs, needed)
  try {
    inputs.done()
    return { source }
  } catch (error) {
    return { source, error: (error as Error).message }
  }
}

describe('where metrics queries go', () => {
  it('Prometheus by default, with its headers', () => {
    expect(read({ 'prometheus-url': 'http://prometheus.monitoring:9090', 'prometheus-headers': 'X-Scope-OrgID: a' })).toEqual({
      source: { kind: 'prometheus', url: 'http://prometheus.monitoring:9090', headers: { 'X-Scope-OrgID': 'a' } }
    })
    expect(read({}).error).toContain("Input 'prometheus-url': got an empty value; expected a Prometheus URL (the 'metrics' input needs one)")
    expect(read({}, false)).toEqual({ source: undefined })
  })

  it('Datadog with its site, both keys and the window', () => {
    expect(read({ 'metrics-provider': 'datadog', 'datadog-site': 'us5.datadoghq.com', 'datadog-api-key': 'a', 'datadog-app-key': 'b', 'datadog-window': '2m' })).toEqual({
      source: { kind: 'datadog', site: 'us5.datadoghq.com', apiKey: 'a', appKey: 'b', windowMs: 120_000 }
    })
    expect(read({ 'metrics-provider': 'datadog', 'datadog-api-key': 'a', 'datadog-app-key': 'b' }).source).toMatchObject({ site: 'datadoghq.com', windowMs: 60_000 })
  })

  it('names every missing or bad Datadog input at once', () => {
    const { error } = read({ 'metrics-provider': 'datadog', 'datadog-site': 'datadog.example.com', 'datadog-window': '1s' })
    expect(error).toContain("Input 'datadog-site': got 'datadog.example.com'")
    expect(error).toContain("Input 'datadog-api-key': got an empty value")
    expect(error).toContain("Input 'datadog-app-key': got an empty value; expected a Datadog application key with the timeseries_query scope")
    expect(error).toContain("Input 'datadog-window'")
    expect(read({ 'metrics-provider': 'newrelic' }).error).toContain("Input 'metrics-provider': got 'newrelic'; expected one of 'prometheus', 'datadog'")
  })

  it('refuses credentials in every URL it reads, pointing to the inputs made for them', () => {
    expect(read({ 'prometheus-url': 'https://admin:pw-1@prom.example' }).error).toBe(
      "Input 'prometheus-url': got 'https://admin:***@prom.example'; expected a URL without credentials (Node's HTTP client sends no request to a URL with user:password@, so every request would fail); give them in 'prometheus-username' and 'prometheus-password' (Basic), 'prometheus-token' (Bearer) or 'prometheus-headers', all masked."
    )
    expect(read({ 'metrics-provider': 'datadog', 'datadog-site': 'https://key:pw-2@api.datadoghq.eu', 'datadog-api-key': 'a', 'datadog-app-key': 'b' }).error).toMatch(
      /^Input 'datadog-site': got 'https:\/\/key:\*\*\*@api\.datadoghq\.eu'; expected a URL without credentials .*'datadog-api-key' and 'datadog-app-key'/
    )
    const inputs = new Inputs(() => '')
    checkQueries(inputs, { kind: 'web', headers: {} }, [{ name: 'errors', query: 'https://svc:pw-3@slo.example/api?svc={{canary}}#$.rate' }])
    expect(() => inputs.done()).toThrow("Input 'metrics': got 'errors'; expected a URL without credentials (Node's HTTP client sends no request to a URL with user:password@, so every request would fail); give them in 'web-headers' (e.g. `Authorization: Bearer <token>`), masked.")
  })

  it('refuses credentials over plain http to another host unless allow-insecure-credentials is true', () => {
    const insecure = "since its requests carry credentials (Authorization), which plain http sends readable to anyone on the network between; set 'allow-insecure-credentials: true' to send them anyway"
    expect(read({ 'prometheus-url': 'http://prometheus.monitoring:9090', 'prometheus-token': 'prom-Token-4711' }).error).toBe(
      `Input 'prometheus-url': got 'http://prometheus.monitoring:9090'; expected an https:// URL, ${insecure}.`
    )
    expect(read({ 'prometheus-url': 'http://prom.example', 'prometheus-headers': 'X-Api-Key: k-1' }).error).toContain("Input 'prometheus-url': got 'http://prom.example'; expected an https:// URL, since its requests carry credentials (X-Api-Key)")
    expect(read({ 'metrics-provider': 'datadog', 'datadog-site': 'http://dd-proxy.internal', 'datadog-api-key': 'a', 'datadog-app-key': 'b' }).error).toContain(
      "Input 'datadog-site': got 'http://dd-proxy.internal'; expected an https:// URL, since its requests carry credentials (DD-API-KEY, DD-APPLICATION-KEY)"
    )
    const inputs = new Inputs(() => '')
    checkQueries(inputs, { kind: 'web', headers: { Authorization: 'Bearer t' } }, [{ name: 'errors', query: 'http://slo.example/api#$.rate' }])
    expect(() => inputs.done()).toThrow(`Input 'metrics': got 'errors'; expected an https:// URL, ${insecure}.`)

    // Allowed: the opt-in, a loopback host, https, or no credential (a tenant header is not one).
    expect(read({ 'prometheus-url': 'http://prometheus.monitoring:9090', 'prometheus-token': 't', 'allow-insecure-credentials': 'true' }).error).toBeUndefined()
    expect(read({ 'prometheus-url': 'http://127.0.0.1:9090', 'prometheus-token': 't' }).error).toBeUndefined()
    expect(read({ 'prometheus-url': 'https://prom.example', 'prometheus-token': 't' }).error).toBeUndefined()
    expect(read({ 'prometheus-url': 'http://mimir.monitoring', 'prometheus-headers': 'X-Scope-OrgID: a' }).error).toBeUndefined()
    const allowed = new Inputs((name) => (name === 'allow-insecure-credentials' ? 'true' : ''))
    checkQueries(allowed, { kind: 'web', headers: { Authorization: 'Bearer t' } }, [{ name: 'errors', query: 'http://slo.example/api#$.rate' }])
    expect(() => allowed.done()).not.toThrow()
  })

  it('refuses an allow-insecure-credentials that is no boolean, also where no URL needs it, naming it once', () => {
    expect(read({ 'allow-insecure-credentials': 'maybe' }, false).error).toBe("Input 'allow-insecure-credentials': got 'maybe'; expected 'true' or 'false'.")
    expect(read({ 'prometheus-url': 'http://prometheus.monitoring:9090', 'prometheus-token': 't', 'allow-insecure-credentials': 'yes' }).error).toMatch(/^2 inputs are invalid:\n- Input 'allow-insecure-credentials': got 'yes'.*\n- Input 'prometheus-url'/)
  })
})
