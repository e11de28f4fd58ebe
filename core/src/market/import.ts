import { CsvError, parseBarColumns } from './csv.ts'
import { bucketStart } from './resample.ts'
import { formatIst, istDayStart } from './time.ts'
import type { BarColumns, Timeframe } from './types.ts'

/** Most bars one imported series may hold (about two years of 1-minute bars). */
export const MAX_IMPORT_ROWS = 200_000

export type ImportCheck =
  | { ok: true; rows: number; first: number; last: number }
  | { ok: false; line: number; reason: string }

/**
 * Checks a user's CSV of bars before it is stored: the bundled files' format
 * (`timestamp,open,high,low,close,volume`, ISO timestamps with an offset, strictly rising,
 * low ≤ open, close ≤ high), at most `MAX_IMPORT_ROWS` rows, and every bar on the
 * timeframe's grid (1m on whole minutes, 5m/15m from 09:15 IST, 1d at 00:00 IST) — so a 5m
 * file labelled 1m, or daily bars stamped at the close, are caught here with the line, not
 * later as a strange backtest.
 *
 * @example checkImportedBars('timestamp,open,…\n2024-01-01T09:15:00+05:30,…', '1m')
 */
export function checkImportedBars(csv: string, timeframe: Timeframe): ImportCheck {
  let c: BarColumns
  try {
    c = parseBarColumns(csv, 'upload')
  } catch (e) {
    if (e instanceof CsvError) return { ok: false, line: e.line, reason: e.reason }
    throw e
  }
  if (c.length === 0) return { ok: false, line: 2, reason: 'no bars after the header' }
  if (c.length > MAX_IMPORT_ROWS) {
    return {
      ok: false,
      line: MAX_IMPORT_ROWS + 2,
      reason: `more than ${MAX_IMPORT_ROWS.toLocaleString('en-IN')} bars; split the file`,
    }
  }
  for (let i = 0; i < c.length; i++) {
    const ts = c.ts[i]!
    // No NSE session opens before 09:00 IST (pre-open); an intraday bar before that is a
    // daily file under the wrong timeframe, or timestamps in UTC without their offset.
    if (timeframe !== '1d' && ts - istDayStart(ts) < NINE_AM) {
      return {
        ok: false,
        line: i + 2,
        reason: `${formatIst(ts)} is before 09:00 IST, outside market hours for ${timeframe} bars (is it a daily file, or UTC without its offset?)`,
      }
    }
    if (bucketStart(ts, timeframe) !== ts) {
      return {
        ok: false,
        line: i + 2,
        reason: `${formatIst(ts)} is not the start of a ${timeframe} bar (${GRID[timeframe]})`,
      }
    }
  }
  return { ok: true, rows: c.length, first: c.ts[0]!, last: c.ts[c.length - 1]! }
}

const NINE_AM = 9 * 3_600_000

const GRID: Record<Timeframe, string> = {
  '1m': 'whole minutes',
  '5m': 'every 5 minutes from 09:15 IST',
  '15m': 'every 15 minutes from 09:15 IST',
  '1d': 'daily bars are stamped 00:00 IST of their day',
}
