import { createSignal, Show } from 'solid-js'
import { api, read } from '../../lib/api/client.ts'
import { createCopy } from '../../lib/clipboard.ts'
import { createTask, useHydrated } from '../../lib/task.ts'
import { groupSecret } from '../../lib/totp.ts'
import { ProblemAlert } from '../Alert.tsx'
import { CodeForm } from './CodeForm.tsx'

interface Enrolment {
  secret: string
  otpauthUri: string
  qrSvg: string
}

// As an image, the edge's SVG can draw but never run anything in this page.
const svgImage = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`

/**
 * Setting up an authenticator app: a new secret as a QR code and as text, then the first code
 * from the app turns two-factor on and yields the backup codes.
 */
export function EnrolTotp(props: { onConfirmed: (backupCodes: string[]) => void }) {
  const hydrated = useHydrated()
  const [enrolment, setEnrolment] = createSignal<Enrolment>()
  const copy = createCopy('Copy key')
  const start = createTask(async () => {
    setEnrolment(await read(api().api.v1.mfa.totp.enroll.$post()))
  })
  const confirm = async (code: string) => {
    const { backupCodes } = await read(api().api.v1.mfa.totp.confirm.$post({ json: { code } }))
    setEnrolment(undefined)
    props.onConfirmed(backupCodes)
  }

  return (
    <Show
      when={enrolment()}
      fallback={
        <>
          <ProblemAlert problem={start.problem()} />
          <p class="actions">
            <button
              type="button"
              class="primary"
              disabled={!hydrated() || start.pending()}
              onClick={() => start.run()}
            >
              {start.pending() ? 'Preparing…' : 'Set up an authenticator app'}
            </button>
          </p>
        </>
      }
    >
      {(current) => (
        <div class="enrol">
          <ol class="steps">
            <li>
              <h3>Scan this QR code</h3>
              <p>
                Use an authenticator app such as Google Authenticator, Microsoft Authenticator,
                1Password or Authy.
              </p>
              <img
                class="qr"
                src={svgImage(current().qrSvg)}
                alt="QR code to add vm-algo to your authenticator app"
                width="192"
                height="192"
              />
            </li>
            <li>
              <h3>Or enter the setup key</h3>
              <p>If you cannot scan, add an account by hand with this key (time-based):</p>
              <div class="secret-row">
                <label class="visually-hidden" for="totp-setup-key">
                  Setup key
                </label>
                <input
                  id="totp-setup-key"
                  class="secret"
                  readOnly
                  value={groupSecret(current().secret)}
                  onFocus={(event) => event.currentTarget.select()}
                />
                <button
                  type="button"
                  class="secondary small"
                  onClick={() => copy.copy(current().secret)}
                >
                  {copy.label()}
                </button>
              </div>
            </li>
            <li>
              <h3>Enter the code from the app</h3>
              <CodeForm
                submitLabel="Turn on two-factor"
                pendingLabel="Checking…"
                onCode={confirm}
              />
            </li>
          </ol>
          <p>
            <button type="button" class="link-button" onClick={() => setEnrolment(undefined)}>
              Cancel setup
            </button>
          </p>
        </div>
      )}
    </Show>
  )
}
