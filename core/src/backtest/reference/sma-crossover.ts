import type { Product } from '@vm-algo/plugins'
import type { Timeframe } from '../../market/types.ts'
import type {
  BatchStrategy,
  BlockInput,
  BlockOutput,
  StrategySetup,
  TimedIntent,
} from '../types.ts'

export interface SmaCrossoverParams {
  /** Bars in the fast and slow simple moving averages of the close. Defaults 10 and 30. */
  fast: number
  slow: number
  /** Units bought on an upward cross; the whole position is sold on a downward cross. */
  qty: number
  product: Product
  /** The series it trades; default the first feed. */
  symbol?: string
  timeframe?: Timeframe
}

/**
 * The moving-average crossover of `plugins/examples/sma-crossover.ts` as plain JavaScript in
 * the host process: the baseline the sandboxed plugin is benchmarked against, and the
 * reference strategy of the backtester's tests. Long when SMA(fast) crosses above
 * SMA(slow), flat when it crosses back below; market orders.
 *
 * It runs the bar loop over each block itself, keeps running sums (of closes in paise, so
 * the comparison of the averages is exact integer arithmetic), and tracks the position it
 * expects; each block starts from the host's real position, and each intent carries
 * `expectQty` so the host refuses it when a square-off or rejection made that belief stale.
 *
 * @example runBacktestSync({ feeds, capital: 1e6, strategy: smaCrossover({ qty: 25, product: 'MIS' }) })
 */
export function smaCrossover(params: Partial<SmaCrossoverParams> = {}): BatchStrategy {
  const p: SmaCrossoverParams = { fast: 10, slow: 30, qty: 1, product: 'CNC', ...params }
  if (!(Number.isInteger(p.fast) && Number.isInteger(p.slow) && p.fast >= 1 && p.fast < p.slow)) {
    throw new RangeError(`need whole periods with 1 ≤ fast < slow, got ${p.fast} and ${p.slow}`)
  }
  if (!(Number.isInteger(p.qty) && p.qty > 0))
    throw new RangeError('qty must be a positive whole number')
  let feedIndex = -1
  let symbol = ''
  let tlFeed: Int32Array = new Int32Array(0)
  let tlRow: Int32Array = new Int32Array(0)
  let close: Float64Array = new Float64Array(0)
  let paise = new Float64Array(0)
  let sumFast = 0
  let sumSlow = 0
  let prevDiff = Number.NaN
  let orders = 0
  let slot = 0
  let fastSlot = 0

  return {
    init(setup: StrategySetup): void {
      feedIndex = setup.feeds.findIndex(
        (f) =>
          (!p.symbol || f.symbol === p.symbol) && (!p.timeframe || f.timeframe === p.timeframe),
      )
      if (feedIndex < 0) throw new RangeError(`no feed ${p.symbol ?? ''} ${p.timeframe ?? ''}`)
      const feed = setup.feeds[feedIndex]!
      symbol = feed.symbol
      close = feed.close
      paise = new Float64Array(p.slow)
      tlFeed = setup.timeline.feed
      tlRow = setup.timeline.row
      sumFast = 0
      sumSlow = 0
      prevDiff = Number.NaN
      orders = 0
      slot = 0
      fastSlot = p.slow - p.fast
    },

    onBlock({ from, to, state }: BlockInput): BlockOutput {
      let held = state.positions[symbol]?.qty ?? 0
      let intents: TimedIntent[] | undefined
      const { fast, slow, qty, product } = p
      for (let k = from; k < to; k++) {
        if (tlFeed[k] !== feedIndex) continue
        const r = tlRow[k]!
        // Ring of the last `slow` closes in paise: integers, so the sums are exact. `slot`
        // holds the close of `slow` bars ago (about to be overwritten), `fastSlot` the one
        // of `fast` bars ago.
        const c = Math.round(close[r]! * 100)
        sumFast += c - (r >= fast ? paise[fastSlot]! : 0)
        sumSlow += c - (r >= slow ? paise[slot]! : 0)
        paise[slot] = c
        if (++slot === slow) slot = 0
        if (++fastSlot === slow) fastSlot = 0
        if (r + 1 < slow) continue
        // SMA(fast) - SMA(slow), scaled by fast × slow to stay an integer.
        const diff = sumFast * slow - sumSlow * fast
        if (prevDiff <= 0 && diff > 0 && held <= 0) {
          intents ??= []
          intents.push(order(k, 'BUY', qty, held))
          held += qty
        } else if (prevDiff >= 0 && diff < 0 && held > 0) {
          intents ??= []
          intents.push(order(k, 'SELL', held, held))
          held = 0
        }
        prevDiff = diff
      }
      return { intents: intents ?? [] }

      function order(at: number, side: 'BUY' | 'SELL', n: number, expectQty: number): TimedIntent {
        const clientOrderId = `sma-${++orders}`
        const intent = {
          action: 'place' as const,
          clientOrderId,
          symbol,
          side,
          qty: n,
          orderType: 'MARKET' as const,
          product,
        }
        return { at, intent, expectQty }
      }
    },
  }
}
