/** Jest runs the TypeScript sources as native ESM (all @actions/* 3.x and client-node 2.x are ESM-only). */
import { availableParallelism } from 'node:os'

export default {
  // Most suites wait on the processes they start (the cluster's rollouts, registries, buildah, Prometheus, the demo),
  // so three workers fit even a 2-core machine: with two, the full run there took 1,474 s of jest time, one file
  // (health-rollback's rollouts, 486 s) holding a worker while the other ran the remaining 2,457 s; with three, 1,111 s
  // (3,327 s of file time). Four took 902-987 s but, at a load average of 10, made a timing-bound canary test late by
  // one analysis interval in one of three full runs. Jest's default would be one worker per core - 1.
  maxWorkers: Math.max(3, availableParallelism() - 1),
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  extensionsToTreatAsEsm: ['.ts'],
  resolver: 'ts-jest-resolver',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', useESM: true }] },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  testTimeout: 60_000,
  collectCoverageFrom: ['src/**/*.ts', '!src/*/index.ts'],
  coverageReporters: ['json-summary', 'text-summary', 'lcov']
}
