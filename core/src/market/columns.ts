import type { Bar, BarColumns } from './types.ts'

/** Allocates zeroed columns with room for `capacity` bars and `length` 0. */
export function allocColumns(capacity: number): BarColumns {
  return {
    length: 0,
    ts: new Float64Array(capacity),
    open: new Float64Array(capacity),
    high: new Float64Array(capacity),
    low: new Float64Array(capacity),
    close: new Float64Array(capacity),
    volume: new Float64Array(capacity),
  }
}

/**
 * Returns columns holding exactly the first `length` bars. Views share memory with the
 * input (no copy), so trimming over-allocated parser output costs nothing.
 */
export function trimColumns(c: BarColumns, length: number): BarColumns {
  return {
    length,
    ts: c.ts.subarray(0, length),
    open: c.open.subarray(0, length),
    high: c.high.subarray(0, length),
    low: c.low.subarray(0, length),
    close: c.close.subarray(0, length),
    volume: c.volume.subarray(0, length),
  }
}

/** Converts bar objects to columns (a copy). */
export function barsToColumns(bars: readonly Bar[]): BarColumns {
  const c = allocColumns(bars.length)
  for (const bar of bars) pushBar(c, bar)
  return c
}

/** Converts columns to bar objects (a copy). */
export function columnsToBars(c: BarColumns): Bar[] {
  const bars = new Array<Bar>(c.length)
  for (let i = 0; i < c.length; i++) bars[i] = barAt(c, i)
  return bars
}

/** Reads bar `i` as an object. */
export function barAt(c: BarColumns, i: number): Bar {
  return {
    ts: c.ts[i]!,
    open: c.open[i]!,
    high: c.high[i]!,
    low: c.low[i]!,
    close: c.close[i]!,
    volume: c.volume[i]!,
  }
}

/** Appends a bar; the caller allocated enough capacity. */
export function pushBar(c: BarColumns, bar: Bar): void {
  const i = c.length++
  c.ts[i] = bar.ts
  c.open[i] = bar.open
  c.high[i] = bar.high
  c.low[i] = bar.low
  c.close[i] = bar.close
  c.volume[i] = bar.volume
}
