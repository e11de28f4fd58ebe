import { Title } from '@solidjs/meta'
import { A, useNavigate, useSearchParams } from '@solidjs/router'
import { createSignal, Match, onMount, Show, Switch } from 'solid-js'
import { Alert, ProblemAlert } from '../components/Alert.tsx'
import { Field } from '../components/Field.tsx'
import { api, read } from '../lib/api/client.ts'
import { ApiProblem } from '../lib/api/problem.ts'
import { safeNext, withCarriedHash, withNext } from '../lib/redirect.ts'
import { useSession } from '../lib/session.tsx'
import { createTask, useHydrated } from '../lib/task.ts'
import { checkSecondFactor } from '../lib/totp.ts'

type Step = 'password' | 'code'

export default function LogIn() {
  const session = useSession()
  const navigate = useNavigate()
  const [search] = useSearchParams()
  const hydrated = useHydrated()
  const [email, setEmail] = createSignal('')
  const [password, setPassword] = createSignal('')
  const [code, setCode] = createSignal('')
  const [step, setStep] = createSignal<Step>('password')
  const [backup, setBackup] = createSignal(false)
  // Read once the page runs: the fragment never reaches the server.
  const [hash, setHash] = createSignal('')
  onMount(() => setHash(location.hash))

  const destination = () => {
    const next = typeof search.next === 'string' ? search.next : undefined
    return withCarriedHash(safeNext(next), next ? hash() : '')
  }

  const logIn = createTask(async () => {
    let totp: string | undefined
    if (step() === 'code') {
      const checked = checkSecondFactor(code(), backup() ? 'backup' : 'app')
      if (!checked.ok)
        throw new ApiProblem({
          status: 0,
          code: 'invalid_input',
          title: '',
          message: checked.message,
        })
      totp = checked.code
    }
    try {
      await read(
        api().api.v1.auth.login.$post({
          json: { email: email(), password: password(), ...(totp ? { totp } : {}) },
        }),
      )
    } catch (error) {
      if (error instanceof ApiProblem && error.code === 'mfa_required') {
        setStep('code')
        return
      }
      throw error
    }
    await session.reload()
    navigate(destination(), { replace: true })
  })
  const fields = () => logIn.problem()?.fields ?? {}

  const useOtherCode = () => {
    setBackup(!backup())
    setCode('')
    logIn.clear()
  }
  const startOver = () => {
    setStep('password')
    setCode('')
    setBackup(false)
    logIn.clear()
  }

  return (
    <main class="page narrow">
      <Title>Log in · vm-algo</Title>
      <Switch>
        <Match when={step() === 'password'}>
          <h1>Log in</h1>
          <Show when={search.signed_out}>
            <Alert tone="success">You have logged out.</Alert>
          </Show>
        </Match>
        <Match when={step() === 'code'}>
          <h1>Two-factor authentication</h1>
          <p class="lead">
            {backup()
              ? 'Enter one of the backup codes you saved when you set up two-factor authentication. Each code works once.'
              : 'Open your authenticator app and enter the 6-digit code for vm-algo.'}
          </p>
        </Match>
      </Switch>
      <form
        class="panel form"
        method="post"
        onSubmit={(event) => {
          event.preventDefault()
          void logIn.run()
        }}
      >
        <ProblemAlert problem={logIn.problem()} shownFields={['email', 'password']} />
        <Show
          when={step() === 'code'}
          fallback={
            <>
              <Field
                label="Email"
                type="email"
                autocomplete="username"
                required
                value={email()}
                onValue={setEmail}
                error={fields().email}
              />
              <Field
                label="Password"
                type="password"
                autocomplete="current-password"
                required
                value={password()}
                onValue={setPassword}
                error={fields().password}
              />
            </>
          }
        >
          <Show
            when={backup()}
            fallback={
              <Field
                label="6-digit code"
                inputMode="numeric"
                autocomplete="one-time-code"
                pattern="[0-9 ]*"
                maxLength={7}
                required
                autofocus
                value={code()}
                onValue={setCode}
              />
            }
          >
            <Field
              label="Backup code"
              autocomplete="off"
              spellcheck={false}
              required
              autofocus
              placeholder="XXXX-XXXX-XXXX"
              value={code()}
              onValue={setCode}
            />
          </Show>
        </Show>
        <button type="submit" class="primary wide" disabled={!hydrated() || logIn.pending()}>
          {logIn.pending() ? 'Checking…' : step() === 'code' ? 'Verify and log in' : 'Log in'}
        </button>
        <Show
          when={step() === 'code'}
          fallback={
            <p class="form-footer">
              New to vm-algo?{' '}
              <A href={withNext('/signup', search.next, hash())}>Create an account</A>
            </p>
          }
        >
          <p class="form-footer split">
            <button type="button" class="link-button" onClick={useOtherCode}>
              {backup() ? 'Use the code from your app' : 'Use a backup code'}
            </button>
            <button type="button" class="link-button" onClick={startOver}>
              Use another account
            </button>
          </p>
        </Show>
      </form>
    </main>
  )
}
