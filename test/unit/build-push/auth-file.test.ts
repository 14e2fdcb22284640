import { describe, expect, it } from '@jest/globals'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { authFileContent, writeAuthFile } from '../../../src/build-push/auth-file.js'

describe('auth file', () => {
  it('one auths entry per registry, Docker Hub under its legacy key', () => {
    const content = JSON.parse(authFileContent(['ghcr.io', 'docker.io', 'ghcr.io'], { username: 'u', password: 'p' }))
    expect(content).toEqual({ auths: { 'ghcr.io': { auth: 'dTpw' }, 'https://index.docker.io/v1/': { auth: 'dTpw' } } })
  })
})

describe('writeAuthFile', () => {
  it("links the user's buildx builders and CLI plugins into the run's docker config, which holds only the credentials", () => {
    const user = mkdtempSync(path.join(tmpdir(), 'user-docker-'))
    mkdirSync(path.join(user, 'buildx'))
    mkdirSync(path.join(user, 'cli-plugins'))
    writeFileSync(path.join(user, 'cli-plugins', 'docker-buildx'), '')
    writeFileSync(path.join(user, 'config.json'), '{"auths":{"other.io":{"auth":"b3RoZXI6c2VjcmV0"}}}')
    const run = path.join(mkdtempSync(path.join(tmpdir(), 'run-')), 'auth')
    const file = writeAuthFile(run, ['ghcr.io'], { username: 'u', password: 'p' }, { DOCKER_CONFIG: user })
    expect(readdirSync(run).sort()).toEqual(['buildx', 'cli-plugins', 'config.json'])
    expect(existsSync(path.join(run, 'cli-plugins', 'docker-buildx'))).toBe(true)
    expect(readlinkSync(path.join(run, 'buildx'))).toBe(path.join(user, 'buildx'))
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ auths: { 'ghcr.io': { auth: 'dTpw' } } })
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('links nothing the user does not have (HOME/.docker without plugins)', () => {
    const home = mkdtempSync(path.join(tmpdir(), 'home-'))
    const run = path.join(mkdtempSync(path.join(tmpdir(), 'run-')), 'auth')
    writeAuthFile(run, ['ghcr.io'], { username: 'u', password: 'p' }, { HOME: home })
    expect(readdirSync(run)).toEqual(['config.json'])
  })
})
