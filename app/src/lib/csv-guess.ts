// What the import form can tell from a CSV before it is uploaded: the symbol from the file's
// name, the timeframe from the spacing of its first bars. Guesses only fill the form; the core
// checks the file against the timeframe the user finally chooses.

export type BarTimeframe = '1m' | '5m' | '15m' | '1d'

/** Symbols as the edge accepts them (datasets/create.ts). */
const SYMBOL = /^[A-Z0-9&_.:-]{1,40}$/
/** Exchange prefixes some exports put before the symbol (`NSE_TCS_1d.csv`). */
const EXCHANGES = new Set(['NSE', 'BSE', 'NFO'])
const MINUTE = 60_000
const IST_OFFSET_MS = 330 * MINUTE
const DAY = 86_400_000
/** Enough rows to see the spacing through a few missing bars, few enough to stay instant. */
const ROWS_LOOKED_AT = 50

/**
 * The file's name without its folder and extension, as a dataset name (the API keeps 64
 * characters).
 *
 * @example nameFromFile('C:\\data\\RELIANCE_1d.csv') // 'RELIANCE_1d'
 */
export function nameFromFile(fileName: string): string {
  return fileName
    .replace(/^.*[\\/]/, '')
    .replace(/\.(csv|txt)$/i, '')
    .trim()
    .slice(0, 64)
}

/**
 * The symbol a file's name starts with, in capitals: the part before the first `_`, space or
 * `-date`, past an exchange prefix; '' when that is not a symbol.
 *
 * @example
 * guessSymbol('BANKNIFTY_1min_2024-01_2024-08.csv') // 'BANKNIFTY'
 * guessSymbol('m&m 2019.csv') // 'M&M'
 * guessSymbol('NSE_BAJAJ-AUTO-2024-01.csv') // 'BAJAJ-AUTO'
 */
export function guessSymbol(fileName: string): string {
  const parts = nameFromFile(fileName)
    .toUpperCase()
    .split(/[_\s]+|-(?=\d)/)
    .filter(Boolean)
  const first = EXCHANGES.has(parts[0] ?? '') && parts.length > 1 ? parts[1]! : (parts[0] ?? '')
  const symbol = first.replace(/^(NSE|BSE):/, '')
  return SYMBOL.test(symbol) && /[A-Z]/.test(symbol) ? symbol : ''
}

/**
 * The timeframe the first rows of a bars CSV are spaced at: the smallest gap between
 * consecutive timestamps (missing bars only widen gaps) — 1, 5 or 15 minutes, or a day or more
 * for daily bars. A single bar at midnight IST reads as daily. Undefined when the spacing is
 * none of these, or the rows do not parse.
 *
 * @example guessTimeframe('timestamp,open,high,low,close,volume\n2024-01-02T09:15:00+05:30,…\n2024-01-02T09:20:00+05:30,…') // '5m'
 */
export function guessTimeframe(csv: string): BarTimeframe | undefined {
  const times = firstTimestamps(csv, ROWS_LOOKED_AT)
  if (times.length === 0) return undefined
  let gap = Number.POSITIVE_INFINITY
  for (let i = 1; i < times.length; i++) {
    const step = times[i]! - times[i - 1]!
    if (step > 0 && step < gap) gap = step
  }
  if (gap === Number.POSITIVE_INFINITY) {
    return times.every((t) => (t + IST_OFFSET_MS) % DAY === 0) ? '1d' : undefined
  }
  if (gap === MINUTE) return '1m'
  if (gap === 5 * MINUTE) return '5m'
  if (gap === 15 * MINUTE) return '15m'
  // Whole days: a file of few rows may step only over weekends and holidays.
  if (gap % DAY === 0) return '1d'
  return undefined
}

/** Epoch ms of the first `count` rows' timestamps, stopping at the first that does not parse. */
function firstTimestamps(csv: string, count: number): number[] {
  const times: number[] = []
  let pos = csv.indexOf('\n') + 1
  while (pos > 0 && pos < csv.length && times.length < count) {
    const next = csv.indexOf('\n', pos)
    const line = csv.slice(pos, next < 0 ? csv.length : next)
    const stamp = line.slice(0, Math.max(line.indexOf(','), 0))
    // Date.parse reads ISO 8601 with its offset; a bare date would read as UTC, not IST.
    const ms = /T\d\d:\d\d/.test(stamp) ? Date.parse(stamp) : Number.NaN
    if (Number.isNaN(ms)) break
    times.push(ms)
    pos = next + 1
  }
  return times
}
