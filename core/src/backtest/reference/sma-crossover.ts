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
 * It runs the bar loop over each block itself and keeps running sums the way the SDK's `sma`
 * (technicalindicators) does — `(sum − oldest) + newest`, in floating point — so the two agree
 * to the last bit, ties of the averages included. It tracks the position it expects; each block
 * starts from the host's real position, and each intent carries `expectQty` so the host refuses
 * it when a square-off or rejection made that belief stale.
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
  let sumFast = 0
  let sumSlow = 0
  let prevFast = Number.NaN
  let prevSlow = Number.NaN
  let orders = 0

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
      tlFeed = setup.timeline.feed
      tlRow = setup.timeline.row
      sumFast = 0
      sumSlow = 0
      prevFast = Number.NaN
      prevSlow = Number.NaN
      orders = 0
    },

    onBlock({ from, to, state }: BlockInput): BlockOutput {
      let held = state.positions[symbol]?.qty ?? 0
      let intents: TimedIntent[] | undefined
      const { fast, slow, qty, product } = p
      for (let k = from; k < to; k++) {
        if (tlFeed[k] !== feedIndex) continue
        const r = tlRow[k]!
        const c = close[r]!
        sumFast = r < fast ? sumFast + c : sumFast - close[r - fast]! + c
        sumSlow = r < slow ? sumSlow + c : sumSlow - close[r - slow]! + c
        if (r + 1 < slow) continue
        const f = sumFast / fast
        const s = sumSlow / slow
        // NaN before the first complete pair: no comparison holds, as in the plugin, which
        // waits for both averages and their values one bar back.
        if (prevFast <= prevSlow && f > s && held <= 0) {
          intents ??= []
          intents.push(order(k, 'BUY', qty, held))
          held += qty
        } else if (prevFast >= prevSlow && f < s && held > 0) {
          intents ??= []
          intents.push(order(k, 'SELL', held, held))
          held = 0
        }
        prevFast = f
        prevSlow = s
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
