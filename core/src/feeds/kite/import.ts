import { KiteConnect } from 'kiteconnect'
import { formatBarColumns } from '../../market/csv.ts'
import { checkImportedBars, type ImportCheck } from '../../market/import.ts'
import { DAY_MS, parseIsoTimestamp } from '../../market/time.ts'
import type { Timeframe } from '../../market/types.ts'
import { KiteApiError, toKiteApiError } from './api-errors.ts'
import { fetchKiteHistory } from './historical.ts'
import { resolveKiteInstrument } from './instrument-list.ts'

export interface KiteBarsRequest {
  apiKey: string
  accessToken: string
  /** As the catalog spells it, e.g. `NIFTY50`. */
  symbol: string
  timeframe: Timeframe
  /** IST calendar dates `YYYY-MM-DD`, both included. */
  from: string
  to: string
  /** Kite's API host (KITE_API_ROOT). */
  root?: string
  sleep?: (ms: number) => Promise<void>
  /** The clock that renews the cached instrument list daily (tests move it); default `Date.now`. */
  now?: () => number
}

/** Bars from Kite as a dataset CSV, and the import check of that CSV. */
export interface KiteBars {
  csv: string
  check: ImportCheck
}

/**
 * Fetches a symbol's bars from Kite's historical API over whole IST days and writes them in
 * the dataset CSV format, checked exactly as an uploaded CSV is (`checkImportedBars`), so the
 * edge stores them the same way. Any NSE equity or index imports: its token comes from
 * Kite's instrument list (`resolveKiteInstrument`, fetched once a day). Throws KiteApiError:
 * `bad_request` for bad dates (before asking Kite), `unknown_symbol`, `session_expired` when
 * Kite refuses the access token, and Kite's other failures.
 *
 * @example
 * const { csv, check } = await fetchKiteBars({ apiKey, accessToken, symbol: 'NIFTY50', timeframe: '1d', from: '2024-01-01', to: '2024-03-31' })
 */
export async function fetchKiteBars(o: KiteBarsRequest): Promise<KiteBars> {
  const from = istDate(o.from)
  const to = istDate(o.to)
  if (from === undefined || to === undefined || to < from) {
    throw new KiteApiError('bad_request', '`from` and `to` must be dates YYYY-MM-DD, from ≤ to')
  }
  const kite = new KiteConnect({
    api_key: o.apiKey,
    access_token: o.accessToken,
    ...(o.root ? { root: o.root } : {}),
  })
  const instrumentToken = await resolveKiteInstrument(kite, o.symbol, { root: o.root, now: o.now })
  let bars: Awaited<ReturnType<typeof fetchKiteHistory>>
  try {
    bars = await fetchKiteHistory(kite, {
      instrumentToken,
      timeframe: o.timeframe,
      from,
      to: to + DAY_MS - 1_000,
      ...(o.sleep ? { sleep: o.sleep } : {}),
    })
  } catch (error) {
    throw toKiteApiError(error, 'data')
  }
  const csv = formatBarColumns(bars)
  if (bars.length === 0) {
    const reason = `Kite has no ${o.timeframe} bars of ${o.symbol} from ${o.from} to ${o.to}`
    return { csv, check: { ok: false, line: 2, reason } }
  }
  return { csv, check: checkImportedBars(csv, o.timeframe) }
}

/** `YYYY-MM-DD` → epoch ms of 00:00 IST that day; undefined for anything else. */
function istDate(text: string): number | undefined {
  if (!/^\d{4}-\d\d-\d\d$/.test(text)) return undefined
  const ms = parseIsoTimestamp(`${text}T00:00:00+05:30`)
  return Number.isNaN(ms) ? undefined : ms
}
