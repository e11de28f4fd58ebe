import { DAY_MS, istDayStart } from '../../market/time.ts'
import { KiteApiError, toKiteApiError } from './api-errors.ts'
import { indexKiteInstruments, type KiteInstrumentIndex } from './instrument-index.ts'
import { KITE_INSTRUMENT_TOKENS, kiteInstrumentToken } from './instruments.ts'

/** The part of `kiteconnect`'s KiteConnect this needs (its `getInstruments`). */
export interface KiteInstrumentsApi {
  getInstruments(exchange: 'NSE'): Promise<unknown>
}

export interface KiteInstrumentListOptions {
  /** Kite's API host the client talks to (KITE_API_ROOT); the cache is kept per host. */
  root?: string
  /** The clock that decides when the cached list is renewed; default `Date.now`. */
  now?: () => number
}

/**
 * Kite makes its instrument dump every trading morning and asks clients to fetch it "once a
 * day (ideally at around 08:30 AM)" (kite.trade/docs/connect/v3/market-quotes/#instruments):
 * after the 06:00 IST session reset, before the 09:00 pre-open. So a list is kept until the
 * next 08:30 IST after it was fetched; one fetched at 07:00 is renewed at 08:30 that day.
 */
const RENEW_AT_MS = 8.5 * 3_600_000

/** When a list fetched at `fetchedAt` (epoch ms) is renewed: the next 08:30 IST. */
export const kiteListRenewal = (fetchedAt: number): number =>
  istDayStart(fetchedAt - RENEW_AT_MS) + DAY_MS + RENEW_AT_MS

interface CachedList {
  renewAt: number
  list: Promise<KiteInstrumentIndex>
}

// One process serves every tenant; the dump is the same for all, whoever's session fetched it.
const lists = new Map<string, CachedList>()

/**
 * Kite's NSE equities and indices (`GET /instruments/NSE`, about 10,000 rows, through the
 * official client), indexed and kept in memory per API host until the next 08:30 IST, so
 * imports share one download a day and concurrent first requests share one download. Throws
 * KiteApiError as the other Kite calls do: `session_expired` when Kite refuses the session.
 * A caller that joined a download which failed (another tenant's session may have ended)
 * downloads again with its own session rather than take that failure as its own.
 */
export async function kiteNseInstruments(
  kite: KiteInstrumentsApi,
  o: KiteInstrumentListOptions = {},
): Promise<KiteInstrumentIndex> {
  const key = `${o.root ?? ''} NSE`
  const now = (o.now ?? Date.now)()
  const cached = lists.get(key)
  if (cached && now < cached.renewAt) {
    try {
      return await cached.list
    } catch {
      // Someone else's download failed: try ours.
    }
  }
  return download(kite, key, now)
}

function download(kite: KiteInstrumentsApi, key: string, now: number) {
  const list = kite.getInstruments('NSE').then(
    (rows) => {
      // kiteconnect resolves (not rejects) with `{error_type, message}` for an answer that is
      // neither JSON nor `text/csv`, e.g. a proxy's HTML page.
      const index = Array.isArray(rows) ? indexKiteInstruments(rows, KITE_INSTRUMENT_TOKENS) : null
      if (!index?.size) {
        throw new KiteApiError(
          'kite_error',
          'Kite’s instrument list came back empty or unreadable; try again shortly',
        )
      }
      return index
    },
    (error: unknown) => {
      throw toKiteApiError(error, 'data')
    },
  )
  const entry: CachedList = { renewAt: kiteListRenewal(now), list }
  lists.set(key, entry)
  list.catch(() => {
    if (lists.get(key) === entry) lists.delete(key)
  })
  return list
}

/**
 * The Kite instrument token of `symbol` as the catalog spells it: a bundled symbol at once
 * (instruments.ts), any other NSE equity or index from Kite's list (`kiteNseInstruments`).
 * Throws KiteApiError `unknown_symbol` with close matches when there are some, or the list's
 * own failure (e.g. `session_expired`).
 *
 * @example
 * const token = await resolveKiteInstrument(new KiteConnect({ api_key, access_token }), 'ITC')
 */
export async function resolveKiteInstrument(
  kite: KiteInstrumentsApi,
  symbol: string,
  o: KiteInstrumentListOptions = {},
): Promise<number> {
  const bundled = kiteInstrumentToken(symbol)
  if (bundled !== undefined) return bundled
  const list = await kiteNseInstruments(kite, o)
  const token = list.token(symbol)
  if (token !== undefined) return token
  const near = list.near(symbol)
  const guess = near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : ''
  throw new KiteApiError(
    'unknown_symbol',
    `"${symbol}" is not an NSE equity or index on Kite${guess}: ${HOW_TO_NAME}`,
  )
}

const HOW_TO_NAME =
  'give its NSE trading symbol, such as RELIANCE or M&M, or an index as NIFTY50, BANKNIFTY or NIFTYIT'
