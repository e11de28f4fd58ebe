import { useNavigate } from '@solidjs/router'
import type { InferResponseType } from 'hono/client'
import { type Accessor, createSignal, For, Show } from 'solid-js'
import { type Api, api, read } from '../../lib/api/client.ts'
import { formatDate } from '../../lib/format.ts'
import { createLoad } from '../../lib/load.ts'
import { createPager } from '../../lib/paged.ts'
import { type Me, useSession } from '../../lib/session.tsx'
import { createTask } from '../../lib/task.ts'
import { assignableRoles, ROLE_LABEL, type Role } from '../../lib/team.ts'
import { Alert, ProblemAlert } from '../Alert.tsx'
import { Loaded } from '../Loaded.tsx'
import { Pager } from '../Pager.tsx'

type Member = InferResponseType<Api['api']['v1']['team']['members']['$get'], 200>['items'][number]

const PAGE_SIZE = 50

/** The workspace's members; owners and admins change roles and remove people here. */
export function MembersTable(props: { me: Accessor<Me> }) {
  const session = useSession()
  const navigate = useNavigate()
  const pager = createPager()
  const members = createLoad(pager.cursor, (cursor) =>
    read(
      api().api.v1.team.members.$get({
        query: { limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) },
      }),
    ),
  )
  const [notice, setNotice] = createSignal<string>()
  const [confirming, setConfirming] = createSignal<string>()

  const change = createTask(async (member: Member, role: Role) => {
    setNotice(undefined)
    try {
      await read(
        api().api.v1.team.members[':userId'].$patch({
          param: { userId: member.userId },
          json: { role },
        }),
      )
      setNotice(`${member.name ?? member.email} is now ${ROLE_LABEL[role].toLowerCase()}.`)
    } finally {
      // Also after a refusal: the select must show the role the member still has.
      await members.reload()
    }
  })
  const remove = createTask(async (member: Member) => {
    setNotice(undefined)
    await read(api().api.v1.team.members[':userId'].$delete({ param: { userId: member.userId } }))
    setConfirming(undefined)
    if (member.userId === props.me().user.id) {
      // Leaving ends this workspace's sessions, this one included.
      await session.signOut()
      navigate('/login?signed_out=1')
      return
    }
    setNotice(`${member.name ?? member.email} was removed from the workspace.`)
    await members.reload()
  })
  const choices = (member: Member) =>
    member.userId === props.me().user.id
      ? []
      : assignableRoles(props.me().role, member.role, props.me().user.isPlatformAdmin)
  const canManage = () => props.me().permissions.includes('manage_team')
  // The edge refuses to let the last owner go (409 last_owner): do not offer it.
  const soleOwner = () => {
    const page = members.data()
    if (!page || page.nextCursor || props.me().role !== 'owner') return false
    return page.items.filter((m) => m.role === 'owner').length === 1
  }

  return (
    <section class="panel" aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      <Show when={notice()}>{(text) => <Alert tone="success">{text()}</Alert>}</Show>
      <ProblemAlert problem={change.problem() ?? remove.problem()} />
      <Loaded load={members} what="members">
        {(page) => (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Member</th>
                  <th scope="col">Role</th>
                  <th scope="col">Joined</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                <For each={page().items}>
                  {(member) => {
                    const self = member.userId === props.me().user.id
                    const who = member.name ?? member.email
                    return (
                      <tr>
                        <td>
                          {who}
                          {self ? ' (you)' : ''}
                          <Show when={member.name}>
                            <span class="sub">{member.email}</span>
                          </Show>
                        </td>
                        <td>
                          <Show
                            when={canManage() && choices(member).length > 0}
                            fallback={ROLE_LABEL[member.role]}
                          >
                            <select
                              aria-label={`Role of ${who}`}
                              disabled={change.pending()}
                              onChange={(event) =>
                                change.run(member, event.currentTarget.value as Role)
                              }
                            >
                              <For each={choices(member)}>
                                {(role) => (
                                  <option value={role} selected={role === member.role}>
                                    {ROLE_LABEL[role]}
                                  </option>
                                )}
                              </For>
                            </select>
                          </Show>
                        </td>
                        <td>{formatDate(member.joinedAt)}</td>
                        <td>
                          <div class="row-actions">
                            <Show
                              when={self ? !soleOwner() : canManage() && choices(member).length > 0}
                            >
                              <Show
                                when={confirming() === member.userId}
                                fallback={
                                  <button
                                    type="button"
                                    class="secondary small"
                                    onClick={() => setConfirming(member.userId)}
                                    aria-label={self ? 'Leave this workspace' : `Remove ${who}`}
                                  >
                                    {self ? 'Leave' : 'Remove'}
                                  </button>
                                }
                              >
                                <button
                                  type="button"
                                  class="danger small"
                                  disabled={remove.pending()}
                                  onClick={() => remove.run(member)}
                                >
                                  {self ? 'Yes, leave' : `Yes, remove ${who}`}
                                </button>
                                <button
                                  type="button"
                                  class="secondary small"
                                  onClick={() => setConfirming(undefined)}
                                >
                                  Cancel
                                </button>
                              </Show>
                            </Show>
                          </div>
                        </td>
                      </tr>
                    )
                  }}
                </For>
              </tbody>
            </table>
            <Pager
              label="Members pages"
              pager={pager}
              nextCursor={page().nextCursor}
              loading={members.loading()}
            />
          </div>
        )}
      </Loaded>
    </section>
  )
}
