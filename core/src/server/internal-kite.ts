import { type Context, Hono } from 'hono'
import { z } from 'zod'
import { KiteApiError, type KiteApiErrorCode } from '../feeds/kite/api-errors.ts'
import { fetchKiteBars } from '../feeds/kite/import.ts'
import { exchangeKiteRequestToken } from '../feeds/kite/session.ts'

export interface KiteInternalOptions {
  /** Kite's API host (KITE_API_ROOT); unset, the official client's default. */
  kiteApiRoot?: string
  /** Waits between Kite requests (pacing, 429s); tests may pass their own. */
  sleep?: (ms: number) => Promise<void>
}

/** How the internal API names a Kite failure in its `{ error, message }` envelope. */
export type KiteInternalError = `kite_${KiteApiErrorCode}`

const text = (max: number) => z.string().trim().min(1).max(max)
const sessionBody = z.object({ apiKey: text(64), apiSecret: text(128), requestToken: text(128) })
const historyBody = z.object({
  apiKey: text(64),
  accessToken: text(128),
  symbol: z.string().regex(/^[A-Za-z0-9&_.:-]{1,40}$/),
  timeframe: z.enum(['1m', '5m', '15m', '1d']),
  from: z.string().regex(/^\d{4}-\d\d-\d\d$/),
  to: z.string().regex(/^\d{4}-\d\d-\d\d$/),
})

// Kite refusing the user's input or session is the caller's to fix (422); Kite failing is 502.
const UPSTREAM: readonly KiteApiErrorCode[] = ['unreachable', 'rate_limited', 'kite_error']

/**
 * The Kite part of the core's internal API (mounted by `internalRoutes`, behind its token):
 *
 * - `POST /internal/kite/session` `{ apiKey, apiSecret, requestToken }` → `{ accessToken,
 *   kiteUserId, expiresAt }`: the request token from Kite's login redirect exchanged.
 * - `POST /internal/kite/history` `{ apiKey, accessToken, symbol, timeframe, from, to }` →
 *   `{ csv, check }`: the bars as a dataset CSV and its import check (`ImportCheck`).
 *
 * Kite's refusals answer 422 (`kite_login_refused`, `kite_session_expired`,
 * `kite_bad_request`, `kite_unknown_symbol`) and its failures 502 (`kite_unreachable`,
 * `kite_rate_limited`, `kite_kite_error`), with a message for the user. Secrets and tokens
 * are never logged nor echoed.
 */
export function kiteInternalRoutes(o: KiteInternalOptions = {}): Hono {
  const root = o.kiteApiRoot ? { root: o.kiteApiRoot } : {}
  return new Hono()
    .post('/internal/kite/session', async (c) => {
      const body = sessionBody.safeParse(await c.req.json().catch(() => undefined))
      if (!body.success) return c.json(badRequest('{ apiKey, apiSecret, requestToken }'), 400)
      try {
        return c.json(await exchangeKiteRequestToken({ ...body.data, ...root }), 200)
      } catch (error) {
        return kiteFailure(c, error)
      }
    })
    .post('/internal/kite/history', async (c) => {
      const body = historyBody.safeParse(await c.req.json().catch(() => undefined))
      if (!body.success) {
        return c.json(
          badRequest(
            '{ apiKey, accessToken, symbol, timeframe, from: YYYY-MM-DD, to: YYYY-MM-DD }',
          ),
          400,
        )
      }
      try {
        const sleep = o.sleep ? { sleep: o.sleep } : {}
        return c.json(await fetchKiteBars({ ...body.data, ...root, ...sleep }), 200)
      } catch (error) {
        return kiteFailure(c, error)
      }
    })
}

const badRequest = (shape: string) => ({
  error: 'bad_request' as const,
  message: `send a JSON body ${shape}`,
})

function kiteFailure(c: Context, error: unknown) {
  if (!(error instanceof KiteApiError)) throw error
  const kiteError: KiteInternalError = `kite_${error.code}`
  return c.json(
    { error: kiteError, message: error.message },
    UPSTREAM.includes(error.code) ? 502 : 422,
  )
}
