import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { findUrlCredentials, maskUrlCredentials, redactUrlCredentials, urlCredentialsProblem } from '../../../../src/lib/action/urls.js'

let printed = ''
const write = process.stdout.write.bind(process.stdout)
beforeEach(() => {
  printed = ''
  process.stdout.write = ((chunk: string) => ((printed += chunk), true)) as typeof process.stdout.write
})
afterEach(() => {
  process.stdout.write = write
})
// Workflow commands escape '%' as '%25'; the runner reads them back.
const masks = () => [...printed.matchAll(/^::add-mask::(.*)$/gm)].map((m) => m[1]!.replace(/%25/g, '%'))

describe('URL credentials', () => {
  it('finds user:password@ in a URL and in text around URLs, the password running to the last @ of the authority', () => {
    expect(findUrlCredentials('http://admin:s3cret@prometheus:9090')).toEqual([{ userinfo: 'admin:s3cret', username: 'admin', password: 's3cret' }])
    expect(findUrlCredentials('errors: https://u:p@ss@slo.example/api?x=a@b#$.v < 1')).toEqual([{ userinfo: 'u:p@ss', username: 'u', password: 'p@ss' }])
    expect(findUrlCredentials('https://ghp_token123@github.com/acme/web')).toEqual([{ userinfo: 'ghp_token123', username: 'ghp_token123', password: undefined }])
    expect(findUrlCredentials('http://prometheus:9090/api?q=a@b and mail@example.com')).toEqual([])
  })

  it('redacts the password (or a lone user name, a token) and keeps the rest readable', () => {
    expect(redactUrlCredentials("got 'http://admin:s3cret@prom:9090/x'")).toBe("got 'http://admin:***@prom:9090/x'")
    expect(redactUrlCredentials('https://ghp_token123@github.com and https://a:b@c')).toBe('https://***@github.com and https://a:***@c')
    expect(redactUrlCredentials('http://prom:9090')).toBe('http://prom:9090')
  })

  it('masks each password once, as written and percent-decoded', () => {
    maskUrlCredentials('http://admin:p%40ss-w0rd@prom:9090 http://admin:p%40ss-w0rd@other')
    expect(masks()).toEqual(['p%40ss-w0rd', 'p@ss-w0rd'])
    maskUrlCredentials('http://prom:9090')
    expect(masks()).toHaveLength(2)
  })

  it('says why a URL input may not carry them and where they go instead', () => {
    expect(urlCredentialsProblem('http://prom:9090', 'x')).toBeUndefined()
    expect(urlCredentialsProblem('http://a:b@prom:9090', "give them in 'prometheus-token'")).toMatch(/^a URL without credentials .*; give them in 'prometheus-token'$/)
  })
})
