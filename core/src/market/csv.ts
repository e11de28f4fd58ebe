import { allocColumns, columnsToBars, trimColumns } from './columns.ts'
import { formatIst, parseIsoTimestamp } from './time.ts'
import type { Bar, BarColumns, Tick } from './types.ts'

export const BAR_HEADER = 'timestamp,open,high,low,close,volume'
export const TICK_HEADER =
  'timestamp,symbol,last_price,volume_traded,last_traded_quantity,open_interest,' +
  'bid_price,bid_qty,ask_price,ask_qty,total_buy_qty,total_sell_qty'

const PRICE_FIELDS = ['open', 'high', 'low', 'close'] as const
const TICK_OPTIONAL = [
  'volume',
  'lastQty',
  'oi',
  'bid',
  'bidQty',
  'ask',
  'askQty',
  'totalBuyQty',
  'totalSellQty',
] as const
const SYMBOL = /^[A-Z0-9][A-Z0-9&-]*$/

/** A malformed CSV row: `file` and 1-based `line` (the header is line 1) say where. */
export class CsvError extends Error {
  readonly file: string
  readonly line: number
  readonly reason: string
  constructor(file: string, line: number, reason: string) {
    super(`${file}:${line}: ${reason}`)
    this.name = 'CsvError'
    this.file = file
    this.line = line
    this.reason = reason
  }
}

/**
 * Parses an OHLCV file (`timestamp,open,high,low,close,volume`, ISO timestamps with an
 * offset) into columns: one Float64Array per field. Every row is checked: six fields, a
 * valid timestamp strictly after the previous row's, positive prices with
 * low ≤ open, close ≤ high, a non-negative volume. The first bad row throws a CsvError that
 * names `file`, the line and the problem. This is the fast path for backtests.
 *
 * @example parseBarColumns(await readFile(path, 'utf8'), 'NIFTY50_1min.csv').close[0]
 */
export function parseBarColumns(text: string, file = '<input>'): BarColumns {
  const c = allocColumns(countLines(text))
  const b = new Int32Array(8)
  const values = [0, 0, 0, 0]
  let prev = Number.NEGATIVE_INFINITY
  scanRows(text, file, BAR_HEADER, (start, end, fail) => {
    const n = splitFields(text, start, end, b, 6)
    if (n !== 6) fail(`expected 6 fields, found ${n}`)
    const ts = parseIsoTimestamp(text, b[0]!, b[1]! - 1)
    if (Number.isNaN(ts)) fail(`invalid timestamp "${field(text, b, 0)}"`)
    for (let k = 0; k < 4; k++) {
      const v = parseDecimal(text, b[k + 1]!, b[k + 2]! - 1)
      if (!(v > 0)) fail(`${PRICE_FIELDS[k]} is not a positive number: "${field(text, b, k + 1)}"`)
      values[k] = v
    }
    const [open, high, low, close] = values as [number, number, number, number]
    const volume = parseDecimal(text, b[5]!, b[6]! - 1)
    if (Number.isNaN(volume)) fail(`volume is not a number: "${field(text, b, 5)}"`)
    if (high < low) fail(`high ${high} is below low ${low}`)
    if (open > high || open < low) fail(`open ${open} is outside low ${low} .. high ${high}`)
    if (close > high || close < low) fail(`close ${close} is outside low ${low} .. high ${high}`)
    if (ts <= prev) fail(`timestamp ${formatIst(ts)} is not after ${formatIst(prev)}`)
    prev = ts
    const i = c.length++
    c.ts[i] = ts
    c.open[i] = open
    c.high[i] = high
    c.low[i] = low
    c.close[i] = close
    c.volume[i] = volume
  })
  return trimColumns(c, c.length)
}

/**
 * Parses an OHLCV file into bar objects, with the same checks and errors as
 * `parseBarColumns`. Convenient for small series and tests; prefer the columnar form when
 * scanning large ones.
 *
 * @example parseBars(text, 'M&M_1d.csv')[0] // { ts, open: 614.7, high: 621.9, ... }
 */
export function parseBars(text: string, file = '<input>'): Bar[] {
  return columnsToBars(parseBarColumns(text, file))
}

/**
 * Parses a tick file (the bundled Breeze recording's 12-column header) into ticks. Empty
 * optional fields are left out of the tick. Rows must be in non-decreasing time order, with
 * one tolerated exception: a row that exactly repeats an earlier row is dropped, because
 * the bundled recording re-appended already-written chunks (see core/data/nse/README.md).
 * Any other backwards step, bad number or bad symbol throws a CsvError.
 *
 * @example parseTicks(text, 'ticks.csv').filter((t) => t.symbol === 'TCS25NOVFUT')
 */
