import type { InferResponseType } from 'hono/client'
import {
  type Accessor,
  createContext,
  createSignal,
  onCleanup,
  onMount,
  type ParentProps,
  useContext,
} from 'solid-js'
import { type Api, api, onSessionEnded, read } from './api/client.ts'
import { type ApiProblem, asProblem } from './api/problem.ts'
import { forgetSessionCookie, hasSessionCookie } from './cookies.ts'

/** `GET /api/v1/me`: the user, workspace, plan, role, permissions and two-factor state. */
export type Me = InferResponseType<Api['api']['v1']['me']['$get'], 200>
export type Permission = Me['permissions'][number]
export type Tier = Me['tier']

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; me: Me }
  /** Signed in as far as the cookies say, but the API could not confirm it (down, suspended). */
  | { status: 'unavailable'; problem: ApiProblem }

export interface Session {
  state: Accessor<SessionState>
  /** The signed-in user, when known. */
  me(): Me | undefined
  can(permission: Permission): boolean
  /** Asks the API who is signed in (after login, sign-up, or a change to plan or 2FA). */
  reload(): Promise<Me | undefined>
  /** Ends the session at the edge and forgets it here. */
  signOut(): Promise<void>
}

const SessionContext = createContext<Session>()

/** Whether a `/me` answer is one (a stand-in edge may answer anything). */
function isMe(body: unknown): body is Me {
  const me = body as Partial<Me> | null
  return (
    typeof me?.user?.email === 'string' &&
    typeof me.tenant?.id === 'string' &&
    Array.isArray(me.permissions)
  )
}

/**
 * Holds who is signed in, for the navigation and every page. The first render — on the server
 * and when the browser hydrates — goes by the session cookie alone, so both agree; the browser
 * then asks `/api/v1/me`.
 */
export function SessionProvider(props: ParentProps) {
  const [state, setState] = createSignal<SessionState>(
    hasSessionCookie() ? { status: 'loading' } : { status: 'signed-out' },
  )

  let pending: Promise<Me | undefined> | undefined
  const load = async (): Promise<Me | undefined> => {
    if (!hasSessionCookie()) {
      setState({ status: 'signed-out' })
      return undefined
    }
    try {
      const me = await read(api().api.v1.me.$get())
      if (!isMe(me)) throw new TypeError('not a /me answer')
      setState({ status: 'signed-in', me })
      return me
    } catch (error) {
      const problem = asProblem(error)
      if (problem.status === 401) {
        forgetSessionCookie()
        setState({ status: 'signed-out' })
      } else {
        setState({ status: 'unavailable', problem })
      }
      return undefined
    }
  }
  const reload = () => {
    pending ??= load().finally(() => {
      pending = undefined
    })
    return pending
  }

  onMount(() => {
    onCleanup(onSessionEnded(() => setState({ status: 'signed-out' })))
    if (state().status === 'loading') void reload()
  })

  const me = () => {
    const current = state()
    return current.status === 'signed-in' ? current.me : undefined
  }
  const session: Session = {
    state,
    me,
    can: (permission) => me()?.permissions.includes(permission) ?? false,
    reload,
    signOut: async () => {
      // Signing out must work even when the API does not answer: forget the session here too.
      await read(api().api.v1.auth.logout.$post({ json: {} })).catch(() => undefined)
      forgetSessionCookie()
      setState({ status: 'signed-out' })
    },
  }
  return <SessionContext.Provider value={session}>{props.children}</SessionContext.Provider>
}

/** The session of the page; inside SessionProvider (the app's layout). */
export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession() outside <SessionProvider>')
  return session
}
