// A small HTTP service standing in for a deployed version (stable or canary): its /healthz status, latency and
// error rate can be switched at runtime (POST /control), and it exposes Prometheus counters on /metrics.
// Plain JavaScript so it runs as its own process (or in a container for the kind workflow):
// `node health-app.mjs [--name web] [--rps 50] [--port 0] [--host 127.0.0.1] [--health-status 200] [--error-rate 0]`;
// it prints {"port": N} on its first stdout line. Tests keep the default host, 127.0.0.1.
import http from 'node:http'

const args = process.argv.slice(2)
const flag = (name, fallback) => {
  const index = args.indexOf(`--${name}`)
  return index >= 0 ? args[index + 1] : fallback
}
const name = flag('name', 'app')
const state = {
  healthStatus: Number(flag('health-status', '200')),
  healthBody: '',
  latencyMs: 0,
  errorRate: Number(flag('error-rate', '0')),
  /** Close the connection without an answer for the next N /healthz requests (a dropped packet). */
  dropHealthz: 0,
  /** Synthetic requests per second counted in the metrics, so rate() has data without a load generator. */
  rps: Number(flag('rps', '50')),
  version: flag('version', '1')
}
// Both codes exist from the start, as client libraries do for known label values: a ratio of rates then reads 0,
// not "no data", while there are no errors.
const counts = new Map([['/|200', 0], ['/|500', 0]])
let errorDebt = 0
const count = (path, code, n = 1) => {
  const key = `${path}|${code}`
  counts.set(key, (counts.get(key) ?? 0) + n)
}
// Errors are spread deterministically: the running error debt decides which request fails.
const served = () => {
  errorDebt += state.errorRate
  if (errorDebt >= 1) {
    errorDebt -= 1
    return 500
  }
  return 200
}
setInterval(() => {
  const n = Math.round(state.rps / 10)
  for (let i = 0; i < n; i++) count('/', served())
}, 100).unref()

const metrics = () => {
  const lines = ['# HELP http_requests_total Requests served.', '# TYPE http_requests_total counter']
  for (const [key, value] of counts) {
    const [path, code] = key.split('|')
    lines.push(`http_requests_total{app="${name}",version="${state.version}",path="${path}",code="${code}"} ${value}`)
  }
  lines.push('# HELP app_up 1 while the app runs.', '# TYPE app_up gauge', `app_up{app="${name}"} 1`)
  return `${lines.join('\n')}\n`
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost')
  if (req.method === 'POST' && url.pathname === '/control') {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      Object.assign(state, JSON.parse(body || '{}'))
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(state))
    })
    return
  }
  if (url.pathname === '/metrics') {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(metrics())
    return
  }
  if (url.pathname === '/healthz') {
    if (state.dropHealthz > 0) {
      state.dropHealthz--
      req.socket.destroy()
      return
    }
    setTimeout(() => {
      const status = state.healthStatus
      count('/healthz', status)
      const body = state.healthBody || JSON.stringify({ status: status < 400 ? 'UP' : 'DOWN', version: state.version })
      res.writeHead(status, { 'content-type': 'application/json' }).end(body)
    }, state.latencyMs)
    return
  }
  const code = served()
  count(url.pathname, code)
  res.writeHead(code, { 'content-type': 'text/plain' }).end(code === 200 ? `hello from ${name}\n` : 'internal error\n')
})
server.listen(Number(flag('port', '0')), flag('host', '127.0.0.1'), () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
