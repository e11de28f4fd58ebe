import { PACKED_WINDOW_COLUMNS } from '../constants.ts'
import { batchOutputSchema } from '../protocol.ts'
import type {
  BarEvent,
  BatchOutput,
  DataInput,
  DispatchInput,
  PackedDataInput,
  PluginEvent,
} from '../types.ts'
import { loadPlugin } from './engine.ts'

// Helpers for the runtime's tests: drive a plugin the way the host does — JSON strings in and
// out, every output validated with the host's schema — without bundling it.

export function load(kind: 'strategy' | 'scanner', definition: object) {
  const { dispatch, manifest } = loadPlugin(kind, definition)
  const send = (input: DispatchInput | PackedDataInput | string, block?: unknown): BatchOutput => {
    const json = typeof input === 'string' ? input : JSON.stringify(input)
    const raw = block === undefined ? dispatch(json) : dispatch(json, block)
    const parsed = batchOutputSchema.safeParse(JSON.parse(raw))
    if (!parsed.success) throw new Error(`invalid output: ${parsed.error.message}`)
    return parsed.data as BatchOutput
  }
  return { send, manifest }
}

/**
 * A `data` window as the host's fast path sends it: the JSON without the columns, and the
 * columns packed in one ArrayBuffer (`feed` and `flags` 0 where the window has none).
 */
export function packWindow(w: DataInput): { input: PackedDataInput; block: ArrayBuffer } {
  const n = w.time.length
  const block = new Float64Array(n * PACKED_WINDOW_COLUMNS.length)
  PACKED_WINDOW_COLUMNS.forEach((name, c) => {
    const values = w[name] ?? []
    for (let i = 0; i < n; i++) block[c * n + i] = values[i] ?? 0
  })
  const { kind, start, series, fills } = w
  return {
    input: { kind, start, series, events: n, ...(fills ? { fills } : {}) },
    block: block.buffer,
  }
}

export const manifest = {
  name: 'T',
  version: '1.0.0',
  universe: ['TCS', 'INFY'],
  timeframes: ['1m', '1d'],
}
export const DAY = 86_400_000
export const T0 = Date.UTC(2024, 0, 1, 3, 45) // 09:15 IST

/** The i-th 1-minute bar from T0 (09:15 IST on 2024-01-01). */
export const bar = (
  i: number,
  close = 100 + i,
  symbol = 'TCS',
  timeframe: BarEvent['timeframe'] = '1m',
): BarEvent => ({
  type: 'bar',
  symbol,
  timeframe,
  bar: { ts: T0 + i * 60_000, open: close, high: close + 1, low: close - 1, close, volume: 10 },
})
export const batch = (events: PluginEvent[], extra: object = {}): DispatchInput => ({
  kind: 'batch',
  now: T0 + DAY,
  events,
  positions: {},
  ...extra,
})
export const init = (extra: object = {}): DispatchInput => ({
  kind: 'init',
  params: {},
  seed: 1,
  ...extra,
})

const MIN = 60_000

/** A `data` window of TCS 1-minute bars i = start .. start + n - 1 (open and close 100 + i). */
export function dataWindow(
  start: number,
  n: number,
  extra: Partial<DataInput> = {},
): DispatchInput {
  const idx = Array.from({ length: n }, (_, j) => start + j)
  return {
    kind: 'data',
    start,
    series: [{ symbol: 'TCS', timeframe: '1m' }],
    time: idx.map((i) => T0 + (i + 1) * MIN),
    ts: idx.map((i) => T0 + i * MIN),
    open: idx.map((i) => 100 + i),
    high: idx.map((i) => 101 + i),
    low: idx.map((i) => 99 + i),
    close: idx.map((i) => 100 + i),
    volume: idx.map(() => 10),
    ...extra,
  }
}

/** A `range` over window events from .. to - 1, clock at the close of `from`. */
export const rangeInput = (from: number, to: number, extra: object = {}): DispatchInput => ({
  kind: 'range',
  now: T0 + (from + 1) * MIN,
  from,
  to,
  events: [],
  positions: {},
  ...extra,
})
