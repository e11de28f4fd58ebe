/**
 * RSI-oversold scanner: lists the stocks whose RSI has fallen below a threshold — candidates
 * for a bounce. Optionally only those still above their 200-day average (a pullback in an
 * uptrend rather than a collapse). Higher score = more oversold.
 */
import { defineScanner, param } from '@vm-algo/sdk'

export default defineScanner({
  manifest: {
    name: 'RSI oversold',
    version: '1.0.0',
    description: 'Stocks with RSI below a threshold, optionally only in a long-term uptrend.',
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
  },
  params: {
    period: param.int({ default: 14, min: 2, max: 50, label: 'RSI period' }),
    threshold: param.number({ default: 30, min: 5, max: 50, label: 'RSI below' }),
    uptrendOnly: param.bool({ default: false, label: 'Only above the 200-day SMA' }),
  },

  onBar(ctx, { symbol, bar }) {
    const { period, threshold, uptrendOnly } = ctx.params
    const rsi = ctx.indicators.rsi(symbol, '1d', period)
    if (rsi === undefined || rsi >= threshold) return
    const sma200 = ctx.indicators.sma(symbol, '1d', 200)
    if (uptrendOnly && (sma200 === undefined || bar.close <= sma200)) return
    ctx.match(symbol, { rsi, close: bar.close, sma200: sma200 ?? null }, threshold - rsi)
  },
})
