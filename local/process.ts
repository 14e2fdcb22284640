/** Helpers for the real components tests start: free loopback ports, child processes, readiness, required tools. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/** True when every program is on PATH. Under CI=true a missing one throws, so a test never silently skips there. */
export function haveTools(...programs: string[]): boolean {
  const missing = programs.filter((program) => spawnSync('sh', ['-c', `command -v ${program}`]).status !== 0)
  if (missing.length === 0) return true
  if (process.env.CI === 'true') throw new Error(`missing test components: ${missing.join(', ')} (install them; see .ci/run)`)
  console.warn(`skipping: missing ${missing.join(', ')}`)
  return false
}

export interface Started {
  child: ChildProcess
  output: () => string
  stop: () => Promise<void>
}

export function startProcess(program: string, args: string[], env: NodeJS.ProcessEnv = process.env): Started {
  const child = spawn(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)))
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)))
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      let timer: NodeJS.Timeout | undefined
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 3000)))])
      clearTimeout(timer)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }
  }
}

/** Polls a URL until it answers at all (any status), or throws after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs = 10_000, describe: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) })
      return
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} did not come up in ${timeoutMs} ms\n${describe()}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
}
