import { isId } from '@vm-algo/db'
import { type CandleBuilder, createCandleBuilder } from '../../bus/candle-builder.ts'
import { tenantTopic, tickTopic } from '../../bus/topics.ts'
import type { TickBus } from '../../bus/types.ts'
import { type FeedClock, systemClock } from '../../market/clock.ts'
import type { Tick, Timeframe } from '../../market/types.ts'
import { createKiteTicker } from './client.ts'
import type { KiteTicker, KiteTickerOptions, KiteTickerStatus } from './client-types.ts'
import { KiteFeedError } from './errors.ts'
import type { KiteMode, KitePacket } from './protocol.ts'

/** An instrument of the feed: Kite's token and where its ticks go on the bus. */
export interface KiteInstrument {
  token: number
  exchange: string
  symbol: string
  /** Default `full` (depth, OI and exchange timestamps). */
  mode?: KiteMode
}

export interface KiteFeedOptions
  extends Omit<KiteTickerOptions, 'onPackets' | 'onText' | 'maxInstruments'> {
  /** The tenant whose broker account this is; its ticks go on its private topics only. */
  tenantId: string
  bus: Pick<TickBus, 'publish'>
  instruments: readonly KiteInstrument[]
  /** Candles to build from the ticks (also private); default none, `[]` none. */
  candles?: readonly Timeframe[]
  /** Late ticks tolerated before a quiet instrument's candle closes. Default 2 s. */
  candleGraceMs?: number
  clock?: FeedClock
  /** Order updates and other text messages from Kite. */
  onText?: KiteTickerOptions['onText']
}

export interface KiteFeedStatus extends KiteTickerStatus {
  kind: 'kite'
  tenantId: string
  /** Ticks put on the bus, and packets for tokens this feed does not know. */
  ticks: number
  unknownTokens: number
}

export interface KiteFeed {
  start(): void
  reconnect(): void
  status(): KiteFeedStatus
  /** Stops the connection and the candle clock. */
  close(): Promise<void>
}

/**
 * A tenant's own Kite market-data feed on the bus: packets become ticks on
 * `tenant.<tenantId>.ticks.<exchange>.<symbol>` (and, if asked, candles on
 * `tenant.<tenantId>.bars.…`), which only that tenant's subscribers may read. Exchange
 * timestamps (full mode) date the ticks; otherwise the receive time does.
 *
 * @example
 * const feed = createKiteFeed({ tenantId, bus, apiKey, accessToken: () => tokens.get(userId),
 *   instruments: [{ token: 738561, exchange: 'NSE', symbol: 'RELIANCE' }], candles: ['1m', '5m'] })
 * feed.start()
 */
export function createKiteFeed(options: KiteFeedOptions): KiteFeed {
  const { tenantId, bus, instruments } = options
  if (!isId('tenant', tenantId))
    throw new KiteFeedError('invalid_option', 'tenantId is not a tenant id')
  const byToken = new Map<number, { exchange: string; symbol: string; topic: string }>()
  for (const i of instruments) {
    byToken.set(i.token, {
      exchange: i.exchange,
      symbol: i.symbol,
      topic: tenantTopic(tenantId, tickTopic(i.exchange, i.symbol)),
    })
  }
  const clock = options.clock ?? systemClock
  const candles: CandleBuilder | null =
    options.candles && options.candles.length > 0
      ? createCandleBuilder({ sink: bus, tenantId, timeframes: options.candles })
      : null
  let stopClock: (() => void) | null = null
  let ticks = 0
  let unknownTokens = 0

  const ticker: KiteTicker = createKiteTicker({
    ...options,
    onText: options.onText,
    onPackets(packets, receivedAt) {
      for (const packet of packets) {
        const instrument = byToken.get(packet.token)
        if (!instrument) {
          unknownTokens++
          continue
        }
        const tick = toTick(instrument.symbol, packet, receivedAt)
        candles?.addTick(instrument.exchange, tick)
        bus.publish(instrument.topic, { type: 'tick', exchange: instrument.exchange, tick })
        ticks++
      }
    },
  })
  for (const mode of ['ltp', 'quote', 'full'] as const) {
    const tokens = instruments.filter((i) => (i.mode ?? 'full') === mode).map((i) => i.token)
    if (tokens.length > 0) ticker.subscribe(tokens, mode)
  }

  return {
    start() {
      ticker.start()
      if (candles && !stopClock) stopClock = candles.runClock(clock, options.candleGraceMs ?? 2_000)
    },
    reconnect: () => ticker.reconnect(),
    status: () => ({ kind: 'kite', tenantId, ticks, unknownTokens, ...ticker.status() }),
    async close() {
      stopClock?.()
      stopClock = null
      await ticker.close()
    },
  }
}

/** Kite packet → the platform's Tick (best bid/ask from depth level 1). */
export function toTick(symbol: string, p: KitePacket, receivedAt: number): Tick {
  const tick: Tick = { symbol, ts: p.exchangeTime ?? receivedAt, price: p.lastPrice }
  if (p.volume !== undefined) tick.volume = p.volume
  if (p.lastQty !== undefined) tick.lastQty = p.lastQty
  if (p.oi !== undefined) tick.oi = p.oi
  if (p.totalBuyQty !== undefined) tick.totalBuyQty = p.totalBuyQty
  if (p.totalSellQty !== undefined) tick.totalSellQty = p.totalSellQty
  const bid = p.depth?.buy[0]
  const ask = p.depth?.sell[0]
  if (bid && bid.quantity > 0) {
    tick.bid = bid.price
    tick.bidQty = bid.quantity
  }
  if (ask && ask.quantity > 0) {
    tick.ask = ask.price
    tick.askQty = ask.quantity
  }
  return tick
}
