/**
 * One `up` or `down` at a time per machine: parallel test workers, the demo and a user's terminal may all ask for the
 * cluster at once, and two `up`s racing would each tear down what the other started.
 */
import { mkdirSync, openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs'
import path from 'node:path'
import { alive } from './daemons.js'

export async function withLock<T>(lockFile: string, work: () => Promise<T>, timeoutMs = 30 * 60_000): Promise<T> {
  mkdirSync(path.dirname(lockFile), { recursive: true })
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      break
    } catch {
      let holder: number
      try {
        holder = Number(readFileSync(lockFile, 'utf8'))
      } catch {
        continue
      }
      // A holder that died (killed mid-`up`) leaves its lock behind: take it over.
      if (!Number.isInteger(holder) || holder <= 0 || !alive(holder)) {
        rmSync(lockFile, { force: true })
        continue
      }
      if (Date.now() > deadline) throw new Error(`another cluster command (pid ${holder}) holds ${lockFile}`)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
  try {
    return await work()
  } finally {
    rmSync(lockFile, { force: true })
  }
}
