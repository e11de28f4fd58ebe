/**
 * RSI mean reversion on daily bars: buy a large-cap when RSI says it is oversold, sell when
 * RSI has recovered or the price falls through a stop. After a stop-out the symbol rests for a
 * few sessions, so a falling knife is not caught twice in a row.
 */
import { defineStrategy, param } from '@vm-algo/sdk'

const DAY_MS = 86_400_000

export default defineStrategy({
  manifest: {
    name: 'RSI mean reversion',
    version: '1.0.0',
    description:
      'Buys oversold large-caps (RSI below the entry level) and sells on recovery or stop-loss.',
    universe: [
      'RELIANCE',
      'TCS',
      'INFY',
      'HDFCBANK',
      'ICICIBANK',
      'SBIN',
      'ITC',
      'LT',
      'AXISBANK',
      'KOTAKBANK',
    ],
    timeframes: ['1d'],
  },
  params: {
    period: param.int({ default: 14, min: 2, max: 50, label: 'RSI period' }),
    entry: param.number({ default: 30, min: 5, max: 50, label: 'Buy below RSI' }),
    exit: param.number({ default: 55, min: 30, max: 95, label: 'Sell above RSI' }),
    stopLossPct: param.number({ default: 6, min: 0.5, max: 50, label: 'Stop-loss %' }),
    cooldownDays: param.int({ default: 5, min: 0, max: 60, label: 'Rest after a stop (days)' }),
    qty: param.int({ default: 1, min: 1, max: 100_000, label: 'Quantity' }),
  },
  // Kept across restarts: until when each symbol rests after a stop-out (epoch ms).
  initialState: () => ({ restUntil: {} as Record<string, number> }),

  onStart(ctx) {
    if (ctx.params.entry >= ctx.params.exit)
      throw new Error('the entry level must be below the exit level')
  },

  onBar(ctx, { symbol, bar }) {
    const { period, entry, exit, stopLossPct, cooldownDays, qty } = ctx.params
    const rsi = ctx.indicators.rsi(symbol, '1d', period)
    if (rsi === undefined || ctx.openOrders(symbol).length > 0) return

    const { qty: held, avgPrice } = ctx.position(symbol)
    if (held === 0) {
      const resting = (ctx.state.restUntil[symbol] ?? 0) > bar.ts
      if (rsi < entry && !resting) {
        ctx.log.info(`${symbol}: RSI ${rsi} < ${entry}; buying ${qty} near ${bar.close}`)
        ctx.buy(symbol, qty)
      }
      return
    }
    if (held > 0 && rsi > exit) {
      ctx.log.info(`${symbol}: RSI ${rsi} > ${exit}; taking the reversion at ${bar.close}`)
      ctx.sell(symbol, held)
    } else if (held > 0 && bar.close <= avgPrice * (1 - stopLossPct / 100)) {
      ctx.log.warn(`${symbol}: ${bar.close} is ${stopLossPct}% below ${avgPrice}; stopping out`)
      ctx.sell(symbol, held)
      ctx.state.restUntil[symbol] = bar.ts + cooldownDays * DAY_MS
    }
  },
})
