/** Machine codes of Kite REST API failures, as the internal API passes them to the edge. */
export type KiteApiErrorCode =
  | 'login_refused'
  | 'session_expired'
  | 'bad_request'
  | 'unknown_symbol'
  | 'rate_limited'
  | 'unreachable'
  | 'kite_error'

/** A Kite REST call that failed; `message` is for the user and never carries a token. */
export class KiteApiError extends Error {
  readonly code: KiteApiErrorCode
  constructor(code: KiteApiErrorCode, message: string) {
    super(message)
    this.name = 'KiteApiError'
    this.code = code
  }
}

/** `kiteconnect` rejects with Kite's error body (`{message, error_type}`), or an Error. */
interface KiteRejection {
  message?: unknown
  error_type?: unknown
}

/**
 * Turns what `kiteconnect` rejected with into a KiteApiError. A `TokenException` means a bad
 * login during the token exchange (`during: 'login'`) and a dead session on any other call:
 * Kite ends every session at 06:00 IST.
 */
export function toKiteApiError(error: unknown, during: 'login' | 'data'): KiteApiError {
  if (error instanceof KiteApiError) return error
  const e = (error ?? {}) as KiteRejection
  const said = typeof e.message === 'string' && e.message ? e.message : 'no reason given'
  switch (e.error_type) {
    case 'TokenException':
      return during === 'login'
        ? new KiteApiError(
            'login_refused',
            `Kite refused the login (${said}); log in with Kite again`,
          )
        : new KiteApiError('session_expired', 'your Kite session has expired; log in again')
    case 'InputException':
      return new KiteApiError('bad_request', `Kite refused the request: ${said}`)
    case 'NetworkException':
      return isKiteRateLimited(error)
        ? new KiteApiError('rate_limited', 'Kite is limiting requests; try again in a moment')
        : new KiteApiError('unreachable', 'Kite is not reachable right now; try again shortly')
    default:
      return new KiteApiError('kite_error', `Kite answered: ${said}`)
  }
}

/** True when `kiteconnect` rejected with Kite's 429 (`NetworkException: Too many requests`). */
export function isKiteRateLimited(error: unknown): boolean {
  const e = error as KiteRejection | null | undefined
  return e?.error_type === 'NetworkException' && /too many requests/i.test(String(e.message))
}
