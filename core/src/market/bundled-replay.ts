import { listSeries, loadBars, loadTicks, resolveSymbol } from './catalog.ts'
import { createReplayFeed } from './replay-feed.ts'
import type { ReplayFeed, ReplayOptions, ReplaySource } from './types.ts'

export interface BundledReplayOptions extends Omit<ReplayOptions, 'sources'> {
  /** Symbols with bundled 1m bars (e.g. `NIFTY50`, `M&M` has none) or futures ticks. */
  symbols: readonly string[]
}

/**
 * Loads the bundled data for `symbols` and returns a replay feed over it (not started):
 * 1-minute bars for symbols that have a 1m file, ticks for the futures in the tick file
 * (e.g. `TCS25NOVFUT`). Index names such as `NIFTY 50` resolve like in the catalog. Throws
 * for an unknown symbol or one with only daily data, since the feed replays intraday data.
 *
 * @example
 * const feed = await createBundledReplay({ symbols: ['NIFTY50', 'BANKNIFTY'], speed: 60 })
 * feed.start()
 */
export async function createBundledReplay(options: BundledReplayOptions): Promise<ReplayFeed> {
  const { symbols, ...rest } = options
  const wanted = [...new Set(symbols.map(resolveSymbol))]
  const minute = new Set(listSeries().flatMap((s) => (s.timeframe === '1m' ? [s.symbol] : [])))
  const sources: ReplaySource[] = []
  const tickSymbols: string[] = []
  for (const symbol of wanted) {
    if (minute.has(symbol)) sources.push({ symbol, bars: await loadBars(symbol, '1m') })
    else tickSymbols.push(symbol)
  }
  if (tickSymbols.length > 0) {
    const ticks = await loadTicks(tickSymbols)
    const missing = tickSymbols.filter((s) => !ticks.some((t) => t.symbol === s))
    if (missing.length > 0) {
      throw new Error(`replay: no intraday data for ${missing.join(', ')} (only daily bars)`)
    }
    sources.push({ ticks })
  }
  return createReplayFeed({ ...rest, sources })
}