export function parseTicks(text: string, file = '<input>'): Tick[] {
  const ticks: Tick[] = []
  const seen = new Set<string>()
  const b = new Int32Array(14)
  let prev = Number.NEGATIVE_INFINITY
  scanRows(text, file, TICK_HEADER, (start, end, fail) => {
    const n = splitFields(text, start, end, b, 12)
    if (n !== 12) fail(`expected 12 fields, found ${n}`)
    const row = text.slice(start, end)
    const ts = parseIsoTimestamp(text, b[0]!, b[1]! - 1)
    if (Number.isNaN(ts)) fail(`invalid timestamp "${field(text, b, 0)}"`)
    if (ts <= prev && seen.has(row)) return
    if (ts < prev) fail(`timestamp ${formatIst(ts)} is before ${formatIst(prev)}`)
    const symbol = field(text, b, 1)
    if (!SYMBOL.test(symbol)) fail(`invalid symbol "${symbol}"`)
    const price = parseDecimal(text, b[2]!, b[3]! - 1)
    if (!(price > 0)) fail(`last_price is not a positive number: "${field(text, b, 2)}"`)
    const tick: Tick = { symbol, ts, price }
    for (let k = 0; k < TICK_OPTIONAL.length; k++) {
      if (b[k + 4]! - 1 === b[k + 3]) continue
      const v = parseDecimal(text, b[k + 3]!, b[k + 4]! - 1)
      if (Number.isNaN(v)) fail(`${TICK_OPTIONAL[k]} is not a number: "${field(text, b, k + 3)}"`)
      tick[TICK_OPTIONAL[k]!] = v
    }
    seen.add(row)
    prev = ts
    ticks.push(tick)
  })
  return ticks
}

type RowFn = (start: number, end: number, fail: (reason: string) => never) => void

// Walks data rows by index, without splitting the text, so parsing allocates no per-line
// strings. Accepts LF or CRLF and a leading BOM; allows a single trailing newline only.
function scanRows(text: string, file: string, header: string, onRow: RowFn): void {
  let line = 1
  const fail = (reason: string): never => {
    throw new CsvError(file, line, reason)
  }
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0
  if (pos >= text.length) fail('empty file')
  while (pos < text.length) {
    let next = text.indexOf('\n', pos)
    if (next < 0) next = text.length
    const end = text.charCodeAt(next - 1) === 13 && next > pos ? next - 1 : next
    if (line === 1) {
      const found = text.slice(pos, end)
      if (found !== header) fail(`expected header "${header}", found "${clip(found)}"`)
    } else {
      if (end === pos) fail('empty line')
      onRow(pos, end, fail)
    }
    pos = next + 1
    line++
  }
}

// Writes each field's start into b (b[k] .. b[k+1]-1 is field k, so b needs want+1 slots)
// and returns the number of fields found, which may exceed `want`.
function splitFields(text: string, start: number, end: number, b: Int32Array, want: number) {
  let n = 1
  b[0] = start
  for (let p = text.indexOf(',', start); p >= 0 && p < end; p = text.indexOf(',', p + 1)) {
    if (n <= want) b[n] = p + 1
    n++
  }
  if (n <= want) b[n] = end + 1
  return n
}

function field(text: string, b: Int32Array, k: number): string {
  return clip(text.slice(b[k]!, b[k + 1]! - 1))
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s
}

function countLines(text: string): number {
  let n = 0
  for (let p = text.indexOf('\n'); p >= 0; p = text.indexOf('\n', p + 1)) n++
  return n + 1
}

// Plain decimals only (no sign, exponent, spaces or hex, all of which Number() accepts).
// Dividing the digit string's integer by a power of ten is exact-rounded, so the result
// equals Number(s) while avoiding a substring per field.
function parseDecimal(s: string, from: number, to: number): number {
  let int = 0
  let scale = 1
  let dot = false
  let n = 0
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i)
    if (c >= 48 && c <= 57) {
      int = int * 10 + (c - 48)
      n++
      if (dot) scale *= 10
    } else if (c === 46 && !dot) {
      dot = true
    } else {
      return Number.NaN
    }
  }
  if (n === 0) return Number.NaN
  return n > 15 ? Number(s.slice(from, to)) : int / scale
}

/**
 * Writes columns as the bundled files' CSV (`BAR_HEADER`, IST timestamps with their offset),
 * which `parseBarColumns` reads back exactly.
 *
 * @example formatBarColumns(await loadBarColumns('NIFTY50', '1d'))
 */
export function formatBarColumns(c: BarColumns): string {
  const lines = [BAR_HEADER]
  for (let i = 0; i < c.length; i++) {
    lines.push(
      `${formatIst(c.ts[i]!)},${c.open[i]},${c.high[i]},${c.low[i]},${c.close[i]},${c.volume[i]}`,
    )
  }
  return `${lines.join('\n')}\n`
}

/**
 * A text field of a CSV line, quoted only when it must be. NSE symbols may hold '&' and '-'
 * (M&M, BAJAJ-AUTO), which need no quotes; commas, quotes and line breaks do.
 */
export function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}
