import { newId } from '@vm-algo/db'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadBars, loadTicks } from '../market/catalog.ts'
import type { FeedClock } from '../market/clock.ts'
import { resample } from '../market/resample.ts'
import type { Bar, Tick, Timeframe } from '../market/types.ts'
import { createCandleBuilder } from './candle-builder.ts'
import type { BarMessage, BusMessage } from './types.ts'

/** A sink that records what the builder publishes, in order. */
function recorder() {
  const out: { topic: string; message: BarMessage }[] = []
  return {
    out,
    publish(topic: string, message: BusMessage) {
      out.push({ topic, message: message as BarMessage })
    },
    bars(tf: Timeframe, symbol: string): Bar[] {
      return out
        .filter((o) => o.message.timeframe === tf && o.message.symbol === symbol)
        .map((o) => o.message.bar)
    },
  }
}

const IST = (s: string) => Date.parse(`${s}+05:30`)

/**
 * The expected 1-minute candles of one instrument's ticks, written out plainly: group by
 * minute; volume is the growth of the highest cumulative volume seen, and the first tick
 * (mid-session) counts only its own traded quantity.
 */
function minuteCandles(ticks: Tick[]): Bar[] {
  const out: Bar[] = []
  let seen = Math.max(0, ticks[0]!.volume! - (ticks[0]!.lastQty ?? 0))
  for (const t of ticks) {
    const ts = Math.floor(t.ts / 60_000) * 60_000
    const volume = Math.max(0, t.volume! - seen)
    seen = Math.max(seen, t.volume!)
    const last = out.at(-1)
    if (last?.ts === ts) {
      last.high = Math.max(last.high, t.price)
      last.low = Math.min(last.low, t.price)
      last.close = t.price
      last.volume += volume
    } else {
      out.push({ ts, open: t.price, high: t.price, low: t.price, close: t.price, volume })
    }
  }
  return out
}

