import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from '@jest/globals'
import { auditCommand, detectPackageManager, detectYarnBerry } from '../../../../src/quality-gate/audit/index.js'
import { fixturesDir } from './fixtures.js'

const project = (name: string) => join(fixturesDir, 'projects', name)

describe('detectPackageManager on the fixture projects (lockfiles written by the tools)', () => {
  it.each([
    ['npm', 'npm', false],
    ['pnpm', 'pnpm', false],
    ['yarn-classic', 'yarn', false],
    ['yarn-berry', 'yarn', true]
  ])('%s -> %s (berry: %s)', (dir, pm, berry) => {
    expect(detectPackageManager(project(dir))).toBe(pm)
    expect(detectYarnBerry(project(dir))).toBe(berry)
  })

  it('finds none without a lockfile', () => {
    expect(detectPackageManager(project('eslint'))).toBeUndefined()
  })
})

describe('detectPackageManager with several lockfiles', () => {
  let dir = ''
  afterEach(() => rmSync(dir, { recursive: true, force: true }))
  const make = (files: Record<string, string>) => {
    dir = mkdtempSync(join(tmpdir(), 'pm-'))
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
    return dir
  }

  it('follows the packageManager field when its lockfile is there', () => {
    const d = make({ 'package.json': '{"packageManager":"yarn@4.5.0"}', 'yarn.lock': '', 'package-lock.json': '{}' })
    expect(detectPackageManager(d)).toBe('yarn')
    expect(detectYarnBerry(d)).toBe(true)
  })

  it('falls back to the lockfile present when the declared manager has none', () => {
    expect(detectPackageManager(make({ 'package.json': '{"packageManager":"pnpm@9.1.0"}', 'package-lock.json': '{}' }))).toBe('npm')
  })

  it('prefers pnpm, then yarn, then npm lockfiles', () => {
    expect(detectPackageManager(make({ 'pnpm-lock.yaml': '', 'package-lock.json': '{}' }))).toBe('pnpm')
  })

  it('reads npm-shrinkwrap.json as npm and yarn@1 as classic', () => {
    expect(detectPackageManager(make({ 'npm-shrinkwrap.json': '{}' }))).toBe('npm')
    expect(detectYarnBerry(make({ 'package.json': '{"packageManager":"yarn@1.22.22"}', 'yarn.lock': '__metadata:\n' }))).toBe(false)
  })
})

describe('auditCommand', () => {
  it.each([
    ['npm', false, ['npm', 'audit', '--json']],
    ['pnpm', false, ['pnpm', 'audit', '--json']],
    ['yarn', false, ['yarn', 'audit', '--json']],
    ['yarn', true, ['yarn', 'npm', 'audit', '--all', '--recursive', '--json']]
  ] as const)('%s (berry: %s)', (pm, berry, argv) => {
    expect(auditCommand(pm, berry)).toEqual(argv)
  })
})
