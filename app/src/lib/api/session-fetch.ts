/** The header the edge wants on unsafe cookie-authenticated requests, echoing `vm_csrf`. */
export const CSRF_HEADER = 'x-csrf-token'
export const REFRESH_PATH = '/api/v1/auth/refresh'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export interface SessionFetchOptions {
  /** Origin the refresh call goes to (the app's own: `/api/*` reaches the edge through it). */
  baseUrl: string
  /** The `vm_csrf` cookie's value now; it changes on every refresh, so read it per call. */
  csrfToken(): string | undefined
  /** The session is over (the refresh was refused): forget the signed-in user. */
  onSessionEnded?(): void
  fetch?: typeof globalThis.fetch
}

/**
 * A `fetch` for the browser's cookie session with the edge: sends the CSRF header on unsafe
 * requests, and when a call answers 401 `unauthenticated` (the access cookie expired or was
 * dropped) trades the refresh cookie for new tokens once — shared by every call that failed at
 * the same time, since each refresh token works only once — and repeats the call.
 *
 * @example
 * const api = hc<EdgeRoutes>(location.origin, {
 *   fetch: sessionFetch({ baseUrl: location.origin, csrfToken: () => readCookie('vm_csrf') }),
 * })
 */
export function sessionFetch(options: SessionFetchOptions): typeof globalThis.fetch {
  const base = options.fetch ?? globalThis.fetch.bind(globalThis)
  let refreshing: Promise<boolean> | null = null

  const refreshOnce = (): Promise<boolean> => {
    refreshing ??= refresh(base, options).finally(() => {
      refreshing = null
    })
    return refreshing
  }

  const send = (input: RequestInfo | URL, init: RequestInit | undefined) =>
    base(input, withCsrf(init, options.csrfToken()))

  return async (input, init) => {
    const first = await send(input, init)
    if (!(await needsRefresh(first, input, options))) return first
    if (!(await refreshOnce())) {
      options.onSessionEnded?.()
      return first
    }
    const retried = await send(input, init)
    if (await isExpiredSession(retried)) options.onSessionEnded?.()
    return retried
  }
}

async function refresh(base: typeof fetch, options: SessionFetchOptions): Promise<boolean> {
  const token = options.csrfToken()
  if (!token) return false
  const response = await base(new URL(REFRESH_PATH, options.baseUrl), {
    method: 'POST',
    headers: { [CSRF_HEADER]: token },
    credentials: 'same-origin',
  })
  // Drain the body (the tokens are in the cookies too) so the connection is reused.
  await response.arrayBuffer().catch(() => undefined)
  return response.ok
}

function withCsrf(init: RequestInit | undefined, token: string | undefined): RequestInit {
  const method = (init?.method ?? 'GET').toUpperCase()
  if (!token || SAFE_METHODS.has(method)) return { credentials: 'same-origin', ...init }
  const headers = new Headers(init?.headers)
  headers.set(CSRF_HEADER, token)
  return { credentials: 'same-origin', ...init, headers }
}

/** A 401 worth one refresh: a signed-in browser (it has the CSRF cookie), off the auth routes. */
async function needsRefresh(
  response: Response,
  input: RequestInfo | URL,
  options: SessionFetchOptions,
): Promise<boolean> {
  if (response.status !== 401 || !options.csrfToken()) return false
  const path = new URL(input instanceof Request ? input.url : input, options.baseUrl).pathname
  // Login answers 401 for a wrong password or a missing code; refresh's own 401 is final.
  if (path.startsWith('/api/v1/auth/')) return false
  return isExpiredSession(response)
}

async function isExpiredSession(response: Response): Promise<boolean> {
  if (response.status !== 401) return false
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { code?: unknown } | null
  return body?.code === 'unauthenticated'
}
