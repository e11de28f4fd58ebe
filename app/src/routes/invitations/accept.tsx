import { Title } from '@solidjs/meta'
import { A } from '@solidjs/router'
import type { InferResponseType } from 'hono/client'
import { type Accessor, createSignal, onCleanup, onMount, Show } from 'solid-js'
import { Alert, ProblemAlert } from '../../components/Alert.tsx'
import { Protected } from '../../components/Protected.tsx'
import { type Api, api, read } from '../../lib/api/client.ts'
import type { Me } from '../../lib/session.tsx'
import { createTask, useHydrated } from '../../lib/task.ts'
import { ROLE_LABEL } from '../../lib/team.ts'

type Accepted = InferResponseType<Api['api']['v1']['invitations']['accept']['$post'], 200>

/** Where an invitation link lands: `/invitations/accept#token=…`. */
export default function AcceptInvitation() {
  return (
    <main class="page narrow">
      <Title>Join a workspace · vm-algo</Title>
      <h1>Join a workspace</h1>
      <Protected>{(me) => <Accept me={me} />}</Protected>
    </main>
  )
}

function Accept(props: { me: Accessor<Me> }) {
  const hydrated = useHydrated()
  // The token travels in the fragment, which never reaches a server or a Referer header.
  const [token, setToken] = createSignal<string>()
  const readToken = () => setToken(new URLSearchParams(location.hash.slice(1)).get('token') ?? '')
  onMount(() => {
    readToken()
    // Another link opened in this tab only changes the fragment: no new page load.
    window.addEventListener('hashchange', readToken)
    onCleanup(() => window.removeEventListener('hashchange', readToken))
  })
  const [joined, setJoined] = createSignal<Accepted>()
  const accept = createTask(async () => {
    setJoined(await read(api().api.v1.invitations.accept.$post({ json: { token: token()! } })))
    history.replaceState(null, '', location.pathname)
  })
  return (
    <Show when={token() !== undefined}>
      <Show
        when={token()}
        fallback={
          <Alert tone="error" title="This link is incomplete">
            Open the whole invitation link you were sent, or ask for a new one.
          </Alert>
        }
      >
        <Show
          when={joined()}
          fallback={
            <section class="panel">
              <p>
                You have been invited to a workspace on vm-algo. Accept to join it as{' '}
                {props.me().user.email}.
              </p>
              <ProblemAlert problem={accept.problem()} />
              <p class="actions">
                <button
                  type="button"
                  class="primary"
                  disabled={!hydrated() || accept.pending()}
                  onClick={() => accept.run()}
                >
                  {accept.pending() ? 'Joining…' : 'Accept invitation'}
                </button>
              </p>
            </section>
          }
        >
          {(result) => (
            <Alert tone="success" title={`You joined “${result().tenant.name}”`}>
              <p>
                Your role there: {ROLE_LABEL[result().role]}. This session stays in “
                {props.me().tenant.name}”.
              </p>
              <p>
                <A href="/account">Back to your account</A>
              </p>
            </Alert>
          )}
        </Show>
      </Show>
    </Show>
  )
}
