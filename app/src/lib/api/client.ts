import type { ClientResponse } from 'hono/client'
import { hc } from 'hono/client'
import { csrfToken, forgetSessionCookie } from '../cookies.ts'
import type { EdgeRoutes } from './edge-routes.ts'
import { ApiProblem, networkProblem, problemOf } from './problem.ts'
import { sessionFetch } from './session-fetch.ts'

/**
 * The edge API through Hono's typed client: paths, parameters, bodies and answers are checked
 * against the edge's own route definitions.
 *
 * @example
 * const me = await read(createApi('http://127.0.0.1:3000').api.v1.me.$get())
 */
export function createApi(baseUrl: string, fetch?: typeof globalThis.fetch) {
  return hc<EdgeRoutes>(baseUrl, fetch ? { fetch } : {})
}

export type Api = ReturnType<typeof createApi>

const sessionEndedListeners = new Set<() => void>()

/** Runs `listener` whenever the edge refuses the browser's session (refresh failed). */
export function onSessionEnded(listener: () => void): () => void {
  sessionEndedListeners.add(listener)
  return () => sessionEndedListeners.delete(listener)
}

let browserApi: Api | undefined

/** The browser's client: same-origin `/api/*` with the session cookies, CSRF and refresh. */
export function api(): Api {
  browserApi ??= createApi(
    location.origin,
    sessionFetch({
      baseUrl: location.origin,
      csrfToken,
      onSessionEnded: () => {
        forgetSessionCookie()
        for (const listener of sessionEndedListeners) listener()
      },
    }),
  )
  return browserApi
}

/**
 * The body of a successful answer (undefined for 204), or throws an ApiProblem describing the
 * failure in words a user can act on.
 *
 * @example
 * const { sessions } = await read(api().api.v1.sessions.$get())
 */
export async function read<T>(pending: Promise<ClientResponse<T, number, string>>): Promise<T> {
  let response: ClientResponse<T, number, string>
  try {
    response = await pending
  } catch (error) {
    throw error instanceof ApiProblem ? error : networkProblem()
  }
  if (!response.ok) throw await problemOf(response as unknown as Response)
  if (response.status === 204) return undefined as T
  return (await response.json()) as T
}
