/** Kubernetes access shared by canary-deploy and health-rollback. */
export * from './client.js'
export * from './config.js'
export * from './errors.js'
export * from './pods.js'
export * from './revisions.js'
export * from './rollout-status.js'
export * from './rollout-undo.js'
export * from './watch.js'
