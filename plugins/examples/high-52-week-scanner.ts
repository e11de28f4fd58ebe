/**
 * 52-week-high scanner: lists the stocks trading at or near the highest price of the last
 * 52 weeks (252 sessions) — momentum traders' watch list. Runs on daily bars; each match
 * shows the close, the 52-week high and the distance from it.
 */
import { defineScanner, param } from '@vm-algo/sdk'

const SESSIONS_PER_YEAR = 252

export default defineScanner({
  manifest: {
    name: '52-week high',
    version: '1.0.0',
    description: 'Stocks closing within a chosen distance of their 52-week high.',
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
      'BHARTIARTL',
      'HINDUNILVR',
      'BAJFINANCE',
      'MARUTI',
      'TITAN',
      'SUNPHARMA',
      'TATAMOTORS',
      'TATASTEEL',
      'NTPC',
      'POWERGRID',
      'ULTRACEMCO',
      'WIPRO',
      'HCLTECH',
      'M&M',
    ],
    timeframes: ['1d'],
    history: 300,
  },
  params: {
    withinPct: param.number({ default: 2, min: 0, max: 20, label: 'Within % of the high' }),
  },

  onBar(ctx, { symbol, bar }) {
    // The highest high of the last 252 sessions, today's included; undefined until a year of bars.
    const high52 = ctx.indicators.highest(symbol, '1d', SESSIONS_PER_YEAR)
    if (high52 === undefined) return
    if (bar.close >= high52 * (1 - ctx.params.withinPct / 100)) {
      const belowPct = ((high52 - bar.close) / high52) * 100
      ctx.match(
        symbol,
        {
          close: bar.close,
          high52,
          belowPct: Math.round(belowPct * 100) / 100,
          newHigh: bar.high >= high52,
        },
        -belowPct,
      )
    }
  },
})
