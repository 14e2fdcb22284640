import { describe, expect, it } from '@jest/globals'
import { Inputs } from '../../../../src/lib/action/inputs.js'
import { InputErrors } from '../../../../src/lib/action/errors.js'

const from = (values: Record<string, string>) => new Inputs((name) => values[name] ?? '')

function problems(read: (inputs: Inputs) => void, values: Record<string, string>): string {
  const inputs = from(values)
  read(inputs)
  try {
    inputs.done()
    return ''
  } catch (error) {
    expect(error).toBeInstanceOf(InputErrors)
    return (error as Error).message
  }
}

describe('Inputs', () => {
  it('reads typed values and falls back to defaults', () => {
    const inputs = from({ flag: 'True', count: '3', ratio: '0.25', pct: '80%', wait: '1h30m', mode: 'FAST', list: 'a, b\nc\n# comment\n', kv: 'lint: npm run lint\ntest: npm test -- --ci' })
    expect(inputs.boolean('flag', false)).toBe(true)
    expect(inputs.boolean('absent', true)).toBe(true)
    expect(inputs.integer('count', { default: 1, min: 1 })).toBe(3)
    expect(inputs.number('ratio')).toBe(0.25)
    expect(inputs.percentage('pct')).toBe(80)
    expect(inputs.duration('wait', { default: '5m' })).toBe(5_400_000)
    expect(inputs.duration('absent', { default: '5m' })).toBe(300_000)
    expect(inputs.oneOf('mode', ['fast', 'slow'] as const, 'slow')).toBe('fast')
    expect(inputs.list('list')).toEqual(['a', 'b', 'c'])
    expect(inputs.keyValues('kv')).toEqual([
      { key: 'lint', value: 'npm run lint', line: 1 },
      { key: 'test', value: 'npm test -- --ci', line: 2 }
    ])
    expect(() => inputs.done()).not.toThrow()
  })

  it('names the input, the value and what is accepted, for every bad input at once', () => {
    const message = problems(
      (i) => {
        i.boolean('flag', false)
        i.integer('count', { default: 1, min: 1, max: 10 })
        i.percentage('pct')
        i.duration('wait', { default: '5m' })
        i.oneOf('mode', ['fast', 'slow'] as const, 'slow')
        i.string('needed', { required: true })
      },
      { flag: 'yes', count: '11', pct: '120', wait: '5 minutes', mode: 'medium' }
    )
    expect(message).toContain("6 inputs are invalid")
    expect(message).toContain("Input 'flag': got 'yes'; expected 'true' or 'false'.")
    expect(message).toContain("Input 'count': got '11'; expected a whole number from 1 to 10.")
    expect(message).toContain("Input 'pct': got '120'; expected a percentage from 0 to 100, such as '80' or '80%'.")
    expect(message).toContain("Input 'wait': got '5 minutes'; expected a duration such as '500ms'")
    expect(message).toContain("Input 'mode': got 'medium'; expected one of 'fast', 'slow'.")
    expect(message).toContain("Input 'needed': got an empty value; expected a value (this input is required).")
  })

  it('a JSON list where a newline list is expected is refused, naming the input; a glob with brackets is not a JSON list', () => {
    const targets = '["r.io/web:1.2.3","r.io/web:1.2"]'
    expect(problems((i) => i.lines('targets'), { targets })).toMatch(/Input 'targets'.*one item per line, not a JSON list \(build-push's `tags` output is already one reference per line\)/)
    expect(problems((i) => i.list('platforms'), { platforms: '["linux/amd64"]' })).toMatch(/Input 'platforms'.*not a JSON list/)
    const inputs = from({ globs: '[abc]*.xml', one: 'r.io/web:1.2.3\nr.io/web:1.2' })
    expect(inputs.list('globs')).toEqual(['[abc]*.xml'])
    expect(inputs.lines('one')).toEqual(['r.io/web:1.2.3', 'r.io/web:1.2'])
    expect(() => inputs.done()).not.toThrow()
  })

  it('reports key: value lines that are not, with their line number', () => {
    expect(problems((i) => i.keyValues('kv', { what: 'name: command' }), { kv: 'ok: yes\njust text\n: no key' })).toMatch(
      /Input 'kv': got 'line 2: just text'; expected lines of the form 'name: command'[^]*line 3: : no key/
    )
  })

  it('never echoes a secret value in an error', () => {
    expect(problems((i) => i.keyValues('headers', { secret: true }), { headers: 'Authorization Bearer abc123' })).not.toContain('abc123')
  })

  it.each(['1.5', '0x10', '1e3', ''])('rejects the integer %j only when given', (value) => {
    const message = problems((i) => i.integer('n', { default: 2 }), { n: value })
    expect(message === '').toBe(value === '')
  })
})

describe('URL and path inputs', () => {
  const roots = [{ name: 'the workspace', dir: '/work/repo' }]

  it('refuses credentials in a URL input, redacted, pointing to the inputs made for them, and masks the password anyway', () => {
    const write = process.stdout.write.bind(process.stdout)
    let printed = ''
    process.stdout.write = ((chunk: string) => ((printed += chunk), true)) as typeof process.stdout.write
    let message: string
    try {
      message = problems((i) => i.httpUrl('prometheus-url', { auth: "give them in 'prometheus-token'" }), { 'prometheus-url': 'http://admin:hunter2-pw@prom:9090' })
    } finally {
      process.stdout.write = write
    }
    expect(message).toBe(
      "Input 'prometheus-url': got 'http://admin:***@prom:9090'; expected a URL without credentials (Node's HTTP client sends no request to a URL with user:password@, so every request would fail); give them in 'prometheus-token'."
    )
    expect(printed).toContain('::add-mask::hunter2-pw')
  })

  it('reads http(s) URLs, refusing other schemes and credentials in each, never echoing a password', () => {
    const inputs = from({ urls: 'http://a:9090/healthz\nhttps://b/ready' })
    expect(inputs.httpUrls('urls', { auth: 'x', perLine: true })).toEqual(['http://a:9090/healthz', 'https://b/ready'])
    const message = problems((i) => i.httpUrls('urls', { auth: "use 'probe-headers'" }), { urls: 'ftp://u:pw-1@a/x, https://tok3n@b/, http://ok/' })
    expect(message).toMatch(/^2 inputs are invalid/)
    expect(message).toContain("Input 'urls': got 'ftp://u:***@a/x'; expected a URL without credentials")
    expect(message).toContain("Input 'urls': got 'https://***@b/'")
    expect(message).not.toMatch(/pw-1|tok3n/)
  })

  it('redacts URL credentials in any error, whatever the input', () => {
    expect(problems((i) => i.oneOf('mode', ['a'], 'a'), { mode: 'https://u:pw-2@x' })).toBe("Input 'mode': got 'https://u:***@x'; expected one of 'a'.")
  })

  it('resolves a path inside the workspace and refuses one that leaves it, naming the input, the value and the rule', () => {
    expect(from({ out: 'reports/r.json' }).path('out', { base: '/work/repo', roots })).toBe('/work/repo/reports/r.json')
    expect(from({}).path('out', { base: '/work/repo', roots, default: '.' })).toBe('/work/repo')
    expect(from({}).path('out', { base: '/work/repo', roots })).toBeUndefined()
    expect(problems((i) => i.path('out', { base: '/work/repo', roots }), { out: '../../../../etc/passwd' })).toBe(
      "Input 'out': got '../../../../etc/passwd'; expected a path inside the workspace (/work/repo); it leads to /etc/passwd, outside it."
    )
  })

  it('refuses globs that could leave the workspace', () => {
    expect(from({ g: 'coverage/lcov.info, **/*.sarif' }).globs('g', { roots })).toEqual(['coverage/lcov.info', '**/*.sarif'])
    expect(problems((i) => i.globs('g', { roots }), { g: 'ok/*.json\n../../../../etc/passwd' })).toBe(
      "Input 'g': got '../../../../etc/passwd'; expected a glob without '..' segments, inside the workspace (/work/repo)."
    )
  })
})
