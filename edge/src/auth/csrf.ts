import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import type { EdgeConfig } from '../config.ts'
import { fromBase64Url, toBase64Url } from '../crypto/encoding.ts'
import { randomToken, timingSafeEqual } from '../crypto/hash.ts'
import { ApiError } from '../errors.ts'
import { CSRF_COOKIE } from './cookies.ts'

/** The header a page echoes the `vm_csrf` cookie in, on every unsafe cookie-authenticated call. */
export const CSRF_HEADER = 'x-csrf-token'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
export const isUnsafeMethod = (method: string) => !SAFE_METHODS.has(method.toUpperCase())

const encoder = new TextEncoder()
// Web Crypto's key type, named so it means the same under Node's and the WebWorker typings.
type WebCryptoKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>
const keys = new WeakMap<EdgeConfig, Promise<WebCryptoKey>>()

// A key of its own, derived from JWT_SECRET (HKDF), so a CSRF MAC can never pass for a JWT.
function keyOf(config: EdgeConfig): Promise<WebCryptoKey> {
  let key = keys.get(config)
  if (!key) {
    key = crypto.subtle
      .importKey('raw', encoder.encode(config.JWT_SECRET), 'HKDF', false, ['deriveKey'])
      .then((master) =>
        crypto.subtle.deriveKey(
          {
            name: 'HKDF',
            hash: 'SHA-256',
            salt: new Uint8Array(0),
            info: encoder.encode('vm-algo csrf v1'),
          },
          master,
          { name: 'HMAC', hash: 'SHA-256', length: 256 },
          false,
          ['sign', 'verify'],
        ),
      )
    keys.set(config, key)
  }
  return key
}

/**
 * A CSRF token bound to one session: `<nonce>.<HMAC(sessionId, nonce)>` (OWASP's "signed
 * double-submit cookie"). Binding it to the session means a cookie planted by a sibling
 * subdomain, or taken from another session, does not pass.
 */
export async function issueCsrfToken(config: EdgeConfig, sessionId: string): Promise<string> {
  const nonce = randomToken(16)
  const mac = await crypto.subtle.sign('HMAC', await keyOf(config), message(sessionId, nonce))
  return `${nonce}.${toBase64Url(new Uint8Array(mac))}`
}

/**
 * The first half of the check, before the session is known: the `x-csrf-token` header must be
 * present and equal the `vm_csrf` cookie (a cross-site page can make the browser send the
 * cookie but can neither read it nor set the header). Returns the token.
 */
export function csrfTokenOf(c: Context): string {
  const header = c.req.header(CSRF_HEADER)
  const cookie = getCookie(c, CSRF_COOKIE)
  if (!header || !cookie) {
    throw new ApiError(
      'csrf_failed',
      `Cookie-authenticated requests that change state must send the ${CSRF_COOKIE} cookie's value in the ${CSRF_HEADER} header.`,
    )
  }
  if (!timingSafeEqual(header, cookie)) {
    throw new ApiError(
      'csrf_failed',
      `The ${CSRF_HEADER} header does not match the ${CSRF_COOKIE} cookie.`,
    )
  }
  return header
}

/** The second half: the token was issued for this session. */
export async function assertCsrfForSession(
  config: EdgeConfig,
  token: string,
  sessionId: string,
): Promise<void> {
  const [nonce, mac, ...rest] = token.split('.')
  let valid = false
  if (nonce && mac && !rest.length) {
    try {
      valid = await crypto.subtle.verify(
        'HMAC',
        await keyOf(config),
        fromBase64Url(mac),
        message(sessionId, nonce),
      )
    } catch {
      valid = false
    }
  }
  if (!valid) throw new ApiError('csrf_failed', 'The CSRF token does not belong to this session.')
}

/**
 * An extra guard for browser requests: when an `Origin` header is present it must be this API's
 * own origin or one of CORS_ORIGINS. Requests without one (API clients, same-origin GETs) pass.
 */
export function assertAllowedOrigin(c: Context, config: EdgeConfig): void {
  const origin = c.req.header('origin')
  if (!origin) return
  if (origin === new URL(c.req.url).origin || config.CORS_ORIGINS.includes(origin)) return
  throw new ApiError('csrf_failed', `Requests from ${origin.slice(0, 100)} are not allowed.`)
}

const message = (sessionId: string, nonce: string) => encoder.encode(`${sessionId}.${nonce}`)
