import { Title } from '@solidjs/meta'
import { A, useSearchParams } from '@solidjs/router'
import { createSignal, onMount, Show } from 'solid-js'
import { AccountNav } from '../../../../components/AccountNav.tsx'
import { Alert, ProblemAlert } from '../../../../components/Alert.tsx'
import { Protected } from '../../../../components/Protected.tsx'
import {
  type KiteConnection,
  kiteExpiry,
  kiteRedirect,
  startKiteSession,
} from '../../../../lib/broker.ts'
import { createTask } from '../../../../lib/task.ts'

/** Where Kite sends the browser after its login: `?request_token=…&status=success`. */
export default function KiteCallback() {
  return (
    <main class="page">
      <Title>Kite login · vm-algo</Title>
      <h1>Your account</h1>
      <AccountNav />
      <Protected>{() => <CompleteLogin />}</Protected>
    </main>
  )
}

function CompleteLogin() {
  const [params] = useSearchParams()
  const redirect = kiteRedirect({ ...params })
  const [done, setDone] = createSignal<KiteConnection>()
  const exchange = createTask(async (token: string) => setDone(await startKiteSession(token)))
  // A request token works once: it is posted once, when the page opens in the browser.
  onMount(() => {
    if ('requestToken' in redirect) void exchange.run(redirect.requestToken)
  })
  return (
    <section class="panel" aria-labelledby="kite-login-title">
      <h2 id="kite-login-title">Kite login</h2>
      <Show when={'problem' in redirect && redirect.problem}>
        {(problem) => <Alert tone="error">{problem()}</Alert>}
      </Show>
      <Show when={exchange.pending()}>
        <p class="muted">Completing the Kite login…</p>
      </Show>
      <ProblemAlert problem={exchange.problem()} title="Kite login failed" />
      <Show when={done()?.session}>
        {(session) => (
          <Alert tone="success" title="Connected to Kite">
            Logged in as {session().kiteUserId}; the session {kiteExpiry(session().expiresAt)}.
          </Alert>
        )}
      </Show>
      <p>
        <A href="/account/broker">Back to your broker connection</A>
        <Show when={done()}>
          {' · '}
          <A href="/datasets">Import bars from Kite</A>
        </Show>
      </p>
    </section>
  )
}
