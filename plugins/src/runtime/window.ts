import { PROTOCOL_LIMITS as L, TIMEFRAMES } from '../constants.ts'
import type { BarEvent, Timeframe } from '../types.ts'

// The window holds bars the plugin must not see before their time, in the same realm as the
// plugin's own code. Everything on its path uses builtins captured when the SDK loaded (before
// any author code ran) and never calls a method or getter a plugin could replace with a
// data-bearing object: not `.length` of a typed array (a prototype getter), no iterators, no
// property read that could miss and fall through to a getter on Object.prototype, no
// assignment into an array (a setter on Array.prototype would receive the value).
const F64 = Float64Array
const I32 = Int32Array
const hasOwn = Object.hasOwn
const isArray = Array.isArray
const finite = Number.isFinite
const isSafeInteger = Number.isSafeInteger
const freeze = Object.freeze

const SYMBOL = /^[A-Za-z0-9&_.:-]{1,40}$/
type Column = 'time' | 'ts' | 'open' | 'high' | 'low' | 'close' | 'volume'

interface Series {
  symbol: string
  timeframe: Timeframe
}

/** A property of the host's input, only if the input itself has it. */
export function own(o: object, key: string): unknown {
  return hasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined
}

/**
 * The `data` window: events `start .. start + n - 1` of the host's timeline, each one bar of
 * one series, held as typed-array columns until a `range` batch delivers them one by one.
 */
export class BarWindow {
  #start = 0
  #n = 0
  #series: Series[] = []
  #feed: Int32Array = new I32(0)
  #time: Float64Array = new F64(0)
  #ts: Float64Array = new F64(0)
  #open: Float64Array = new F64(0)
  #high: Float64Array = new F64(0)
  #low: Float64Array = new F64(0)
  #close: Float64Array = new F64(0)
  #volume: Float64Array = new F64(0)

  /** Replaces the window with the host's `data` input; throws a TypeError when it is malformed. */
  load(input: object): void {
    const start = own(input, 'start')
    if (!isSafeInteger(start) || (start as number) < 0)
      throw new TypeError('data: start must be a whole number')
    const series = readSeries(own(input, 'series'))
    const time = own(input, 'time')
    if (!isArray(time) || time.length < 1 || time.length > L.maxWindowEvents) {
      throw new TypeError(`data: a window holds 1 to ${L.maxWindowEvents} events`)
    }
    const n = time.length
    const column = (name: Column): Float64Array => {
      const values = own(input, name)
      if (!isArray(values) || values.length !== n)
        throw new TypeError(`data: ${name} must hold one number per event`)
      const col = new F64(n)
      for (let i = 0; i < n; i++) {
        const v = values[i]
        if (typeof v !== 'number' || !finite(v))
          throw new TypeError(`data: ${name}[${i}] must be a finite number`)
        col[i] = v
      }
      return col
    }
    const cols = {
      time: column('time'),
      ts: column('ts'),
      open: column('open'),
      high: column('high'),
      low: column('low'),
      close: column('close'),
      volume: column('volume'),
    }
    const feed = new I32(n)
    const given = own(input, 'feed')
    if (given !== undefined || series.length > 1) {
      if (!isArray(given) || given.length !== n)
        throw new TypeError('data: feed must name a series for each event')
      for (let i = 0; i < n; i++) {
        const f = given[i]
        if (typeof f !== 'number' || !isSafeInteger(f) || f < 0 || f >= series.length)
          throw new TypeError(`data: feed[${i}] is not a series of the window`)
        feed[i] = f
      }
    }
    this.#start = start as number
    this.#n = n
    this.#series = series
    this.#feed = feed
    this.#time = cols.time
    this.#ts = cols.ts
    this.#open = cols.open
    this.#high = cols.high
    this.#low = cols.low
    this.#close = cols.close
    this.#volume = cols.volume
  }

  /** True when events `from .. to - 1` are all in the window. */
  holds(from: number, to: number): boolean {
    return from >= this.#start && from < to && to <= this.#start + this.#n
  }

  /** When event k closes. */
  time(k: number): number {
    return this.#time[k - this.#start]!
  }

  /** Event k as the bar event hooks receive (its bar frozen, as `ctx.bars` keeps it). */
  event(k: number): BarEvent {
    const i = k - this.#start
    const s = this.#series[this.#feed[i]!]!
    const bar = freeze({
      ts: this.#ts[i]!,
      open: this.#open[i]!,
      high: this.#high[i]!,
      low: this.#low[i]!,
      close: this.#close[i]!,
      volume: this.#volume[i]!,
    })
    return { type: 'bar', symbol: s.symbol, timeframe: s.timeframe, bar }
  }
}

function readSeries(value: unknown): Series[] {
  if (!isArray(value) || value.length < 1 || value.length > L.maxWindowSeries) {
    throw new TypeError(`data: series must list 1 to ${L.maxWindowSeries} series`)
  }
  const out: Series[] = []
  for (let i = 0; i < value.length; i++) {
    const s = value[i]
    const symbol = typeof s === 'object' && s !== null ? own(s, 'symbol') : undefined
    const timeframe = typeof s === 'object' && s !== null ? own(s, 'timeframe') : undefined
    if (typeof symbol !== 'string' || !SYMBOL.test(symbol))
      throw new TypeError(`data: series[${i}].symbol is not a symbol`)
    if (!TIMEFRAMES.includes(timeframe as Timeframe))
      throw new TypeError(`data: series[${i}].timeframe is not a timeframe`)
    out[i] = { symbol, timeframe: timeframe as Timeframe }
  }
  return out
}
