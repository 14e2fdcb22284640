/**
 * Entry point: listens on HOST:PORT (default 127.0.0.1:8080; PORT=0 picks a free port) and prints one JSON line
 * `{"listening":"http://host:port"}` once it accepts connections. Stops cleanly on SIGTERM/SIGINT.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp } from './app.ts'
import { faultsFromEnv } from './faults.ts'

const app = createApp({
  version: process.env.APP_VERSION ?? '0.0.0-dev',
  faults: faultsFromEnv(process.env),
  instance: process.env.POD_NAME ?? process.env.HOSTNAME,
  admin: process.env.ADMIN_ENDPOINT === 'true'
})
const server = createServer(app)
server.keepAliveTimeout = 5000
server.listen(Number(process.env.PORT ?? 8080), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address() as AddressInfo
  console.log(JSON.stringify({ listening: `http://${address.includes(':') ? `[${address}]` : address}:${port}` }))
})
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0))
    server.closeAllConnections()
  })
}
