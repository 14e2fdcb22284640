/**
 * `npm run cluster -- up` for other programs (the tests, the demo): runs it as a child process (idempotent, and one at
 * a time per machine through its lock) and returns its JSON line. `progress` gets its stderr lines as they come: the
 * steps of a start, and the build of Kubernetes on a machine that has not built it yet.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ClusterInfo } from './up.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export function clusterUp(progress?: (line: string) => void): Promise<ClusterInfo> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'local/cluster/main.ts'), 'up'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60 * 60_000
    })
    let stdout = ''
    let stderr = ''
    let partial = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-20_000)
      const lines = (partial + chunk.toString()).split('\n')
      partial = lines.pop()!
      for (const line of lines) progress?.(line)
    })
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (code !== 0) return reject(new Error(`could not start the local cluster (npm run cluster -- up, ${signal ?? `exit code ${code}`}):\n${stderr}`))
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop()!) as ClusterInfo)
      } catch {
        reject(new Error(`npm run cluster -- up printed no JSON line:\n${stdout}${stderr}`))
      }
    })
  })
}
