import type { FeedClock } from '../market/clock.ts'
import { bucketStart, SESSION_OPEN_MS } from '../market/resample.ts'
import { istDayStart } from '../market/time.ts'
import { type Bar, TIMEFRAME_MS, type Tick, type Timeframe } from '../market/types.ts'
import { BusError } from './errors.ts'
import { barTopic, tenantTopic } from './topics.ts'
import type { BarMessage, TickBus } from './types.ts'

export interface CandleBuilderOptions {
  /** Where closed candles go: a bus, or anything with its `publish`. */
  sink: Pick<TickBus, 'publish'>
  /** Candles to publish, in this order when several close at once. Default all four. */
  timeframes?: readonly Timeframe[]
  /** Publish on this tenant's private topics (a tenant's own broker feed). Default shared. */
  tenantId?: string | null
}

export interface CandleBuilderStats {
  instruments: number
  /** Candles published. */
  candles: number
  /** Ticks dropped because their minute had already closed. */
  lateTicks: number
  /** Times an instrument's clock jumped back (a replay loop) and its candles restarted. */
  restarts: number
}

export interface CandleBuilder {
  /** Adds a tick; closes the instrument's candles whose period it has left. */
  addTick(exchange: string, tick: Tick): void
  /** Adds a finished 1-minute bar (bar feeds); publishes it as the 1m candle, builds the rest. */
  addMinuteBar(exchange: string, symbol: string, bar: Bar): void
  /** Closes every open candle whose period ended at or before `time` (quiet instruments). */
  advance(time: number): void
  /** Closes everything still open (end of data or shutdown). */
  flush(): void
  /** Calls `advance(clock.now() - graceMs)` every `everyMs`, for live feeds; returns a stop. */
  runClock(clock: FeedClock, graceMs?: number, everyMs?: number): () => void
  stats(): CandleBuilderStats
}

interface Open {
  start: number
  end: number
  bar: Bar
}

interface Instrument {
  exchange: string
  symbol: string
  topics: Map<Timeframe, string>
  minute: Open | null // being built from ticks
  lastMinute: number // start of the last finished minute
  higher: Map<Timeframe, Open>
  volumeDay: number // IST day of `volumeSeen`, NaN before the first tick with volume
  volumeSeen: number // highest cumulative day volume seen so far
}

const MINUTE = TIMEFRAME_MS['1m']
const ALL: readonly Timeframe[] = ['1m', '5m', '15m', '1d']
// A tick this far behind its instrument's open minute is a clock reset (a replay starting
// over), not a straggler.
const RESTART_AFTER_MS = 5 * MINUTE

/**
 * Builds candles from ticks or from 1-minute bars and publishes each when its period closes:
 * on the instrument's first update in a later period, when a 1-minute bar completes it, or
 * when `advance` (a market clock, or `runClock` for live feeds) passes its end. Periods are
 * the IST session-aligned buckets of `bucketStart`, and higher timeframes are aggregated
 * from the 1-minute candles exactly as `resample` does, so a candle here equals `resample`
 * of the same minutes.
 *
 * Volume: ticks carry the day's cumulative volume, so a candle gets the growth of its
 * highest value (a cumulative that dips, a feed quirk, adds nothing and is not counted
 * twice when it recovers); a new IST day starts from zero. The first tick of an instrument
 * mid-session counts only its own traded quantity, since the volume before it belongs to
 * candles this builder never saw; in the session's first minute it counts it all.
 *
 * @example
 * const candles = createCandleBuilder({ sink: bus })
 * feed.subscribe((e) => e.type === 'tick' && candles.addTick('NSE', e.tick))
 */
