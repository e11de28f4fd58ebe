import { Navigate, useLocation } from '@solidjs/router'
import { type Accessor, type JSX, Match, Show, Switch, untrack } from 'solid-js'
import { loginHref } from '../lib/redirect.ts'
import { type Me, type Permission, useSession } from '../lib/session.tsx'
import { Alert } from './Alert.tsx'

const WHO_MAY: Record<Permission, string> = {
  admin: 'This area is for platform admins.',
  manage_billing: 'Only the owners of a workspace manage its plan and billing.',
  manage_team: 'Only owners and admins of a workspace manage its team.',
  trade: 'Live trading is part of the Pro and Elite plans.',
  scanner: 'Scanners are part of the Pro and Elite plans.',
  alerts: 'Alerts are part of the Pro and Elite plans.',
  backtest: 'Your account cannot run backtests.',
  view_dashboard: 'Your account cannot see the dashboard.',
}

/**
 * A page for signed-in users (with `permission`, when given). Signed-out visitors go to the
 * login page, which brings them back here.
 *
 * @example
 * <Protected permission="admin">{(me) => <TenantsTable />}</Protected>
 */
export function Protected(props: {
  permission?: Permission
  children: (me: Accessor<Me>) => JSX.Element
}) {
  const session = useSession()
  const location = useLocation()
  const state = session.state
  const unavailable = () => {
    const current = state()
    return current.status === 'unavailable' ? current : undefined
  }
  return (
    <Switch>
      <Match when={state().status === 'signed-out'}>
        <Navigate href={loginHref(`${location.pathname}${location.search}${location.hash}`)} />
      </Match>
      <Match when={state().status === 'loading'}>
        <p class="loading" role="status">
          Loading…
        </p>
      </Match>
      <Match when={unavailable()}>
        {(s) => (
          <Alert tone="error" title="We could not load your account">
            <p>{s().problem.message}</p>
            <p class="actions">
              <button type="button" onClick={() => session.reload()}>
                Try again
              </button>
              <button type="button" class="secondary" onClick={() => session.signOut()}>
                Log out
              </button>
            </p>
          </Alert>
        )}
      </Match>
      <Match when={session.me()}>
        {(me) => (
          <Show
            when={!props.permission || me().permissions.includes(props.permission)}
            fallback={
              <Alert tone="info" title="Not available to you">
                {WHO_MAY[props.permission!]}
              </Alert>
            }
          >
            {/* Untracked: a reloaded session updates `me`, it does not rebuild the page. */}
            {untrack(() => props.children(me))}
          </Show>
        )}
      </Match>
    </Switch>
  )
}
