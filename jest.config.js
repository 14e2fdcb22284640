/** Jest runs the TypeScript sources as native ESM (all @actions/* 3.x and client-node 2.x are ESM-only). */
import { availableParallelism } from 'node:os'

export default {
  // Most suites wait on the processes they start (the cluster's rollouts, registries, buildah, Prometheus, the demo),
  // so four workers fit even a 2-core machine. Full runs there: two workers 1,474 s of jest time, one file
  // (health-rollback's rollouts, 486 s) holding a worker while the other ran the remaining 2,457 s; three 1,111 s
  // (3,327 s of file time); four 902 s (3,600 s: each file a little slower, the load average about 10, all green).
  // Jest's default would be one worker per core - 1.
  maxWorkers: Math.max(4, availableParallelism() - 1),
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
