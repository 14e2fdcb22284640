/** Where a program would be found on PATH, without starting anything: to refuse an input before any side effect. */
import { accessSync, constants, statSync } from 'node:fs'
import path from 'node:path'

export function findProgram(name: string, pathVariable: string | undefined): string | undefined {
  for (const dir of (pathVariable ?? '').split(path.delimiter)) {
    if (!dir) continue
    const candidate = path.join(dir, name)
    try {
      if (!statSync(candidate).isFile()) continue
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here
    }
  }
  return undefined
}
