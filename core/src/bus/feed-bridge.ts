import type { FeedListener } from '../market/types.ts'
import type { CandleBuilderOptions } from './candle-builder.ts'
import { type CandleBuilder, createCandleBuilder } from './candle-builder.ts'
import { tenantTopic, tickTopic } from './topics.ts'
import type { TickBus } from './types.ts'

export interface FeedBridgeOptions {
  /** Exchange of every instrument of the feed. Default `NSE`. */
  exchange?: string
  /** Candles to build and publish. Default 1m, 5m, 15m and 1d. */
  timeframes?: CandleBuilderOptions['timeframes']
  /** Publish on this tenant's private topics. Default: shared topics. */
  tenantId?: string | null
}

export interface FeedBridge {
  readonly candles: CandleBuilder
  /** Stops forwarding. Open candles are not published: they are not complete. */
  stop(): void
}

/**
 * Puts a replay feed's events on the bus: ticks on `ticks.<exchange>.<symbol>`, and candles
 * built from them (or from the feed's 1-minute bars) on `bars.<tf>.<exchange>.<symbol>`.
 * The feed's own time drives the candle clock, so a quiet instrument's candle closes when
 * the market moves past it, at any replay speed. A candle goes out before the tick that
 * closed it.
 *
 * @example
 * const feed = await createBundledReplay({ symbols: ['NIFTY50'], speed: 60 })
 * const bridge = connectFeedToBus(feed, bus)
 * feed.start()
 */
export function connectFeedToBus(
  feed: { subscribe(listener: FeedListener): () => void },
  bus: Pick<TickBus, 'publish'>,
  options: FeedBridgeOptions = {},
): FeedBridge {
  const exchange = options.exchange ?? 'NSE'
  const tenantId = options.tenantId ?? null
  const candles = createCandleBuilder({
    sink: bus,
    tenantId,
    ...(options.timeframes ? { timeframes: options.timeframes } : {}),
  })
  const topics = new Map<string, string>()
  const topicOf = (symbol: string): string => {
    let topic = topics.get(symbol)
    if (topic === undefined) {
      topic = tickTopic(exchange, symbol)
      if (tenantId) topic = tenantTopic(tenantId, topic)
      topics.set(symbol, topic)
    }
    return topic
  }
  const unsubscribe = feed.subscribe((event) => {
    if (event.type === 'tick') {
      candles.addTick(exchange, event.tick)
      candles.advance(event.tick.ts)
      bus.publish(topicOf(event.tick.symbol), { type: 'tick', exchange, tick: event.tick })
    } else {
      candles.addMinuteBar(exchange, event.symbol, event.bar)
      // Every instrument's bar for this minute comes out at the same market time, so only
      // periods that ended by the bar's start are surely complete for all of them.
      candles.advance(event.bar.ts)
    }
  })
  return { candles, stop: unsubscribe }
}
