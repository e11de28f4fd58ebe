export { ensureLocalSecrets, type LocalSecrets, withLocalSecrets } from './local-secrets.ts'
export { nodeClientIp, type RunningEdge, startEdge } from './server.ts'
export { type LocalStripe, startLocalStripe } from './stripe-local/index.ts'
export {
  startUpstashBridge,
  type UpstashBridge,
  type UpstashBridgeOptions,
} from './upstash-bridge.ts'
