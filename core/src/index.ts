export { type CoreConfig, coreConfigSchema, loadCoreConfig } from './config.ts'
export * from './market/index.ts'
export { type CoreHealthReport, type FeedHealth, healthRoutes } from './server/health.ts'
export { type RunningCore, startCore } from './start.ts'
