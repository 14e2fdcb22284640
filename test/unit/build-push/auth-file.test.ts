import { describe, expect, it } from '@jest/globals'
import { authFileContent } from '../../../src/build-push/auth-file.js'

describe('auth file', () => {
  it('one auths entry per registry, Docker Hub under its legacy key', () => {
    const content = JSON.parse(authFileContent(['ghcr.io', 'docker.io', 'ghcr.io'], { username: 'u', password: 'p' }))
    expect(content).toEqual({ auths: { 'ghcr.io': { auth: 'dTpw' }, 'https://index.docker.io/v1/': { auth: 'dTpw' } } })
  })
})
