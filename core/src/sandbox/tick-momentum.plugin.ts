/**
 * Tick momentum — the strategy of the `core.tick_fanout` benchmark, compiled as authors' code
 * is (see tick-momentum.ts, which also holds its plain-function twin). On every tick it moves
 * an exponential average of the price; it buys when the price breaks `band` above the average
 * and sells when it breaks `band` below, so it decides on ticks and trades now and then.
 */
import { defineStrategy, param } from '@vm-algo/sdk'

export default defineStrategy({
  manifest: {
    name: 'Tick momentum',
    version: '1.0.0',
    description: 'Long on a break above the tick EMA, flat on a break below. Benchmark fixture.',
    // The bundled futures ticks (data/ticks); a deployment would choose its own.
    universe: ['MCX25NOVFUT', 'RELIANCE25NOVFUT', 'TCS25NOVFUT', 'TRENT25NOVFUT'],
    timeframes: ['1m'],
  },
  params: {
    alpha: param.number({ default: 0.2, min: 0.001, max: 1, label: 'EMA weight of a tick' }),
    band: param.number({ default: 0.0002, min: 0, max: 0.1, label: 'Break (fraction of EMA)' }),
    qty: param.int({ default: 1, min: 1, max: 100_000, label: 'Quantity' }),
  },
  initialState: () => ({ ema: {} as Record<string, number>, long: {} as Record<string, boolean> }),

  onTick(ctx, { symbol, price }) {
    const { alpha, band, qty } = ctx.params
    const previous = ctx.state.ema[symbol]
    const ema = previous === undefined ? price : previous + alpha * (price - previous)
    ctx.state.ema[symbol] = ema
    const long = ctx.state.long[symbol] === true
    if (!long && price > ema * (1 + band)) {
      ctx.buy(symbol, qty, { product: 'MIS', tag: 'tick-long' })
      ctx.state.long[symbol] = true
    } else if (long && price < ema * (1 - band)) {
      ctx.sell(symbol, qty, { product: 'MIS', tag: 'tick-exit' })
      ctx.state.long[symbol] = false
    }
  },
})
