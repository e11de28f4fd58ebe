import { getRequestEvent, isServer } from 'solid-js/web'

/** The edge's cookie readable by the page; present while the browser has a session. */
export const CSRF_COOKIE = 'vm_csrf'

/**
 * A cookie's value from a `Cookie` header or `document.cookie` string.
 *
 * @example
 * readCookie('a=1; vm_csrf=x.y', 'vm_csrf') // 'x.y'
 */
export function readCookie(cookies: string, name: string): string | undefined {
  for (const part of cookies.split(';')) {
    const at = part.indexOf('=')
    if (at < 0 || part.slice(0, at).trim() !== name) continue
    const value = part.slice(at + 1).trim()
    try {
      return decodeURIComponent(value)
    } catch {
      return value
    }
  }
  return undefined
}

/** The cookies of the page being rendered: the request's on the server, the document's here. */
function pageCookies(): string {
  if (isServer) return getRequestEvent()?.request.headers.get('cookie') ?? ''
  return document.cookie
}

/** The CSRF token of the browser's session, if it has one. */
export const csrfToken = (): string | undefined => readCookie(pageCookies(), CSRF_COOKIE)

/**
 * Whether this browser seems signed in, read the same way on the server and in the browser so
 * both render the same first page: the httpOnly session cookies are invisible to scripts, and
 * the CSRF cookie lives exactly as long as the refresh cookie.
 */
export const hasSessionCookie = (): boolean => csrfToken() !== undefined

/** Forgets the CSRF cookie once the edge has refused the session, so pages stop trying it. */
export function forgetSessionCookie(): void {
  if (isServer) return
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser we serve.
  document.cookie = `${CSRF_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`
}
