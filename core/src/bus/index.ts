export { benchBusFanout, type FanoutOptions, type FanoutResult } from './bench.ts'
export {
  type CandleBuilder,
  type CandleBuilderOptions,
  type CandleBuilderStats,
  createCandleBuilder,
} from './candle-builder.ts'
export { BusError, type BusErrorCode, EntitlementError, TopicError } from './errors.ts'
export { connectFeedToBus, type FeedBridge, type FeedBridgeOptions } from './feed-bridge.ts'
export { createMemoryBus } from './memory-bus.ts'
export { createNatsBus, type NatsBusOptions } from './nats-bus.ts'
export {
  barTopic,
  checkEntitlement,
  checkPattern,
  checkTopic,
  TENANT_ROOT,
  tenantTopic,
  tickTopic,
  topicMatches,
} from './topics.ts'
export type {
  BarMessage,
  BusHandler,
  BusMessage,
  BusStats,
  OverflowPolicy,
  SubscribeOptions,
  Subscription,
  SubscriptionStats,
  TenantBus,
  TickBus,
  TickMessage,
} from './types.ts'
