import type { Trade } from './backtest-result.ts'

// The trade log as CSV, made in the browser from the trades the API sends (the edge has no CSV
// endpoint). Same columns and notation as the engine's own export (core/src/backtest/report.ts
// `tradesCsv`), so a file from either reads the same.

const IST_OFFSET_MS = 330 * 60_000

/**
 * Epoch ms as IST wall time, ISO 8601 with the offset.
 *
 * @example istIso(Date.UTC(2024, 0, 1, 3, 45)) // '2024-01-01T09:15:00+05:30'
 */
export function istIso(ms: number): string {
  const iso = new Date(ms + IST_OFFSET_MS).toISOString()
  return `${ms % 1000 === 0 ? iso.slice(0, 19) : iso.slice(0, 23)}+05:30`
}

/**
 * One CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
 *
 * @example csvField('say "hi", then') // '"say ""hi"", then"'
 */
export function csvField(value: string | number): string {
  const s = String(value)
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

/** Rows of fields as CSV text, one line each, ending with a line break. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return `${rows.map((row) => row.map(csvField).join(',')).join('\n')}\n`
}

export const TRADE_COLUMNS = [
  'symbol',
  'direction',
  'product',
  'qty',
  'entry_time',
  'entry_price',
  'exit_time',
  'exit_price',
  'gross_pnl',
  'costs',
  'net_pnl',
  'exit_reason',
] as const

const money = (x: number) => x.toFixed(2)
const price = (x: number | null) => (x === null ? '' : String(Math.round(x * 10_000) / 10_000))

/**
 * The trade log as CSV: times in IST, money to the paisa; open trades have empty exit fields.
 *
 * @example tradesCsv(trades) // 'symbol,direction,…\nRELIANCE,LONG,CNC,1,2023-02-01T15:30:00+05:30,…\n'
 */
export function tradesCsv(trades: readonly Trade[]): string {
  return toCsv([
    TRADE_COLUMNS,
    ...trades.map((t) => [
      t.symbol,
      t.direction,
      t.product,
      t.qty,
      istIso(t.entryTime),
      price(t.entryPrice),
      t.exitTime === null ? '' : istIso(t.exitTime),
      price(t.exitPrice),
      money(t.grossPnl),
      money(t.costs),
      money(t.netPnl),
      t.exitReason,
    ]),
  ])
}

/** The file name a run's trade log downloads as. */
export const tradesFileName = (jobId: string) => `trades-${jobId}.csv`
