import { Title } from '@solidjs/meta'
import { A, useNavigate, useSearchParams } from '@solidjs/router'
import { createSignal, onMount, Show } from 'solid-js'
import { ProblemAlert } from '../components/Alert.tsx'
import { Field } from '../components/Field.tsx'
import { api, read } from '../lib/api/client.ts'
import { safeNext, withCarriedHash, withNext } from '../lib/redirect.ts'
import { useSession } from '../lib/session.tsx'
import { createTask, useHydrated } from '../lib/task.ts'

const PASSWORD_MIN = 10

export default function SignUp() {
  const session = useSession()
  const navigate = useNavigate()
  const [search] = useSearchParams()
  const hydrated = useHydrated()
  const [name, setName] = createSignal('')
  const [email, setEmail] = createSignal('')
  const [password, setPassword] = createSignal('')
  const [workspace, setWorkspace] = createSignal('')
  // Read once the page runs: the fragment never reaches the server.
  const [hash, setHash] = createSignal('')
  onMount(() => setHash(location.hash))

  const signUp = createTask(async () => {
    await read(
      api().api.v1.auth.register.$post({
        json: {
          email: email(),
          password: password(),
          ...(name().trim() ? { name: name().trim() } : {}),
          ...(workspace().trim() ? { tenantName: workspace().trim() } : {}),
        },
      }),
    )
    await session.reload()
    const next = typeof search.next === 'string' ? search.next : undefined
    const fallback = '/account/security?welcome=1'
    navigate(withCarriedHash(safeNext(next, fallback), next ? hash() : ''), {
      replace: true,
    })
  })
  const fields = () => signUp.problem()?.fields ?? {}
  const emailTaken = () => signUp.problem()?.code === 'email_taken'

  return (
    <main class="page narrow">
      <Title>Sign up · vm-algo</Title>
      <h1>Create your account</h1>
      <p class="lead">Backtest, paper-trade and trade NSE and BSE strategies. Free to start.</p>
      <form
        class="panel form"
        method="post"
        onSubmit={(event) => {
          event.preventDefault()
          void signUp.run()
        }}
      >
        <Show when={!emailTaken()}>
          <ProblemAlert
            problem={signUp.problem()}
            shownFields={['name', 'email', 'password', 'tenantName']}
          />
        </Show>
        <Field
          label="Your name"
          autocomplete="name"
          value={name()}
          onValue={setName}
          maxLength={100}
          error={fields().name}
        />
        <Field
          label="Email"
          type="email"
          autocomplete="email"
          required
          value={email()}
          onValue={setEmail}
          error={emailTaken() ? signUp.problem()!.message : fields().email}
        />
        <Show when={emailTaken()}>
          <p class="field-action">
            <A href={withNext('/login', search.next, hash())}>Log in with this email</A>
          </p>
        </Show>
        <Field
          label="Password"
          type="password"
          autocomplete="new-password"
          required
          minLength={PASSWORD_MIN}
          value={password()}
          onValue={setPassword}
          hint={`At least ${PASSWORD_MIN} characters. A passphrase of a few words works well.`}
          error={fields().password}
        />
        <Field
          label="Workspace name (optional)"
          autocomplete="organization"
          value={workspace()}
          onValue={setWorkspace}
          maxLength={100}
          hint="Your team shares the workspace. You can invite people later."
          error={fields().tenantName}
        />
        <button type="submit" class="primary wide" disabled={!hydrated() || signUp.pending()}>
          {signUp.pending() ? 'Creating your account…' : 'Create account'}
        </button>
        <p class="form-footer">
          Already have an account? <A href={withNext('/login', search.next, hash())}>Log in</A>
        </p>
      </form>
    </main>
  )
}