describe('candle builder', () => {
  let nifty: Bar[] = []
  let ticks: Tick[] = []
  beforeAll(async () => {
    ;[nifty, ticks] = await Promise.all([loadBars('NIFTY50', '1m'), loadTicks()])
  })

  it('builds 5m, 15m and 1d candles from 1m bars equal to resample()', () => {
    const sink = recorder()
    const builder = createCandleBuilder({ sink })
    for (const bar of nifty) builder.addMinuteBar('NSE', 'NIFTY50', bar)
    builder.flush()
    expect(sink.bars('1m', 'NIFTY50')).toEqual(nifty)
    for (const tf of ['5m', '15m', '1d'] as const) {
      expect(sink.bars(tf, 'NIFTY50'), tf).toEqual(resample(nifty, tf))
    }
    expect(sink.out[0]!.topic).toBe('bars.1m.NSE.NIFTY50')
    expect(builder.stats()).toMatchObject({ instruments: 1, restarts: 0 })
  })

  it('publishes a candle as soon as its last minute is in, before the next one', () => {
    const sink = recorder()
    const builder = createCandleBuilder({ sink, timeframes: ['5m', '15m'] })
    // 09:15 .. 09:19 of the first day complete the first 5-minute candle.
    for (const bar of nifty.slice(0, 5)) builder.addMinuteBar('NSE', 'NIFTY50', bar)
    expect(sink.out.map((o) => o.topic)).toEqual(['bars.5m.NSE.NIFTY50'])
    expect(sink.out[0]!.message.bar).toEqual(resample(nifty.slice(0, 5), '5m')[0])
    for (const bar of nifty.slice(5, 15)) builder.addMinuteBar('NSE', 'NIFTY50', bar)
    expect(sink.out.map((o) => o.message.bar.ts)).toEqual([
      IST('2024-01-01T09:15:00'),
      IST('2024-01-01T09:20:00'),
      IST('2024-01-01T09:25:00'),
      IST('2024-01-01T09:15:00'),
    ])
    expect(sink.out.at(-1)!.topic).toBe('bars.15m.NSE.NIFTY50')
  })

  it('builds candles from the real tick file, equal to resample() of its 1m candles', () => {
    const sink = recorder()
    const builder = createCandleBuilder({ sink })
    for (const tick of ticks) {
      builder.addTick('NSE', tick)
      builder.advance(tick.ts)
    }
    builder.flush()
    const symbols = [...new Set(ticks.map((t) => t.symbol))].sort()
    expect(symbols).toEqual(['MCX25NOVFUT', 'RELIANCE25NOVFUT', 'TCS25NOVFUT', 'TRENT25NOVFUT'])
    for (const symbol of symbols) {
      const mine = ticks.filter((t) => t.symbol === symbol)
      const minutes = minuteCandles(mine)
      expect(sink.bars('1m', symbol), symbol).toEqual(minutes)
      for (const tf of ['5m', '15m', '1d'] as const) {
        expect(sink.bars(tf, symbol), `${symbol} ${tf}`).toEqual(resample(minutes, tf))
      }
      // The day's volume over all candles is what the cumulative counter grew by while we
      // watched, despite RELIANCE's one backward step.
      const day = sink.bars('1d', symbol)
      const maxCum = Math.max(...mine.map((t) => t.volume!))
      expect(day).toHaveLength(1)
      expect(day[0]!.volume).toBe(maxCum - (mine[0]!.volume! - mine[0]!.lastQty!))
    }
    expect(builder.stats()).toMatchObject({ instruments: 4, lateTicks: 0, restarts: 0 })
  })

  it('closes a quiet instrument’s candle on the market clock and on a wall-clock timer', () => {
    const sink = recorder()
    const builder = createCandleBuilder({ sink, timeframes: ['1m'] })
    const t0 = IST('2025-11-17T12:10:05')
    const tick = (symbol: string, ts: number, price: number): Tick => ({ symbol, ts, price })
    builder.addTick('NSE', tick('QUIET', t0, 100))
    builder.addTick('NSE', tick('BUSY', t0 + 1_000, 200))
    builder.advance(t0 + 30_000)
    expect(sink.out).toEqual([])
    builder.addTick('NSE', tick('BUSY', t0 + 60_000, 201))
    builder.advance(t0 + 60_000) // 12:11:05: both 12:10 minutes are over
    // BUSY's own tick closed its minute; the clock closed QUIET's.
    expect(sink.out.map((o) => `${o.message.symbol} ${o.message.bar.close}`)).toEqual([
      'BUSY 200',
      'QUIET 100',
    ])

    // Live feeds: a timer on the wall clock, with a grace period for late ticks.
    let now = t0 + 61_000
    const timers: (() => void)[] = []
    const clock: FeedClock = {
      now: () => now,
      setTimer(fn) {
        timers.push(fn)
        return () => timers.splice(timers.indexOf(fn), 1)
      },
    }
    const stop = builder.runClock(clock, 2_000, 1_000)
    now = IST('2025-11-17T12:12:01') // inside the grace period: BUSY 12:11 stays open
    timers.shift()!()
    expect(sink.out).toHaveLength(2)
    now = IST('2025-11-17T12:12:02')
    timers.shift()!()
    expect(sink.out.at(-1)!.message).toMatchObject({ symbol: 'BUSY', bar: { close: 201 } })
    stop()
    expect(timers).toEqual([])
  })

  it('starts each IST day from zero volume and counts the opening minute in full', () => {
    const sink = recorder()
    const builder = createCandleBuilder({ sink, timeframes: ['1m', '1d'] })
    const t = (ts: string, price: number, volume: number, lastQty = 1): Tick => ({
      symbol: 'X',
      ts: IST(ts),
      price,
      volume,
      lastQty,
    })
    for (const tick of [
      t('2025-11-17T09:15:00.200', 10, 5_000), // pre-open volume lands in the first minute
      t('2025-11-17T09:15:30', 11, 5_100),
      t('2025-11-17T15:29:59', 12, 90_000),
      t('2025-11-18T09:15:01', 13, 4_000), // new day: the counter restarted
      t('2025-11-18T09:16:00', 14, 4_050),
    ]) {
      builder.addTick('NSE', tick)
    }
    builder.flush()
    expect(sink.bars('1m', 'X').map((b) => b.volume)).toEqual([5_100, 84_900, 4_000, 50])
    expect(sink.bars('1d', 'X').map((b) => b.volume)).toEqual([90_000, 4_050])
  })

  it('drops late ticks, restarts when a replay loops back, and can publish privately', () => {
    const sink = recorder()
    const tenantId = newId('tenant')
    const builder = createCandleBuilder({ sink, timeframes: ['1m'], tenantId })
    const tcs = ticks.filter((t) => t.symbol === 'TCS25NOVFUT') // an hour
    for (const tick of tcs) builder.addTick('NSE', tick)
    const late = { ...tcs[0]!, ts: tcs.at(-1)!.ts - 61_000 }
    builder.addTick('NSE', late)
    expect(builder.stats().lateTicks).toBe(1)
    for (const tick of tcs) builder.addTick('NSE', tick) // the replay starts over
    builder.flush()
    expect(builder.stats().restarts).toBe(1)
    const once = minuteCandles(tcs)
    expect(sink.bars('1m', 'TCS25NOVFUT')).toEqual([...once, ...once])
    expect(new Set(sink.out.map((o) => o.topic))).toEqual(
      new Set([`tenant.${tenantId}.bars.1m.NSE.TCS25NOVFUT`]),
    )
  })
})
