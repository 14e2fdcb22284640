/** Prometheus metric conditions shared by health-rollback and canary-deploy. */
export * from './condition.js'
export * from './evaluate.js'
export * from './prometheus.js'
export * from './prometheus-auth.js'
export * from './datadog.js'
export * from './source.js'
export * from './web.js'
