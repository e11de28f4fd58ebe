export { ensureLocalSecrets, type LocalSecrets, withLocalSecrets } from './local-secrets.ts'
export { type RunningEdge, startEdge } from './server.ts'
