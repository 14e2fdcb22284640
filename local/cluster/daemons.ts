/**
 * The cluster's long-running processes: started detached (they outlive `up`), their output in logs/<name>.log, their
 * pid in run/<name>.pid, so `status` and `down` in another process find them.
 */
import { spawn } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { file, type Layout } from './layout.js'

export interface Daemon {
  name: string
  program: string
  args: string[]
  /** Added to the environment `up` runs in. */
  env?: Record<string, string>
}

const pidFile = (l: Layout, name: string) => file(l, 'run', `${name}.pid`)
export const logFile = (l: Layout, name: string) => file(l, 'logs', `${name}.log`)

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

export function pidOf(l: Layout, name: string): number | undefined {
  const target = pidFile(l, name)
  if (!existsSync(target)) return undefined
  const pid = Number(readFileSync(target, 'utf8'))
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : undefined
}

export function start(l: Layout, daemon: Daemon): number {
  mkdirSync(file(l, 'run'), { recursive: true })
  mkdirSync(file(l, 'logs'), { recursive: true })
  const log = openSync(logFile(l, daemon.name), 'a')
  try {
    const child = spawn(daemon.program, daemon.args, { detached: true, stdio: ['ignore', log, log], cwd: l.dir, env: { ...process.env, ...daemon.env } })
    child.unref()
    if (!child.pid) throw new Error(`could not start ${daemon.name} (${daemon.program})`)
    writeFileSync(pidFile(l, daemon.name), String(child.pid))
    return child.pid
  } finally {
    closeSync(log)
  }
}

/** Stops one daemon: SIGTERM, then SIGKILL after `graceMs`. */
export async function stop(l: Layout, name: string, graceMs = 5000): Promise<void> {
  const pid = pidOf(l, name)
  rmSync(pidFile(l, name), { force: true })
  if (pid === undefined) return
  process.kill(pid, 'SIGTERM')
  const deadline = Date.now() + graceMs
  while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
  if (alive(pid)) process.kill(pid, 'SIGKILL')
}

export function tail(l: Layout, name: string, lines = 20): string {
  const target = logFile(l, name)
  if (!existsSync(target)) return ''
  return readFileSync(target, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
}
