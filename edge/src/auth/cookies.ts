import type { Context } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import type { CookieOptions } from 'hono/utils/cookie'
import type { EdgeConfig } from '../config.ts'

/** The access JWT, sent with every API call. */
export const ACCESS_COOKIE = 'vm_access'
/** The refresh token, sent only to /api/v1/auth (refresh and logout). */
export const REFRESH_COOKIE = 'vm_refresh'
/** The CSRF token: readable by the page's JS, which echoes it in `x-csrf-token`. */
export const CSRF_COOKIE = 'vm_csrf'
export const REFRESH_COOKIE_PATH = '/api/v1/auth'

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Cookies are `Secure` everywhere except plain http on this machine, where browsers would drop
 * them (local development without TLS).
 */
export function secureCookies(requestUrl: string): boolean {
  const url = new URL(requestUrl)
  return !(url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname))
}

const base = (c: Context, path: string): CookieOptions => ({
  path,
  secure: secureCookies(c.req.url),
  sameSite: 'Lax',
})

/** Sets the three session cookies on the response being built. */
export function setSessionCookies(
  c: Context,
  config: EdgeConfig,
  tokens: { accessToken: string; refreshToken: string; csrfToken: string },
): void {
  setCookie(c, ACCESS_COOKIE, tokens.accessToken, {
    ...base(c, '/'),
    httpOnly: true,
    maxAge: config.ACCESS_TOKEN_TTL_S,
  })
  setCookie(c, REFRESH_COOKIE, tokens.refreshToken, {
    ...base(c, REFRESH_COOKIE_PATH),
    httpOnly: true,
    maxAge: config.REFRESH_TOKEN_TTL_S,
  })
  setCookie(c, CSRF_COOKIE, tokens.csrfToken, {
    ...base(c, '/'),
    httpOnly: false,
    maxAge: config.REFRESH_TOKEN_TTL_S,
  })
}

/** Expires the session cookies (same names, paths and attributes, so browsers match them). */
export function clearSessionCookies(c: Context): void {
  deleteCookie(c, ACCESS_COOKIE, { ...base(c, '/'), httpOnly: true })
  deleteCookie(c, REFRESH_COOKIE, { ...base(c, REFRESH_COOKIE_PATH), httpOnly: true })
  deleteCookie(c, CSRF_COOKIE, base(c, '/'))
}
