import { Match, Show, Switch } from 'solid-js'
import { forgetKite, type KiteConnection, kiteExpiry } from '../../lib/broker.ts'
import { createTask } from '../../lib/task.ts'
import { ProblemAlert } from '../Alert.tsx'

/** Where the Kite connection stands, the "Log in with Kite" link, and disconnect. */
export function KiteStatus(props: { connection: KiteConnection; onChanged: () => void }) {
  const c = () => props.connection
  const disconnect = createTask(async () => {
    await forgetKite()
    props.onChanged()
  })
  return (
    <div class="kite-status">
      <p data-testid="kite-status">
        <Switch>
          <Match when={c().status === 'live' && c().session}>
            {(session) => (
              <>
                <span class="badge" data-tone="ok">
                  Connected
                </span>{' '}
                as {session().kiteUserId} · {kiteExpiry(session().expiresAt)}
              </>
            )}
          </Match>
          <Match when={c().status === 'expired'}>
            <span class="badge" data-tone="warning">
              Session expired
            </span>{' '}
            Kite ends every session at 06:00 IST ({kiteExpiry(c().expiredAt ?? '')}). Log in again.
          </Match>
          <Match when={c().status === 'logged_out'}>
            <span class="badge" data-tone="neutral">
              Not logged in
            </span>{' '}
            Key {c().apiKey} saved. Log in with Kite to start today’s session.
          </Match>
          <Match when={c().status === 'not_configured'}>
            Not connected. Save your Kite Connect app’s API key and secret below.
          </Match>
        </Switch>
      </p>
      <ProblemAlert problem={disconnect.problem()} />
      <div class="actions">
        <Show when={c().loginUrl}>
          {(url) => (
            <a class="button primary" href={url()}>
              {c().status === 'live' ? 'Log in with Kite again' : 'Log in with Kite'}
            </a>
          )}
        </Show>
        <Show when={c().status !== 'not_configured'}>
          <button
            type="button"
            class="secondary"
            disabled={disconnect.pending()}
            onClick={() => void disconnect.run()}
          >
            {disconnect.pending() ? 'Disconnecting…' : 'Disconnect Kite'}
          </button>
        </Show>
      </div>
    </div>
  )
}
