import { allocColumns, trimColumns } from '../../market/columns.ts'
import { DAY_MS, IST_OFFSET_MS } from '../../market/time.ts'
import type { BarColumns, Timeframe } from '../../market/types.ts'
import { isKiteRateLimited } from './api-errors.ts'

/** The part of `kiteconnect`'s KiteConnect this needs (its `getHistoricalData`). */
export interface KiteHistoricalApi {
  getHistoricalData(
    instrumentToken: number | string,
    interval: string,
    from: string | Date,
    to: string | Date,
    continuous?: boolean,
    oi?: boolean,
  ): Promise<unknown>
}

/** Kite's interval names, and the longest range it serves per request (its documented limits). */
const INTERVALS: Record<Timeframe, { name: string; maxDays: number }> = {
  '1m': { name: 'minute', maxDays: 60 },
  '5m': { name: '5minute', maxDays: 100 },
  '15m': { name: '15minute', maxDays: 200 },
  '1d': { name: 'day', maxDays: 2000 },
}

/** Kite allows 3 historical requests per second per API key. */
const MIN_GAP_MS = 340
/** Another client on the same key may use up the rate: a 429 is retried this often, after a second or more. */
const RETRIES_ON_429 = 3

export interface KiteHistoryOptions {
  instrumentToken: number
  timeframe: Timeframe
  /** Inclusive range, epoch ms. */
  from: number
  to: number
  /** Waits between requests; default a timer (tests may pass their own clock). */
  sleep?: (ms: number) => Promise<void>
  onProgress?: (done: number, total: number) => void
}

/**
 * Fetches an instrument's candles from Kite's historical API through the official client,
 * in the chunks Kite allows per request (60 days of minutes, 2,000 days of days, …), at most
 * three requests a second (a 429 is waited out and retried), into time-ordered columns (a candle repeated at a chunk edge is
 * kept once). Dates go to Kite as IST wall-clock strings: the client would format a `Date`
 * in the process's own time zone.
 *
 * @example
 * const kite = new KiteConnect({ api_key, access_token })
 * const bars = await fetchKiteHistory(kite, { instrumentToken: 256265, timeframe: '1d', from, to })
 */
export async function fetchKiteHistory(
  kite: KiteHistoricalApi,
  o: KiteHistoryOptions,
): Promise<BarColumns> {
  if (!(o.to >= o.from)) throw new RangeError('fetchKiteHistory: `to` must not be before `from`')
  const { name, maxDays } = INTERVALS[o.timeframe]
  const sleep = o.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)))
  const chunks: [number, number][] = []
  for (let start = o.from; start <= o.to; start += maxDays * DAY_MS) {
    chunks.push([start, Math.min(o.to, start + maxDays * DAY_MS - 1_000)])
  }
  const out = allocColumns(0)
  const parts: BarColumns[] = []
  let last = -Infinity
  for (const [i, [from, to]] of chunks.entries()) {
    if (i > 0) await sleep(MIN_GAP_MS)
    const answer = await withRetryOn429(sleep, () =>
      kite.getHistoricalData(o.instrumentToken, name, istString(from), istString(to)),
    )
    const candles = candlesOf(answer)
    const part = allocColumns(candles.length)
    let n = 0
    for (const c of candles) {
      const ts = c.date instanceof Date ? c.date.getTime() : Date.parse(String(c.date))
      if (!Number.isFinite(ts) || ts <= last) continue
      part.ts[n] = ts
      part.open[n] = c.open
      part.high[n] = c.high
      part.low[n] = c.low
      part.close[n] = c.close
      part.volume[n] = c.volume
      last = ts
      n++
    }
    parts.push(trimColumns(part, n))
    o.onProgress?.(i + 1, chunks.length)
  }
  return parts.length === 0 ? out : concat(parts)
}

async function withRetryOn429<T>(
  sleep: (ms: number) => Promise<void>,
  request: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request()
    } catch (error) {
      if (attempt > RETRIES_ON_429 || !isKiteRateLimited(error)) throw error
      await sleep(1_000 * attempt)
    }
  }
}

interface Candle {
  date: Date | string
  open: number
  high: number
  low: number
  close: number
  volume: number
}

// kiteconnect resolves `{ data: candles }` after its own parsing; anything else is Kite's error.
function candlesOf(answer: unknown): Candle[] {
  const data = (answer as { data?: unknown } | null)?.data ?? answer
  if (!Array.isArray(data)) {
    const message = (answer as { message?: unknown } | null)?.message
    throw new Error(
      `Kite historical API: ${typeof message === 'string' ? message : 'unexpected answer'}`,
    )
  }
  return data as Candle[]
}

/** `yyyy-mm-dd hh:mm:ss` in IST, as Kite reads its `from`/`to`. */
export function istString(ms: number): string {
  return new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ')
}

function concat(parts: BarColumns[]): BarColumns {
  const total = parts.reduce((n, p) => n + p.length, 0)
  const out = allocColumns(total)
  let at = 0
  for (const p of parts) {
    for (const k of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const) out[k].set(p[k], at)
    at += p.length
  }
  return trimColumns(out, total)
}
