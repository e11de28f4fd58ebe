import { DAY_MS, IST_OFFSET_MS } from '../../market/time.ts'

const SIX_AM_MS = 6 * 3_600_000

/** What the feed asks for before every connection attempt. */
export interface KiteAccessToken {
  accessToken: string
  /** Epoch ms after which Kite will refuse it (see `kiteTokenExpiry`); checked before dialling. */
  expiresAt?: number | null
}

/**
 * Returns the access token to use now, or null when there is none (the user has not logged
 * in to Kite since the last expiry). Called again before every reconnect, so a token renewed
 * after 06:00 IST is picked up without restarting the feed.
 */
export type KiteTokenSource = () =>
  | Promise<KiteAccessToken | string | null | undefined>
  | KiteAccessToken
  | string
  | null
  | undefined

/**
 * When a Kite access token obtained at `issuedAt` (epoch ms) stops working: the next
 * 06:00 IST after it. Kite tokens die daily at 6 AM IST; there is no refresh token and no
 * headless login, so the user must log in again.
 *
 * @example kiteTokenExpiry(Date.parse('2025-11-17T09:00:00+05:30')) // 2025-11-18T06:00+05:30
 */
export function kiteTokenExpiry(issuedAt: number): number {
  const istMs = issuedAt + IST_OFFSET_MS
  const sixToday = Math.floor(istMs / DAY_MS) * DAY_MS + SIX_AM_MS
  return (istMs < sixToday ? sixToday : sixToday + DAY_MS) - IST_OFFSET_MS
}
