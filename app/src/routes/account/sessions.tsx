import { Title } from '@solidjs/meta'
import { useNavigate } from '@solidjs/router'
import type { InferResponseType } from 'hono/client'
import { For, Show } from 'solid-js'
import { AccountNav } from '../../components/AccountNav.tsx'
import { ProblemAlert } from '../../components/Alert.tsx'
import { Loaded } from '../../components/Loaded.tsx'
import { Protected } from '../../components/Protected.tsx'
import { type Api, api, read } from '../../lib/api/client.ts'
import { describeDevice } from '../../lib/device.ts'
import { formatDateTime, timeAgo } from '../../lib/format.ts'
import { createLoad } from '../../lib/load.ts'
import { useSession } from '../../lib/session.tsx'
import { createTask } from '../../lib/task.ts'

type SessionRow = InferResponseType<Api['api']['v1']['sessions']['$get'], 200>['sessions'][number]

export default function Sessions() {
  return (
    <main class="page">
      <Title>Sessions · vm-algo</Title>
      <h1>Your account</h1>
      <AccountNav />
      <Protected>{() => <SessionList />}</Protected>
    </main>
  )
}

function SessionList() {
  const session = useSession()
  const navigate = useNavigate()
  const sessions = createLoad(
    () => true,
    () => read(api().api.v1.sessions.$get()),
  )
  const revoke = createTask(async (row: SessionRow) => {
    await read(api().api.v1.sessions[':id'].$delete({ param: { id: row.id } }))
    if (row.current) {
      await session.signOut()
      navigate('/login?signed_out=1')
      return
    }
    await sessions.reload()
  })
  const others = () => sessions.data()?.sessions.filter((s) => !s.current) ?? []
  const revokeOthers = createTask(async () => {
    for (const row of others()) {
      await read(api().api.v1.sessions[':id'].$delete({ param: { id: row.id } }))
    }
    await sessions.reload()
  })

  return (
    <section class="panel" aria-labelledby="sessions-title">
      <div class="panel-head">
        <h2 id="sessions-title">Where you are logged in</h2>
        <Show when={others().length > 0}>
          <button
            type="button"
            class="secondary"
            disabled={revokeOthers.pending()}
            onClick={() => revokeOthers.run()}
          >
            {revokeOthers.pending() ? 'Logging out…' : 'Log out everywhere else'}
          </button>
        </Show>
      </div>
      <p class="muted">
        Each browser or API client you log in with is a session. Log out any you do not recognise;
        it stops working at once.
      </p>
      <ProblemAlert problem={revoke.problem() ?? revokeOthers.problem()} />
      <Loaded load={sessions} what="sessions">
        {(data) => (
          <>
            <ul class="session-list">
              <For each={data().sessions}>
                {(row) => (
                  <li class="session" classList={{ current: row.current }}>
                    <div class="session-main">
                      <p class="session-device">
                        {describeDevice(row.userAgent, row.kind)}
                        <Show when={row.current}>
                          <span class="badge" data-tone="ok">
                            This device
                          </span>
                        </Show>
                        <Show when={row.mfa}>
                          <span
                            class="badge"
                            data-tone="neutral"
                            title="Opened with a two-factor code"
                          >
                            2FA
                          </span>
                        </Show>
                      </p>
                      <p class="session-meta">
                        {row.ip ? `${row.ip} · ` : ''}Logged in {formatDateTime(row.createdAt)} ·
                        active {timeAgo(row.lastUsedAt)}
                      </p>
                    </div>
                    <button
                      type="button"
                      class="secondary small"
                      disabled={revoke.pending()}
                      onClick={() => revoke.run(row)}
                      aria-label={
                        row.current
                          ? 'Log out of this device'
                          : `Log out ${describeDevice(row.userAgent, row.kind)}, logged in ${formatDateTime(row.createdAt)}`
                      }
                    >
                      Log out
                    </button>
                  </li>
                )}
              </For>
            </ul>
            <Show when={data().sessions.length === 1}>
              <p class="empty">This is your only session. Nobody else is logged in as you.</p>
            </Show>
          </>
        )}
      </Loaded>
    </section>
  )
}
