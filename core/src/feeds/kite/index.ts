export { KiteApiError, type KiteApiErrorCode, toKiteApiError } from './api-errors.ts'
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
export { fetchKiteBars, type KiteBars, type KiteBarsRequest } from './import.ts'
export { KITE_INSTRUMENT_TOKENS, kiteInstrumentToken } from './instruments.ts'
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
export { exchangeKiteRequestToken, type KiteSession, type KiteTokenExchange } from './session.ts'
export { type KiteAccessToken, type KiteTokenSource, kiteTokenExpiry } from './token.ts'
