import { describe, expect, it } from '@jest/globals'
import { baseImageRegistries, dockerfileStages, withLabelInstruction } from '../../../src/build-push/dockerfile.js'
import { buildahBudArgv } from '../../../src/build-push/builders/buildah-argv.js'

describe('Dockerfile stages', () => {
  it('the names of FROM ... AS name, in order and as written, whatever the case of AS and the flags', () => {
    const dockerfile = 'ARG BASE=x\nFROM --platform=$BUILDPLATFORM node:24 AS Build\nRUN true\nfrom build as test\nFROM ${BASE}\nFROM scratch\nFROM \\\n  ghcr.io/acme/tools:1 \\\n  AS tools\n'
    expect(dockerfileStages(dockerfile)).toEqual(['Build', 'test', 'tools'])
  })

  it('none when no FROM names its stage', () => {
    expect(dockerfileStages('FROM scratch\nCOPY a /\n')).toEqual([])
  })

  it('joins continuation lines with the escape directive\'s character', () => {
    const dockerfile = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022 `\n  AS base\nRUN dir c:\\\nFROM base AS final\n'
    expect(dockerfileStages(dockerfile)).toEqual(['base', 'final'])
    expect(baseImageRegistries(dockerfile)).toEqual(['mcr.microsoft.com'])
  })
})

describe('Dockerfile base images', () => {
  it('registries of FROM images, skipping scratch, stages and ARG references', () => {
    const dockerfile = 'ARG BASE=x\nFROM --platform=$BUILDPLATFORM 127.0.0.1:5000/base:1 AS build\nRUN true\nFROM build AS test\nFROM ${BASE}\nFROM scratch\nFROM node:24\nFROM \\\n  ghcr.io/acme/tools:1\n'
    expect(baseImageRegistries(dockerfile)).toEqual(['127.0.0.1:5000', 'docker.io', 'ghcr.io'])
  })
})

describe('one LABEL instruction for buildah', () => {
  const labels: [string, string][] = [
    ['org.opencontainers.image.revision', 'abc'],
    ['note', 'say "hi" for $5 \\o/']
  ]
  it('appends every label, quoted so nothing is expanded', () => {
    expect(withLabelInstruction('FROM scratch\nCOPY a /\n\n', labels, undefined)).toBe(
      'FROM scratch\nCOPY a /\nLABEL "org.opencontainers.image.revision"="abc" "note"="say \\"hi\\" for \\$5 \\\\o/"\n'
    )
  })
  it('falls back to --label flags for a --target stage or a custom escape character', () => {
    expect(withLabelInstruction('FROM scratch AS a\nFROM scratch\n', labels, 'a')).toBeUndefined()
    expect(withLabelInstruction('# escape=`\nFROM scratch\n', labels, undefined)).toBeUndefined()
  })
  it('the planner then passes the generated file and no --label flags', () => {
    const argv = buildahBudArgv({ context: '/c', file: '/c/Dockerfile', buildArgs: [], secrets: [], ssh: [], labels: { a: 'b' }, platforms: [], timestamp: 1, cache: { kind: 'none' }, insecure: false }, { root: 'r', runroot: 'rr', driver: 'vfs', isolation: 'chroot' }, 'l', '/w/Dockerfile.labelled')
    expect(argv.slice(7, 11)).toEqual(['bud', '--isolation', 'chroot', '--file'])
    expect(argv[11]).toBe('/w/Dockerfile.labelled')
    expect(argv).not.toContain('--label')
  })
})
