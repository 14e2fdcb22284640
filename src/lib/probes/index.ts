/** HTTP health probes shared by health-rollback and canary-deploy. */
export * from './consecutive.js'
export * from './expected-status.js'
export * from './http-probe.js'
export * from './json-path.js'
export * from './verdict.js'
