export { createKiteTicker } from './client.ts'
export {
  KITE_MAX_INSTRUMENTS,
  type KiteTicker,
  type KiteTickerOptions,
  type KiteTickerState,
  type KiteTickerStatus,
} from './client-types.ts'
export { encodeFrame, encodePacket, HEARTBEAT } from './encode.ts'
export {
  type KiteErrorCode,
  KiteFeedError,
  KiteLimitError,
  KiteProtocolError,
} from './errors.ts'
export {
  createKiteFeed,
  type KiteFeed,
  type KiteFeedOptions,
  type KiteFeedStatus,
  type KiteInstrument,
  toTick,
} from './feed.ts'
export {
  type DepthEntry,
  type KiteFrame,
  type KiteMode,
  type KitePacket,
  type KiteTextMessage,
  type Ohlc,
  PACKET_SIZE,
  parseFrame,
  parsePacket,
  parseTextMessage,
  priceDivisor,
  SEGMENT,
} from './protocol.ts'
export { type KiteAccessToken, type KiteTokenSource, kiteTokenExpiry } from './token.ts'
