/**
 * Opening-range breakout, intraday (MIS): note the high and low of the first minutes after the
 * 9:15 open; go long when a 1-minute bar closes above that range (short when it closes below,
 * if allowed), with the stop at the other side of the range and a target in multiples of the
 * range. At most one trade per symbol per day; anything open is squared off by 15:20 IST,
 * ahead of the broker's own intraday square-off.
 */
import { defineStrategy, ist, param } from '@vm-algo/sdk'

const MARKET_OPEN = 9 * 60 + 15 // 9:15 IST, in minutes of the day
const LAST_ENTRY = 14 * 60 + 30 // no new trades after 14:30
const SQUARE_OFF = 15 * 60 + 20 // flat by 15:20

interface Day {
  date: string
  high: number
  low: number
  traded: boolean
  stop?: number
  target?: number
}

export default defineStrategy({
  manifest: {
    name: 'Opening-range breakout',
    version: '1.0.0',
    description: 'Trades the break of the first minutes’ range, intraday (MIS), flat by 15:20 IST.',
    // The indices are what `npm start` replays by default: paper trading and backtests take
    // them as they are; live, trade their futures.
    universe: ['RELIANCE', 'TCS', 'INFY', 'HDFCBANK', 'ICICIBANK', 'SBIN', 'NIFTY50', 'BANKNIFTY'],
    timeframes: ['1m'],
  },
  params: {
    rangeMinutes: param.int({ default: 15, min: 5, max: 120, label: 'Opening range (minutes)' }),
    targetR: param.number({ default: 2, min: 0.5, max: 10, label: 'Target (× range)' }),
    allowShort: param.bool({ default: true, label: 'Trade downside breaks too' }),
    qty: param.int({ default: 1, min: 1, max: 100_000, label: 'Quantity' }),
  },
  initialState: () => ({ days: {} as Record<string, Day> }),

  onBar(ctx, { symbol, bar }) {
    const { rangeMinutes, targetR, allowShort, qty } = ctx.params
    const t = ist(bar.ts)
    const closesAt = t.minuteOfDay + 1 // a 1-minute bar closes a minute after it starts

    let day = ctx.state.days[symbol]
    if (!day || day.date !== t.date) {
      day = { date: t.date, high: bar.high, low: bar.low, traded: false }
      ctx.state.days[symbol] = day
    }
    if (closesAt <= MARKET_OPEN + rangeMinutes) {
      day.high = Math.max(day.high, bar.high)
      day.low = Math.min(day.low, bar.low)
      return
    }
    if (ctx.openOrders(symbol).length > 0) return

    const held = ctx.position(symbol).qty
    const flatten = (why: string) => {
      ctx.log.info(`${symbol}: ${why}; closing ${held} at ${bar.close}`)
      if (held > 0) ctx.sell(symbol, held, { product: 'MIS', tag: 'orb-exit' })
      else ctx.buy(symbol, -held, { product: 'MIS', tag: 'orb-exit' })
    }

    if (held !== 0) {
      if (closesAt >= SQUARE_OFF) flatten('square-off time')
      else if (held > 0 && day.stop !== undefined && bar.close <= day.stop) flatten('stop hit')
      else if (held < 0 && day.stop !== undefined && bar.close >= day.stop) flatten('stop hit')
      else if (held > 0 && day.target !== undefined && bar.close >= day.target)
        flatten('target reached')
      else if (held < 0 && day.target !== undefined && bar.close <= day.target)
        flatten('target reached')
      return
    }
    if (day.traded || closesAt > LAST_ENTRY) return

    const range = day.high - day.low
    if (bar.close > day.high) {
      ctx.buy(symbol, qty, { product: 'MIS', tag: 'orb-long' })
      Object.assign(day, { traded: true, stop: day.low, target: bar.close + targetR * range })
      ctx.log.info(
        `${symbol}: broke above ${day.high}; long ${qty}, stop ${day.stop}, target ${day.target}`,
      )
    } else if (allowShort && bar.close < day.low) {
      ctx.sell(symbol, qty, { product: 'MIS', tag: 'orb-short' })
      Object.assign(day, { traded: true, stop: day.high, target: bar.close - targetR * range })
      ctx.log.info(
        `${symbol}: broke below ${day.low}; short ${qty}, stop ${day.stop}, target ${day.target}`,
      )
    }
  },
})
