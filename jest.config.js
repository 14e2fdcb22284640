/** Jest runs the TypeScript sources as native ESM (all @actions/* 3.x and client-node 2.x are ESM-only). */
import { availableParallelism } from 'node:os'

export default {
  // Most suites wait on the processes they start (registry, buildah, Prometheus, the demo), so two workers fit even
  // a 2-core machine: the full run there went from 468 s to 285 s. Jest's default would be one worker per core - 1.
  maxWorkers: Math.max(2, availableParallelism() - 1),
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
