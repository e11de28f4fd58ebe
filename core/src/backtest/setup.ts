import type { Timeframe } from '../market/types.ts'
import { type ChargeSchedule, ZERODHA_SCHEDULE } from './costs.ts'
import { BacktestConfigError } from './errors.ts'
import type { Slippage } from './fills.ts'
import { PRODUCTS } from './ledger.ts'
import { type InstrumentSpec, instrumentSpec } from './market-rules.ts'
import { buildTimeline, executionFlags, type Timeline } from './timeline.ts'
import type { BacktestConfig, FeedView } from './types.ts'

/** Everything a run derives from its configuration before the first bar. */
export interface RunSetup {
  capital: number
  timeline: Timeline
  symbols: string[]
  specs: InstrumentSpec[]
  feeds: FeedView[]
  /** Per feed: timeframe, close column, symbol index, 1 if orders fill on it, bar flags. */
  timeframes: Timeframe[]
  closes: Float64Array[]
  feedSym: Int32Array
  feedExec: Uint8Array
  flags: Uint8Array[]
  /** Per symbol: its orders fill on daily bars. */
  dailyOnly: boolean[]
  schedule: ChargeSchedule | null
  slippage: Slippage
  /** Margin as a fraction of notional, by index into PRODUCTS (CNC 1). */
  marginRate: Float64Array
}

const SHORTEST_FIRST: readonly Timeframe[] = ['1m', '5m', '15m', '1d']

/**
 * Checks the configuration (throwing a BacktestConfigError that names the field) and builds
 * the timeline, instrument specs and per-feed lookups. Orders of a symbol fill on its shortest
 * timeframe (the first such feed on a tie): its execution feed.
 */
export function setupRun(config: BacktestConfig): RunSetup {
  const { feeds, capital } = config
  if (!Array.isArray(feeds) || feeds.length === 0) {
    throw new BacktestConfigError('feeds', 'give at least one bar series')
  }
  if (!(Number.isFinite(capital) && capital > 0)) {
    throw new BacktestConfigError('capital', 'must be a positive number of rupees')
  }
  const timeline = buildTimeline(feeds)
  const symbols = [...new Set(feeds.map((f) => f.symbol))]
  const specs = symbols.map((sym) =>
    instrumentSpec(sym, feeds.find((f) => f.symbol === sym)?.instrument),
  )
  for (const spec of specs) {
    if (!(Number.isInteger(spec.lotSize) && spec.lotSize > 0 && spec.tickSize > 0)) {
      throw new BacktestConfigError(
        'feeds.instrument',
        `${spec.symbol}: lot and tick must be positive`,
      )
    }
  }
  const rank = (i: number) => SHORTEST_FIRST.indexOf(feeds[i]!.timeframe)
  const execFeed = symbols.map((sym) => {
    let best = -1
    for (let i = 0; i < feeds.length; i++) {
      if (feeds[i]!.symbol === sym && (best < 0 || rank(i) < rank(best))) best = i
    }
    return best
  })
  const margin = { MIS: 0.2, NRML: 0.2, ...config.margin }
  for (const [k, v] of Object.entries(margin)) {
    if (!(Number.isFinite(v) && v > 0 && v <= 1))
      throw new BacktestConfigError(`margin.${k}`, 'must be in (0, 1]')
  }
  return {
    capital,
    timeline,
    symbols,
    specs,
    feeds: feeds.map((f) => ({ ...f.bars, symbol: f.symbol, timeframe: f.timeframe })),
    timeframes: feeds.map((f) => f.timeframe),
    closes: feeds.map((f) => f.bars.close),
    feedSym: Int32Array.from(feeds, (f) => symbols.indexOf(f.symbol)),
    feedExec: Uint8Array.from(feeds, (_, i) => (execFeed.includes(i) ? 1 : 0)),
    flags: feeds.map((f, i) => (execFeed.includes(i) ? executionFlags(f) : new Uint8Array(0))),
    dailyOnly: execFeed.map((f) => feeds[f]!.timeframe === '1d'),
    schedule: config.charges === null ? null : (config.charges ?? ZERODHA_SCHEDULE),
    slippage: checkSlippage(config.slippage ?? { ticks: 1 }),
    marginRate: Float64Array.from(PRODUCTS, (p) => (p === 'CNC' ? 1 : margin[p])),
  }
}

function checkSlippage(s: Slippage): Slippage {
  const v = 'bps' in s ? s.bps : 'ticks' in s ? s.ticks : Number.NaN
  if (!(Number.isFinite(v) && v >= 0)) {
    throw new BacktestConfigError('slippage', 'give { bps } or { ticks }, a number ≥ 0')
  }
  return s
}