export function createCandleBuilder(options: CandleBuilderOptions): CandleBuilder {
  const { sink } = options
  const timeframes = options.timeframes ?? ALL
  for (const tf of timeframes) {
    if (!ALL.includes(tf)) throw new BusError('invalid_option', `unknown timeframe ${String(tf)}`)
  }
  const tenantId = options.tenantId ?? null
  const higherTfs = ALL.filter((tf) => tf !== '1m' && timeframes.includes(tf))
  const instruments = new Map<string, Instrument>()
  const counts = { candles: 0, lateTicks: 0, restarts: 0 }
  let nextDue = Number.POSITIVE_INFINITY // earliest end of any open candle

  function instrument(exchange: string, symbol: string): Instrument {
    const key = `${exchange}\u0000${symbol}`
    let inst = instruments.get(key)
    if (!inst) {
      const topics = new Map<Timeframe, string>()
      for (const tf of timeframes) {
        const topic = barTopic(tf, exchange, symbol)
        topics.set(tf, tenantId ? tenantTopic(tenantId, topic) : topic)
      }
      inst = {
        exchange,
        symbol,
        topics,
        minute: null,
        lastMinute: Number.NEGATIVE_INFINITY,
        higher: new Map(),
        volumeDay: Number.NaN,
        volumeSeen: 0,
      }
      instruments.set(key, inst)
    }
    return inst
  }

  function publish(inst: Instrument, tf: Timeframe, bar: Bar): void {
    const topic = inst.topics.get(tf)
    if (topic === undefined) return
    const message: BarMessage = {
      type: 'bar',
      exchange: inst.exchange,
      symbol: inst.symbol,
      timeframe: tf,
      bar,
    }
    counts.candles++
    sink.publish(topic, message)
  }

  function open(start: number, end: number, bar: Bar): Open {
    if (end < nextDue) nextDue = end
    return { start, end, bar }
  }

  // One finished minute: publish it, fold it into the higher timeframes, close those whose
  // last minute this was.
  function minuteDone(inst: Instrument, bar: Bar): void {
    inst.lastMinute = bar.ts
    publish(inst, '1m', bar)
    for (const tf of higherTfs) {
      const start = bucketStart(bar.ts, tf)
      let candle = inst.higher.get(tf)
      if (candle && candle.start !== start) {
        publish(inst, tf, candle.bar)
        candle = undefined
      }
      if (!candle) {
        inst.higher.set(tf, open(start, periodEnd(start, tf), { ...bar, ts: start }))
      } else {
        const b = candle.bar
        if (bar.high > b.high) b.high = bar.high
        if (bar.low < b.low) b.low = bar.low
        b.close = bar.close
        b.volume += bar.volume
      }
      const current = inst.higher.get(tf)!
      if (bar.ts + MINUTE >= current.end) {
        publish(inst, tf, current.bar)
        inst.higher.delete(tf)
      }
    }
  }

  function closeMinute(inst: Instrument): void {
    const minute = inst.minute
    if (!minute) return
    inst.minute = null
    minuteDone(inst, minute.bar)
  }

  function closeAll(inst: Instrument): void {
    closeMinute(inst)
    for (const tf of higherTfs) {
      const candle = inst.higher.get(tf)
      if (candle) publish(inst, tf, candle.bar)
    }
    inst.higher.clear()
  }

  function volumeDelta(inst: Instrument, tick: Tick): number {
    if (tick.volume === undefined) return 0
    const day = istDayStart(tick.ts)
    if (day !== inst.volumeDay) {
      const firstEver = Number.isNaN(inst.volumeDay)
      const atOpen = tick.ts < day + SESSION_OPEN_MS + MINUTE
      inst.volumeDay = day
      inst.volumeSeen = firstEver && !atOpen ? Math.max(0, tick.volume - (tick.lastQty ?? 0)) : 0
    }
    const delta = Math.max(0, tick.volume - inst.volumeSeen)
    if (tick.volume > inst.volumeSeen) inst.volumeSeen = tick.volume
    return delta
  }

  function restart(inst: Instrument): void {
    counts.restarts++
    closeAll(inst)
    inst.lastMinute = Number.NEGATIVE_INFINITY
    inst.volumeDay = Number.NaN
    inst.volumeSeen = 0
  }

  const builder: CandleBuilder = {
    addTick(exchange, tick) {
      const inst = instrument(exchange, tick.symbol)
      const start = bucketStart(tick.ts, '1m')
      // The minute being built, or else the last one already published.
      const current = inst.minute?.start ?? inst.lastMinute
      if (start < current || (!inst.minute && start === current)) {
        if (current - tick.ts < RESTART_AFTER_MS) {
          counts.lateTicks++
          return
        }
        restart(inst)
      } else if (inst.minute && start !== inst.minute.start) {
        closeMinute(inst)
      }
      const volume = volumeDelta(inst, tick)
      const price = tick.price
      if (!inst.minute) {
        const bar = { ts: start, open: price, high: price, low: price, close: price, volume }
        inst.minute = open(start, start + MINUTE, bar)
        return
      }
      const b = inst.minute.bar
      if (price > b.high) b.high = price
      if (price < b.low) b.low = price
      b.close = price
      b.volume += volume
    },
    addMinuteBar(exchange, symbol, bar) {
      const inst = instrument(exchange, symbol)
      if (bar.ts <= inst.lastMinute) restart(inst)
      minuteDone(inst, { ...bar })
    },
    advance(time) {
      if (time < nextDue) return
      nextDue = Number.POSITIVE_INFINITY
      for (const inst of instruments.values()) {
        if (inst.minute && inst.minute.end <= time) closeMinute(inst)
        for (const tf of higherTfs) {
          const candle = inst.higher.get(tf)
          if (candle && candle.end <= time) {
            publish(inst, tf, candle.bar)
            inst.higher.delete(tf)
          }
        }
        if (inst.minute && inst.minute.end < nextDue) nextDue = inst.minute.end
        for (const candle of inst.higher.values()) if (candle.end < nextDue) nextDue = candle.end
      }
    },
    flush() {
      for (const inst of instruments.values()) closeAll(inst)
      nextDue = Number.POSITIVE_INFINITY
    },
    runClock(clock, graceMs = 2_000, everyMs = 1_000) {
      let cancel: (() => void) | null = null
      let running = true
      const beat = () => {
        builder.advance(clock.now() - graceMs)
        if (running) cancel = clock.setTimer(beat, everyMs)
      }
      cancel = clock.setTimer(beat, everyMs)
      return () => {
        running = false
        cancel?.()
      }
    },
    stats: () => ({ instruments: instruments.size, ...counts }),
  }
  return builder
}

function periodEnd(start: number, tf: Timeframe): number {
  // An IST day is always 24 h (no daylight saving), so every period is start + length.
  return start + TIMEFRAME_MS[tf]
}
