import type { InferResponseType } from 'hono/client'
import { type Accessor, createSignal, For, Show } from 'solid-js'
import { type Api, api, read } from '../../lib/api/client.ts'
import { createCopy } from '../../lib/clipboard.ts'
import { formatDate } from '../../lib/format.ts'
import { createLoad } from '../../lib/load.ts'
import { createPager } from '../../lib/paged.ts'
import type { Me } from '../../lib/session.tsx'
import { createTask, useHydrated } from '../../lib/task.ts'
import { invitableRoles, ROLE_LABEL, type Role } from '../../lib/team.ts'
import { Alert, ProblemAlert } from '../Alert.tsx'
import { Field, SelectField } from '../Field.tsx'
import { Loaded } from '../Loaded.tsx'
import { Pager } from '../Pager.tsx'

type Created = InferResponseType<Api['api']['v1']['team']['invitations']['$post'], 201>

const STATUS_TONE = { pending: 'warning', accepted: 'ok', expired: 'neutral' } as const

/** Inviting by email (the link to share is shown once) and the invitations sent so far. */
export function Invitations(props: { me: Accessor<Me> }) {
  const hydrated = useHydrated()
  const [email, setEmail] = createSignal('')
  const [role, setRole] = createSignal<Role>('member')
  const [created, setCreated] = createSignal<Created>()
  const copy = createCopy('Copy link')
  const pager = createPager()
  const list = createLoad(pager.cursor, (cursor) =>
    read(
      api().api.v1.team.invitations.$get({
        query: { limit: '20', ...(cursor ? { cursor } : {}) },
      }),
    ),
  )
  const invite = createTask(async () => {
    setCreated(undefined)
    const result = await read(
      api().api.v1.team.invitations.$post({ json: { email: email(), role: role() } }),
    )
    setCreated(result)
    setEmail('')
    // Back to the first page, where the new invitation is; reload if already there.
    if (!pager.reset()) await list.reload()
  })
  const withdraw = createTask(async (id: string) => {
    await read(api().api.v1.team.invitations[':id'].$delete({ param: { id } }))
    await list.reload()
  })

  return (
    <>
      <section class="panel" aria-labelledby="invite-title">
        <h2 id="invite-title">Invite someone</h2>
        <form
          class="form"
          method="post"
          onSubmit={(event) => {
            event.preventDefault()
            void invite.run()
          }}
        >
          <ProblemAlert problem={invite.problem()} shownFields={['email']} />
          <div class="inline-form">
            <Field
              label="Email address"
              type="email"
              autocomplete="off"
              required
              value={email()}
              onValue={setEmail}
              error={invite.problem()?.fields.email}
            />
            <SelectField
              label="Role"
              value={role()}
              onValue={(value) => setRole(value as Role)}
              options={invitableRoles(props.me().role).map((r) => ({
                value: r,
                label: ROLE_LABEL[r],
              }))}
            />
            <button type="submit" class="primary" disabled={!hydrated() || invite.pending()}>
              {invite.pending() ? 'Inviting…' : 'Create invitation'}
            </button>
          </div>
        </form>
        <Show when={created()}>
          {(result) => (
            <div class="invite-result">
              <Alert tone="success" title={`Invitation for ${result().invitation.email} created`}>
                <p>{result().delivery.note}</p>
                <div class="link-box">
                  <input
                    readOnly
                    aria-label="Invitation link"
                    value={result().link}
                    onFocus={(event) => event.currentTarget.select()}
                  />
                  <button
                    type="button"
                    class="secondary small"
                    onClick={() => copy.copy(result().link)}
                  >
                    {copy.label()}
                  </button>
                </div>
                <p>
                  The link works once, until {formatDate(result().invitation.expiresAt)}, for
                  someone logged in as {result().invitation.email}. It is shown only now.
                </p>
              </Alert>
            </div>
          )}
        </Show>
      </section>
      <section class="panel" aria-labelledby="invitations-title">
        <h2 id="invitations-title">Invitations</h2>
        <ProblemAlert problem={withdraw.problem()} />
        <Loaded load={list} what="invitations">
          {(page) => (
            <Show
              when={page().items.length}
              fallback={<p class="empty">No invitations yet. Invite a colleague above.</p>}
            >
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Email</th>
                      <th scope="col">Role</th>
                      <th scope="col">Status</th>
                      <th scope="col">Sent</th>
                      <th scope="col">
                        <span class="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={page().items}>
                      {(invitation) => (
                        <tr>
                          <td>{invitation.email}</td>
                          <td>{ROLE_LABEL[invitation.role]}</td>
                          <td>
                            <span class="badge" data-tone={STATUS_TONE[invitation.status]}>
                              {invitation.status}
                            </span>
                            <Show when={invitation.status === 'pending'}>
                              <span class="sub">until {formatDate(invitation.expiresAt)}</span>
                            </Show>
                          </td>
                          <td>{formatDate(invitation.createdAt)}</td>
                          <td>
                            <div class="row-actions">
                              <Show when={invitation.status === 'pending'}>
                                <button
                                  type="button"
                                  class="secondary small"
                                  disabled={withdraw.pending()}
                                  onClick={() => withdraw.run(invitation.id)}
                                  aria-label={`Withdraw the invitation for ${invitation.email}`}
                                >
                                  Withdraw
                                </button>
                              </Show>
                            </div>
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
                <Pager
                  label="Invitations pages"
                  pager={pager}
                  nextCursor={page().nextCursor}
                  loading={list.loading()}
                />
              </div>
            </Show>
          )}
        </Loaded>
      </section>
    </>
  )
}
