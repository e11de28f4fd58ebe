/**
 * Moving-average crossover: go long when the fast average crosses above the slow one, and
 * exit when it crosses back below. A classic trend-following baseline — it earns in trends
 * and gives some back in sideways markets; compare it with other strategies before trading.
 */
import { defineStrategy, param } from '@vm-algo/sdk'

export default defineStrategy({
  manifest: {
    name: 'Moving-average crossover',
    version: '1.0.0',
    description:
      'Long when the fast SMA/EMA crosses above the slow one, flat when it crosses below. ' +
      'Acts on the timeframe you choose.',
    // The indices are what `npm start` replays by default: paper trading and backtests take
    // them as they are; live, trade their futures.
    universe: ['RELIANCE', 'TCS', 'INFY', 'HDFCBANK', 'ICICIBANK', 'SBIN', 'NIFTY50', 'BANKNIFTY'],
    timeframes: ['1m', '5m', '15m', '1d'],
  },
  params: {
    fast: param.int({ default: 10, min: 2, max: 200, label: 'Fast period' }),
    slow: param.int({ default: 30, min: 3, max: 400, label: 'Slow period' }),
    type: param.enum({ values: ['sma', 'ema'], default: 'sma', label: 'Average' }),
    timeframe: param.enum({ values: ['1m', '5m', '15m', '1d'], default: '1d', label: 'Timeframe' }),
    qty: param.int({ default: 1, min: 1, max: 100_000, label: 'Quantity' }),
    product: param.enum({ values: ['CNC', 'MIS'], default: 'CNC', label: 'Product' }),
  },

  onStart(ctx) {
    const { fast, slow } = ctx.params
    if (fast >= slow) throw new Error(`fast (${fast}) must be shorter than slow (${slow})`)
  },

  onBar(ctx, { symbol, timeframe }) {
    const { fast, slow, type, qty, product } = ctx.params
    if (timeframe !== ctx.params.timeframe) return

    const average = type === 'ema' ? ctx.indicators.ema : ctx.indicators.sma
    const f = average(symbol, timeframe, fast)
    const s = average(symbol, timeframe, slow)
    const fBefore = average(symbol, timeframe, fast, { ago: 1 })
    const sBefore = average(symbol, timeframe, slow, { ago: 1 })
    if (f === undefined || s === undefined || fBefore === undefined || sBefore === undefined) return

    // An order still on its way: wait for the order manager's report before acting again.
    if (ctx.openOrders(symbol).length > 0) return

    const held = ctx.position(symbol).qty
    if (fBefore <= sBefore && f > s && held <= 0) {
      ctx.log.info(`${symbol}: ${type}(${fast}) crossed above ${type}(${slow}); buying ${qty}`)
      ctx.buy(symbol, qty, { product })
    } else if (fBefore >= sBefore && f < s && held > 0) {
      ctx.log.info(`${symbol}: ${type}(${fast}) crossed below ${type}(${slow}); selling ${held}`)
      ctx.sell(symbol, held, { product })
    }
  },
})
