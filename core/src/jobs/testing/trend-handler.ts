import { loadBarColumns, UnknownSymbolError } from '../../market/index.ts'
import { JobFailure } from '../errors.ts'
import { parseBacktestRequest } from '../request.ts'
import type { ClaimedJob, JobHandler, JobResult } from '../types.ts'

export interface TrendHandlerOptions {
  /** Bars per step; progress is reported after each. Default 50. */
  chunk?: number
  /** Awaited before each step: tests hold the job at a known point here. */
  beforeStep?: (step: number, job: ClaimedJob, signal: AbortSignal) => Promise<void>
}

/**
 * A real, small job handler for the job system's tests, standing in for the backtest engine:
 * over the bundled daily or minute bars of the request's first symbol, it holds the symbol
 * while the close is above its `params.lookback`-bar mean (default 20) and is flat otherwise,
 * buying and selling at the close with all its cash. It reports progress per step and stops
 * when its signal is aborted, like any handler must.
 */
export function trendHandler(options: TrendHandlerOptions = {}): JobHandler {
  const chunk = options.chunk ?? 50
  return async (job, { signal, progress }) => {
    const request = parseBacktestRequest(job.request)
    const symbol = request.symbols[0]!
    const lookback = Number(request.params.lookback ?? 20)
    const bars = await loadBarColumns(symbol, request.timeframe).catch((error) => {
      if (error instanceof UnknownSymbolError) throw new JobFailure(error.message)
      throw error
    })
    const from = Date.parse(`${request.from}T00:00:00+05:30`)
    const to = Date.parse(`${request.to}T00:00:00+05:30`) + 86_400_000
    const rows: number[] = []
    for (let i = 0; i < bars.length; i++) if (bars.ts[i]! >= from && bars.ts[i]! < to) rows.push(i)
    if (rows.length === 0)
      throw new JobFailure(
        `No bundled ${request.timeframe} bars of ${symbol} from ${request.from} to ${request.to}.`,
      )

    let cash = request.capital
    let qty = 0
    let entry: { time: number; price: number } | null = null
    const trades: Record<string, number>[] = []
    const curve = { time: [] as number[], equity: [] as number[], drawdown: [] as number[] }
    let peak = cash
    for (let start = 0, step = 0; start < rows.length; start += chunk, step++) {
      await options.beforeStep?.(step, job, signal)
      signal.throwIfAborted()
      for (const i of rows.slice(start, start + chunk)) {
        const close = bars.close[i]!
        const mean = meanClose(bars.close, i, lookback)
        if (qty === 0 && mean !== null && close > mean) {
          qty = Math.floor(cash / close)
          cash -= qty * close
          entry = { time: bars.ts[i]!, price: close }
        } else if (qty > 0 && mean !== null && close < mean) {
          trades.push(closeTrade(entry!, bars.ts[i]!, close, qty))
          cash += qty * close
          qty = 0
        }
        const equity = cash + qty * close
        peak = Math.max(peak, equity)
        curve.time.push(bars.ts[i]!)
        curve.equity.push(equity)
        curve.drawdown.push(equity / peak - 1)
      }
      progress(Math.min(rows.length, start + chunk) / rows.length)
    }
    const finalEquity = curve.equity.at(-1)!
    const result: JobResult = {
      metrics: {
        symbol,
        bars: rows.length,
        trades: trades.length,
        finalEquity,
        totalReturn: finalEquity / request.capital - 1,
      },
      equityCurve: curve,
      trades,
    }
    return result
  }
}

function meanClose(close: Float64Array, i: number, n: number): number | null {
  if (i < n) return null
  let sum = 0
  for (let k = i - n; k < i; k++) sum += close[k]!
  return sum / n
}

function closeTrade(
  entry: { time: number; price: number },
  time: number,
  price: number,
  qty: number,
) {
  return {
    entryTime: entry.time,
    entryPrice: entry.price,
    exitTime: time,
    exitPrice: price,
    qty,
    pnl: (price - entry.price) * qty,
  }
}
