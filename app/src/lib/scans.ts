import type { InferResponseType } from 'hono/client'
import type { Api } from './api/client.ts'

type Scans = Api['api']['v1']['scans']

export type Scan = InferResponseType<Scans[':scanId']['$get'], 200>
export type Timeframe = Scan['timeframe']
export type ScanPreview = InferResponseType<Scans['preview']['$post'], 200>
export type ScanMatch = InferResponseType<Scans[':scanId']['matches']['$get'], 200>['items'][number]

export const TIMEFRAMES: ReadonlyArray<{ value: Timeframe; label: string }> = [
  { value: '1m', label: '1 minute' },
  { value: '5m', label: '5 minutes' },
  { value: '15m', label: '15 minutes' },
  { value: '1d', label: '1 day' },
]

export const timeframeLabel = (tf: string): string =>
  TIMEFRAMES.find((t) => t.value === tf)?.label ?? tf

/**
 * The symbols typed in a universe field: split at commas or spaces, upper-case, each once.
 *
 * @example parseSymbols('nifty50, BANKNIFTY  nifty50') // ['NIFTY50', 'BANKNIFTY']
 */
export function parseSymbols(text: string): string[] {
  const out: string[] = []
  for (const part of text.split(/[\s,]+/)) {
    const symbol = part.trim().toUpperCase()
    if (symbol && !out.includes(symbol)) out.push(symbol)
  }
  return out
}

/**
 * A line of carets under the part of the expression a diagnostic is about, to print below the
 * expression in a monospace font.
 *
 * @example caretLine({ column: 1, length: 3 }) // '^^^'
 */
export function caretLine(place: { column: number; length?: number | undefined }): string {
  return `${' '.repeat(Math.max(place.column, 1) - 1)}${'^'.repeat(Math.max(place.length ?? 1, 1))}`
}

/** The data columns of a page of matches, in the order they first appear. */
export function matchColumns(matches: ReadonlyArray<{ data: Record<string, unknown> }>): string[] {
  const columns: string[] = []
  for (const match of matches) {
    for (const key of Object.keys(match.data)) if (!columns.includes(key)) columns.push(key)
  }
  return columns
}

const NUMBER = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 2 })

/**
 * A match's value as the results table shows it.
 *
 * @example formatCell(2870.456) // '2,870.46'
 */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'number') return Number.isFinite(value) ? NUMBER.format(value) : '—'
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  return typeof value === 'string' ? value : JSON.stringify(value)
}
