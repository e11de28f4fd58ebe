import { KiteConnect } from 'kiteconnect'
import { KiteApiError, toKiteApiError } from './api-errors.ts'
import { kiteTokenExpiry } from './token.ts'

export interface KiteTokenExchange {
  apiKey: string
  apiSecret: string
  /** From the redirect after the user logged in on Kite's page; single-use, short-lived. */
  requestToken: string
  /** Kite's API host (KITE_API_ROOT); default the client's own, https://api.kite.trade. */
  root?: string
  now?: () => number
}

/** A Kite session: the access token, whose account it is, and when Kite will refuse it. */
export interface KiteSession {
  accessToken: string
  kiteUserId: string
  /** Epoch ms: the next 06:00 IST. */
  expiresAt: number
}

/**
 * Exchanges the request token from Kite's login redirect for an access token, through the
 * official client's `generateSession` (which sends the checksum, SHA-256 of api_key +
 * request_token + api_secret). Throws KiteApiError: `login_refused` for a wrong secret or a
 * used or stale request token, `unreachable` when Kite does not answer.
 *
 * @example
 * const { accessToken, expiresAt } = await exchangeKiteRequestToken({ apiKey, apiSecret, requestToken })
 */
export async function exchangeKiteRequestToken(o: KiteTokenExchange): Promise<KiteSession> {
  const kite = new KiteConnect({ api_key: o.apiKey, ...(o.root ? { root: o.root } : {}) })
  let session: { access_token?: unknown; user_id?: unknown }
  try {
    session = await kite.generateSession(o.requestToken, o.apiSecret)
  } catch (error) {
    throw toKiteApiError(error, 'login')
  }
  if (typeof session?.access_token !== 'string' || typeof session.user_id !== 'string') {
    throw new KiteApiError('kite_error', 'Kite answered the login without an access token')
  }
  return {
    accessToken: session.access_token,
    kiteUserId: session.user_id,
    expiresAt: kiteTokenExpiry((o.now ?? Date.now)()),
  }
}
