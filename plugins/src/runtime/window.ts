import { PROTOCOL_LIMITS as L, PACKED_WINDOW_COLUMNS, TIMEFRAMES } from '../constants.ts'
import type { BarEvent, FillRulesInput, Product, Timeframe } from '../types.ts'

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
const apply = Reflect.apply
// The byte length of a real ArrayBuffer, or a TypeError for anything else (even a look-alike).
const byteLengthOf = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength')!.get!
const PACKED_WIDTH = PACKED_WINDOW_COLUMNS.length
type PackedColumn = (typeof PACKED_WINDOW_COLUMNS)[number]
// Each packed column's place in the block, worked out once as the SDK loads.
const PACKED_AT = freeze(
  Object.fromEntries(PACKED_WINDOW_COLUMNS.map((name, c) => [name, c])) as Record<
    PackedColumn,
    number
  >,
)

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
  #flags: Int32Array = new I32(0)
  #fills: FillRulesInput | undefined

  /**
   * Replaces the window with the host's `data` input: its columns as arrays in the input, or
   * with `block`, packed in it (`PackedDataInput`). Throws a TypeError when it is malformed.
   */
  load(input: object, block?: unknown): void {
    const start = own(input, 'start')
    if (!isSafeInteger(start) || (start as number) < 0)
      throw new TypeError('data: start must be a whole number')
    const series = readSeries(own(input, 'series'))
    const fillsGiven = own(input, 'fills')
    const fills = fillsGiven === undefined ? undefined : readFillRules(fillsGiven, series.length)
    const cols =
      block === undefined ? readColumns(input, series.length) : unpack(input, block, series.length)
    this.#start = start as number
    this.#n = cols.n
    this.#flags = cols.flags
    this.#fills = fills
    this.#series = series
    this.#feed = cols.feed
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

  /** The host's market-order rules sent with the window, if any. */
  get fills(): FillRulesInput | undefined {
    return this.#fills
  }

  /** One past the window's last event. */
  get end(): number {
    return this.#start + this.#n
  }

  /** Index in the window's series of event k's series. */
  feedOf(k: number): number {
    return this.#feed[k - this.#start]!
  }

  /** The host's flags of event k (`BAR_FLAGS`). */
  flagsOf(k: number): number {
    return this.#flags[k - this.#start]!
  }

  /** Symbol of series f. */
  symbolOf(f: number): string {
    return this.#series[f]!.symbol
  }

  /** Event k's bar start (`ts`), open, high, low and close, for fills at its open. */
  ts(k: number): number {
    return this.#ts[k - this.#start]!
  }
  open(k: number): number {
    return this.#open[k - this.#start]!
  }
  high(k: number): number {
    return this.#high[k - this.#start]!
  }
  low(k: number): number {
    return this.#low[k - this.#start]!
  }
  close(k: number): number {
    return this.#close[k - this.#start]!
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

interface Columns {
  /** Events in the window (a typed array's `length` is a getter a plugin can replace). */
  n: number
  time: Float64Array
  ts: Float64Array
  open: Float64Array
  high: Float64Array
  low: Float64Array
  close: Float64Array
  volume: Float64Array
  feed: Int32Array
  flags: Int32Array
}

const checkWindowSize = (n: unknown): number => {
  if (!isSafeInteger(n) || (n as number) < 1 || (n as number) > L.maxWindowEvents)
    throw new TypeError(`data: a window holds 1 to ${L.maxWindowEvents} events`)
  return n as number
}

const checkFeed = (f: unknown, i: number, seriesCount: number): number => {
  if (typeof f !== 'number' || !isSafeInteger(f) || f < 0 || f >= seriesCount)
    throw new TypeError(`data: feed[${i}] is not a series of the window`)
  return f
}

const checkFlags = (v: unknown, i: number): number => {
  if (typeof v !== 'number' || !isSafeInteger(v) || v < 0 || v > 15)
    throw new TypeError(`data: flags[${i}] must be a whole number from 0 to 15`)
  return v
}

/** A `DataInput`'s columns, checked and copied into typed arrays. */
function readColumns(input: object, seriesCount: number): Columns {
  const time = own(input, 'time')
  const n = checkWindowSize(isArray(time) ? time.length : 0)
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
  const cols = floatColumns(column)
  const feed = new I32(n)
  const given = own(input, 'feed')
  if (given !== undefined || seriesCount > 1) {
    if (!isArray(given) || given.length !== n)
      throw new TypeError('data: feed must name a series for each event')
    for (let i = 0; i < n; i++) feed[i] = checkFeed(given[i], i, seriesCount)
  }
  const flags = new I32(n)
  const givenFlags = own(input, 'flags')
  if (givenFlags !== undefined) {
    if (!isArray(givenFlags) || givenFlags.length !== n)
      throw new TypeError('data: flags must hold one number per event')
    for (let i = 0; i < n; i++) flags[i] = checkFlags(givenFlags[i], i)
  }
  return { n, ...cols, feed, flags }
}

/**
 * A `PackedDataInput`'s columns, read from its block: the float columns are views of the block
 * (it is the window's alone), checked like the arrays of a `DataInput`.
 */
function unpack(input: object, block: unknown, seriesCount: number): Columns {
  const n = checkWindowSize(own(input, 'events'))
  let bytes: number
  try {
    bytes = apply(byteLengthOf, block, [])
  } catch {
    throw new TypeError('data: a packed window needs its columns as a binary block')
  }
  if (bytes !== n * PACKED_WIDTH * 8) {
    throw new TypeError(
      `data: the packed block holds ${bytes} bytes, not ${PACKED_WIDTH} columns of ${n} float64 values`,
    )
  }
  const view = (name: PackedColumn): Float64Array =>
    new F64(block as ArrayBuffer, PACKED_AT[name] * n * 8, n)
  const column = (name: Column): Float64Array => {
    const col = view(name)
    // x * 0 is 0 for a finite x and NaN for NaN or ±Infinity, so the sum is 0 only when every
    // value is finite: one multiply-add per value, no call; the slow scan only names the culprit.
    let sum = 0
    for (let i = 0; i < n; i++) sum += col[i]! * 0
    if (sum !== 0) {
      for (let i = 0; i < n; i++) {
        if (!finite(col[i]!)) throw new TypeError(`data: ${name}[${i}] must be a finite number`)
      }
    }
    return col
  }
  const feedIn = view('feed')
  const flagsIn = view('flags')
  const feed = new I32(n)
  const flags = new I32(n)
  for (let i = 0; i < n; i++) {
    feed[i] = checkFeed(feedIn[i], i, seriesCount)
    flags[i] = checkFlags(flagsIn[i], i)
  }
  return { n, ...floatColumns(column), feed, flags }
}

/** The window's float columns, each read (and checked) by `column`. */
function floatColumns(
  column: (name: Column) => Float64Array,
): Omit<Columns, 'n' | 'feed' | 'flags'> {
  return {
    time: column('time'),
    ts: column('ts'),
    open: column('open'),
    high: column('high'),
    low: column('low'),
    close: column('close'),
    volume: column('volume'),
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

const PRODUCT_NAMES: readonly string[] = ['CNC', 'MIS', 'NRML']

function positiveNumber(o: object, key: string, what: string): number {
  const v = own(o, key)
  if (typeof v !== 'number' || !finite(v) || v < 0)
    throw new TypeError(`data: ${what} must be a number ≥ 0`)
  return v
}

/** The `fills` of a data window, checked and copied (one entry per series). */
function readFillRules(value: unknown, seriesCount: number): FillRulesInput {
  if (typeof value !== 'object' || value === null)
    throw new TypeError('data: fills must be an object')
  const slip = own(value, 'slippage')
  if (typeof slip !== 'object' || slip === null)
    throw new TypeError('data: fills.slippage is missing')
  const slippage = hasOwn(slip, 'bps')
    ? { bps: positiveNumber(slip, 'bps', 'fills.slippage.bps') }
    : { ticks: positiveNumber(slip, 'ticks', 'fills.slippage.ticks') }
  const execIn = own(value, 'exec')
  if (!isArray(execIn) || execIn.length !== seriesCount)
    throw new TypeError('data: fills.exec must have one entry per series')
  const exec: FillRulesInput['exec'] = []
  for (let i = 0; i < seriesCount; i++) {
    const e = execIn[i]
    if (e === null) {
      exec.push(null)
      continue
    }
    if (typeof e !== 'object')
      throw new TypeError(`data: fills.exec[${i}] must be an object or null`)
    const productsIn = own(e, 'products')
    if (!isArray(productsIn)) throw new TypeError(`data: fills.exec[${i}].products must be a list`)
    const products: Product[] = []
    for (let j = 0; j < productsIn.length; j++) {
      const p = productsIn[j]
      if (typeof p !== 'string' || !PRODUCT_NAMES.includes(p))
        throw new TypeError(`data: fills.exec[${i}].products[${j}] is not a product`)
      products.push(p as Product)
    }
    const tick = positiveNumber(e, 'tick', `fills.exec[${i}].tick`)
    const lot = positiveNumber(e, 'lot', `fills.exec[${i}].lot`)
    if (!(tick > 0) || !isSafeInteger(lot) || lot < 1)
      throw new TypeError(`data: fills.exec[${i}] needs a tick above 0 and a whole lot`)
    exec.push({
      tick,
      lot,
      products,
      openOffset: positiveNumber(e, 'openOffset', `fills.exec[${i}].openOffset`),
    })
  }
  const misCutoffReason = own(value, 'misCutoffReason')
  if (typeof misCutoffReason !== 'string' || misCutoffReason.length > 200)
    throw new TypeError('data: fills.misCutoffReason must be a short text')
  const margin = own(value, 'marginRate')
  const bound = own(value, 'chargeBound')
  if (typeof margin !== 'object' || margin === null || typeof bound !== 'object' || bound === null)
    throw new TypeError('data: fills needs marginRate and chargeBound')
  return freeze({
    slippage,
    exec,
    marginRate: {
      MIS: positiveNumber(margin, 'MIS', 'fills.marginRate.MIS'),
      NRML: positiveNumber(margin, 'NRML', 'fills.marginRate.NRML'),
    },
    chargeBound: {
      rate: positiveNumber(bound, 'rate', 'fills.chargeBound.rate'),
      fixed: positiveNumber(bound, 'fixed', 'fills.chargeBound.fixed'),
    },
    misCutoffReason,
  })
}
