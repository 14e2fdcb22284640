import { describe, expect, it } from '@jest/globals'
import { Inputs } from '../../../../src/lib/action/inputs.js'
import { readPrometheusHeaders } from '../../../../src/lib/metrics/prometheus-auth.js'

function read(values: Record<string, string>): { headers: Record<string, string>; error?: string } {
  const inputs = new Inputs((name) => values[name] ?? '')
  const headers = readPrometheusHeaders(inputs)
  try {
    inputs.done()
    return { headers }
  } catch (error) {
    return { headers, error: (error as Error).message }
  }
}

describe('authenticating to Prometheus', () => {
  it('sends nothing extra by default', () => {
    expect(read({})).toEqual({ headers: {} })
  })

  it('a token becomes a Bearer header; a user and password a Basic one', () => {
    expect(read({ 'prometheus-token': 'glc_abc' }).headers).toEqual({ Authorization: 'Bearer glc_abc' })
    expect(read({ 'prometheus-username': '123456', 'prometheus-password': 'pw:with:colons' }).headers).toEqual({ Authorization: `Basic ${Buffer.from('123456:pw:with:colons').toString('base64')}` })
  })

  it('extra headers (a tenant) go along with either', () => {
    expect(read({ 'prometheus-token': 't', 'prometheus-headers': 'X-Scope-OrgID: team-a\n# comment\nX-Other: 1' }).headers).toEqual({ 'X-Scope-OrgID': 'team-a', 'X-Other': '1', Authorization: 'Bearer t' })
  })

  it('refuses ambiguous or half-given credentials, naming the input and never the secret', () => {
    expect(read({ 'prometheus-token': 'secret-token', 'prometheus-username': 'u', 'prometheus-password': 'p' }).error).toBe(
      "Input 'prometheus-token': got 'a token'; expected either a token or 'prometheus-username' and 'prometheus-password', not both."
    )
    expect(read({ 'prometheus-username': 'u' }).error).toContain("Input 'prometheus-password': got an empty value; expected a value: Basic authentication needs both")
    expect(read({ 'prometheus-password': 'hunter2' }).error).toContain("Input 'prometheus-username': got an empty value")
    expect(read({ 'prometheus-token': 't', 'prometheus-headers': 'authorization: Bearer x' }).error).toContain("Input 'prometheus-headers': got 'Authorization'")
    const bad = read({ 'prometheus-headers': 'Bad Header: secret-value\nno-colon-secret' }).error!
    expect(bad).toContain("Input 'prometheus-headers': got 'Bad Header'")
    expect(bad).toContain("got 'line 2'")
    expect(bad).not.toContain('secret-value')
    expect(bad).not.toContain('no-colon-secret')
  })
})
