import { Title } from '@solidjs/meta'
import { A } from '@solidjs/router'
import { Show } from 'solid-js'
import { AccountNav } from '../../components/AccountNav.tsx'
import { Alert } from '../../components/Alert.tsx'
import { Protected } from '../../components/Protected.tsx'
import { formatDate } from '../../lib/format.ts'
import { TIER_LABEL } from '../../lib/plans.ts'

const ROLE_LABEL = { owner: 'Owner', admin: 'Admin', member: 'Member' } as const

export default function Account() {
  return (
    <main class="page">
      <Title>Account · vm-algo</Title>
      <h1>Your account</h1>
      <AccountNav />
      <Protected>
        {(me) => (
          <>
            <Show when={!me().mfa.enrolled && (me().role === 'owner' || me().user.isPlatformAdmin)}>
              <Alert tone="warning" title="Turn on two-factor authentication">
                Owners need it to trade and manage billing.{' '}
                <A href="/account/security">Set it up now</A>.
              </Alert>
            </Show>
            <div class="grid two">
              <section class="panel" aria-labelledby="profile-title">
                <h2 id="profile-title">Profile</h2>
                <dl class="details">
                  <div>
                    <dt>Name</dt>
                    <dd>{me().user.name ?? '—'}</dd>
                  </div>
                  <div>
                    <dt>Email</dt>
                    <dd>{me().user.email}</dd>
                  </div>
                  <div>
                    <dt>Member since</dt>
                    <dd>{formatDate(me().user.createdAt)}</dd>
                  </div>
                  <div>
                    <dt>Two-factor</dt>
                    <dd>{me().mfa.enrolled ? 'On' : 'Off'}</dd>
                  </div>
                </dl>
              </section>
              <section class="panel" aria-labelledby="workspace-title">
                <h2 id="workspace-title">Workspace</h2>
                <dl class="details">
                  <div>
                    <dt>Name</dt>
                    <dd>{me().tenant.name}</dd>
                  </div>
                  <div>
                    <dt>Your role</dt>
                    <dd>
                      {ROLE_LABEL[me().role]}
                      {me().user.isPlatformAdmin ? ' · platform admin' : ''}
                    </dd>
                  </div>
                  <div>
                    <dt>Plan</dt>
                    <dd>
                      <span class="tier" data-tier={me().tier}>
                        {TIER_LABEL[me().tier]}
                      </span>
                    </dd>
                  </div>
                </dl>
                <p class="actions">
                  <A href="/team">Team</A>
                  <Show when={me().permissions.includes('manage_billing')}>
                    <A href="/billing">Plan & billing</A>
                  </Show>
                </p>
              </section>
            </div>
          </>
        )}
      </Protected>
    </main>
  )
}
