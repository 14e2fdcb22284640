import { describe, expect, it } from '@jest/globals'
import { parseWebQuery, valuesAt } from '../../../../src/lib/metrics/web.js'

describe('web metrics: a URL and the JSONPath of the value', () => {
  it('takes the JSONPath from the fragment, which is never sent', () => {
    expect(parseWebQuery('https://slo.example/api/v1/errors?service=web-canary&window=5m#$.data.rate')).toEqual({ url: 'https://slo.example/api/v1/errors?service=web-canary&window=5m', path: '$.data.rate' })
    expect(parseWebQuery("http://127.0.0.1:9/x#$['error.rate']")).toEqual({ url: 'http://127.0.0.1:9/x', path: "$['error.rate']" })
    expect(parseWebQuery('https://slo.example/value')).toEqual({ url: 'https://slo.example/value', path: '$' })
  })

  it('refuses what is not an http(s) URL or a readable JSONPath', () => {
    expect(parseWebQuery('sum(rate(x[1m]))')).toEqual({ problem: "'sum(rate(x[1m]))' is not a URL" })
    expect(parseWebQuery('ftp://host/file')).toEqual({ problem: "'ftp://host/file' is not an http(s) URL" })
    expect(parseWebQuery('https://h/x#$.a[')).toMatchObject({ problem: expect.stringContaining("the JSONPath '$.a[' after '#'") })
  })

  it('reads numbers, numeric strings and arrays of them; null or nothing is no data', () => {
    expect(valuesAt({ data: { rate: 0.012 } }, '$.data.rate')).toEqual({ kind: 'samples', samples: [{ labels: {}, value: 0.012 }] })
    expect(valuesAt({ data: { rate: '0.5' } }, '$.data.rate')).toEqual({ kind: 'samples', samples: [{ labels: {}, value: 0.5 }] })
    expect(valuesAt({ series: [1, null, 3] }, '$.series')).toEqual({ kind: 'samples', samples: [{ labels: { index: '0' }, value: 1 }, { labels: { index: '2' }, value: 3 }] })
    expect(valuesAt(42, '$')).toEqual({ kind: 'samples', samples: [{ labels: {}, value: 42 }] })
    expect(valuesAt({ data: {} }, '$.data.rate')).toEqual({ kind: 'empty' })
    expect(valuesAt({ data: { rate: null } }, '$.data.rate')).toEqual({ kind: 'empty' })
    expect(valuesAt({ data: { rate: 'n/a' } }, '$.data.rate')).toEqual({ kind: 'error', message: 'the value at $.data.rate is "n/a", not a number' })
  })
})
