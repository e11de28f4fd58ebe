import { Title } from '@solidjs/meta'
import { useSearchParams } from '@solidjs/router'
import { type Accessor, createSignal, Show } from 'solid-js'
import { AccountNav } from '../../components/AccountNav.tsx'
import { Alert } from '../../components/Alert.tsx'
import { Protected } from '../../components/Protected.tsx'
import { BackupCodes } from '../../components/security/BackupCodes.tsx'
import { CodeForm } from '../../components/security/CodeForm.tsx'
import { EnrolTotp } from '../../components/security/EnrolTotp.tsx'
import { api, read } from '../../lib/api/client.ts'
import { type Me, useSession } from '../../lib/session.tsx'

export default function Security() {
  return (
    <main class="page">
      <Title>Security · vm-algo</Title>
      <h1>Your account</h1>
      <AccountNav />
      <Protected>{(me) => <TwoFactor me={me} />}</Protected>
    </main>
  )
}

function TwoFactor(props: { me: Accessor<Me> }) {
  const session = useSession()
  const [search] = useSearchParams()
  const [codes, setCodes] = createSignal<string[]>()
  const [notice, setNotice] = createSignal<string>()
  const enrolled = () => props.me().mfa.enrolled
  const mustHave = () => props.me().role === 'owner' || props.me().user.isPlatformAdmin

  const confirmed = async (backupCodes: string[]) => {
    setCodes(backupCodes)
    setNotice('Two-factor authentication is on. You will be asked for a code when you log in.')
    await session.reload()
  }
  const regenerate = async (code: string) => {
    const { backupCodes } = await read(
      api().api.v1.mfa['backup-codes'].regenerate.$post({ json: { code } }),
    )
    setCodes(backupCodes)
    setNotice('New backup codes made. The old ones no longer work.')
  }
  const disable = async (code: string) => {
    await read(api().api.v1.mfa.totp.disable.$post({ json: { code } }))
    setCodes(undefined)
    setNotice('Two-factor authentication is off.')
    await session.reload()
  }

  return (
    <>
      <Show when={search.welcome && !enrolled() && !notice()}>
        <Alert
          tone="success"
          title={`Welcome to vm-algo, ${props.me().user.name ?? props.me().user.email}`}
        >
          Your workspace “{props.me().tenant.name}” is ready. Protect your account with two-factor
          authentication before you trade or manage billing.
        </Alert>
      </Show>
      <Show when={notice()}>{(text) => <Alert tone="success">{text()}</Alert>}</Show>
      <Show when={codes()}>
        {(list) => (
          <BackupCodes
            codes={list()}
            email={props.me().user.email}
            onDone={() => setCodes(undefined)}
          />
        )}
      </Show>
      <section class="panel" aria-labelledby="mfa-title">
        <div class="panel-head">
          <h2 id="mfa-title">Two-factor authentication</h2>
          <span class="badge" data-tone={enrolled() ? 'ok' : 'neutral'}>
            {enrolled() ? 'On' : 'Off'}
          </span>
        </div>
        <Show
          when={enrolled()}
          fallback={
            <>
              <p>
                Besides your password, logging in will ask for a code from an app on your phone, so
                a stolen password alone is not enough.
                {mustHave()
                  ? ' Owners and platform admins need it to trade and manage billing.'
                  : ''}
              </p>
              <EnrolTotp onConfirmed={confirmed} />
            </>
          }
        >
          <p>Logging in asks for a code from your authenticator app.</p>
          <Show when={!props.me().mfa.sessionVerified && mustHave()}>
            <Alert tone="info">
              This session was opened without a code. Log out and in again with your code before
              trading or managing billing.
            </Alert>
          </Show>
        </Show>
      </section>
      <Show when={enrolled()}>
        <section class="panel" aria-labelledby="regenerate-title">
          <h2 id="regenerate-title">Backup codes</h2>
          <p>
            Lost or used up your backup codes? Make 10 new ones; the old ones stop working at once.
          </p>
          <CodeForm
            submitLabel="Make new backup codes"
            pendingLabel="Making codes…"
            onCode={regenerate}
          />
        </section>
        <section class="panel danger-zone" aria-labelledby="disable-title">
          <h2 id="disable-title">Turn off two-factor</h2>
          <p>
            Your account will be protected by your password alone.
            {mustHave() ? ' As an owner you will not be able to trade or manage billing.' : ''}
          </p>
          <CodeForm
            submitLabel="Turn off two-factor"
            pendingLabel="Turning off…"
            allowBackup
            danger
            onCode={disable}
          />
        </section>
      </Show>
    </>
  )
}
