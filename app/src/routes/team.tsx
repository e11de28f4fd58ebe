import { Title } from '@solidjs/meta'
import { Show } from 'solid-js'
import { Protected } from '../components/Protected.tsx'
import { Invitations } from '../components/team/Invitations.tsx'
import { MembersTable } from '../components/team/MembersTable.tsx'

export default function Team() {
  return (
    <main class="page">
      <Title>Team · vm-algo</Title>
      <h1>Team</h1>
      <Protected>
        {(me) => (
          <>
            <p class="lead">
              Everyone in “{me().tenant.name}” shares its plan, strategies and audit log.
            </p>
            <MembersTable me={me} />
            <Show when={me().permissions.includes('manage_team')}>
              <Invitations me={me} />
            </Show>
          </>
        )}
      </Protected>
    </main>
  )
}
