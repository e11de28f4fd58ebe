/** Where to go after signing in when no page asked for it. */
export const HOME_WHEN_SIGNED_IN = '/account'

const ORIGIN = 'http://app.invalid'

/**
 * The page to return to after signing in, from a `?next=` value: only a path on this site, so
 * a crafted link cannot send the user elsewhere (`//evil.example`, `https://…`, `/\evil`).
 *
 * @example
 * safeNext('/team?tab=invites') // '/team?tab=invites'
 * safeNext('https://evil.example/') // '/account'
 */
export function safeNext(next: string | null | undefined, fallback = HOME_WHEN_SIGNED_IN): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.includes('\\')) {
    return fallback
  }
  let url: URL
  try {
    url = new URL(next, ORIGIN)
  } catch {
    return fallback
  }
  if (url.origin !== ORIGIN) return fallback
  // Never back to the sign-in pages themselves.
  if (url.pathname === '/login' || url.pathname === '/signup') return fallback
  return `${url.pathname}${url.search}${url.hash}`
}

/**
 * The login page's address for someone who opened `current` signed out.
 *
 * @example
 * loginHref('/billing?checkout=success') // '/login?next=%2Fbilling%3Fcheckout%3Dsuccess'
 */
export function loginHref(current: string): string {
  const next = safeNext(current, '')
  return next && next !== HOME_WHEN_SIGNED_IN ? `/login?next=${encodeURIComponent(next)}` : '/login'
}

/**
 * `next` with the fragment the browser kept across a server redirect (`/team#x` → 302 →
 * `/login?next=%2Fteam#x`): invitation links carry their token there.
 */
export function withCarriedHash(next: string, hash: string): string {
  return next.includes('#') || !hash || hash === '#' ? next : `${next}${hash}`
}

/**
 * A link to `page` that keeps the `?next=` the current page was opened with, and the fragment
 * carried along with it, so switching between log in and sign up still returns where the
 * visitor was going (an invitation link's token included).
 *
 * @example
 * withNext('/signup', '/team') // '/signup?next=%2Fteam'
 * withNext('/signup', '/invitations/accept', '#token=abc') // '/signup?next=%2Finvitations%2Faccept#token=abc'
 */
export function withNext(page: string, next: string | string[] | undefined, hash = ''): string {
  const value = typeof next === 'string' ? safeNext(next, '') : ''
  if (!value) return page
  const carried = value.includes('#') || hash === '#' ? '' : hash
  return `${page}?next=${encodeURIComponent(value)}${carried}`
}
