import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export const fixturesDir = join(process.cwd(), 'test/fixtures/audit')
export const reportPath = (name: string): string => join(fixturesDir, 'reports', name)
export const report = (name: string): string => readFileSync(reportPath(name), 'utf8')
export const reportJson = (name: string): Record<string, any> => JSON.parse(report(name))
export const reportLines = (name: string): Record<string, any>[] =>
  report(name)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line))
